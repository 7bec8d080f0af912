//! Integration tests: each builds a real fixture site into a temp dir and inspects the files.
//! One binary, a module per feature (like mdBook's test suite).

mod harness;

mod adversarial;
mod cache_safety;
mod care;
mod deploy;
mod easy;
mod editor;
mod errors;
mod eservices;
mod graph;
mod images;
mod incremental;
mod languages;
mod layers;
mod output;
mod pages;
mod provenance;
mod search;
mod serve;
mod snippets;
