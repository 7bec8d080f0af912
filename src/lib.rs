//! vardguide turns a folder of Markdown health articles, translations and site settings into a
//! multilingual static health portal.
//!
//! The modules are layers, listed here from the bottom up. A module uses only its own layer and
//! the layers below it (tests/testsuite/layers.rs checks every `crate::` path), so each can be
//! read, tested and changed knowing only what is under it. ARCHITECTURE.md draws the pipeline
//! through them.

// Diagnostics, collation and readability: what every stage uses.
pub mod base;
// What the editors write, read from disk and parsed.
pub mod source;
// Markdown to HTML, parsed once per article.
pub mod markdown;
// The validated site: plain data.
pub mod model;
// The identity, URL and inputs of every page and output file.
pub mod graph;
// The build cache: what earlier builds left, checked before use.
pub mod cache;
// Sources to the site model, with every diagnostic.
pub mod validate;
// Pages and site files from the model.
pub mod render;
// The search indexes.
pub mod index;
// The only writer of the output folder.
pub mod output;
// The stages run in order, for build and serve alike.
pub mod pipeline;
// The command line.
pub mod cli;
