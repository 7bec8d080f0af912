//! vardguide turns a folder of Markdown health articles, translations and site settings into a
//! multilingual static health portal.
//!
//! The modules are layers, listed here from the bottom up. A module uses only the layers below
//! it (tests/testsuite/layers.rs checks every `use crate::` line), so each can be read, tested
//! and changed knowing only what is under it. ARCHITECTURE.md draws the pipeline through them.

pub mod base;
pub mod cache;
pub mod cli;
pub mod graph;
pub mod index;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod source;
pub mod validate;
