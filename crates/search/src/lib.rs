//! The search format vardguide shares between its site builder (native) and its in-browser search
//! module (wasm): the schema, the per-language analyzers, the query logic and the format version.
//! Both sides compile this one crate, so they cannot disagree about how text becomes terms.
//!
//! - [`analyzer`]: tokenising, lowercasing, diacritic folding, Arabic normalisation, stemming.
//! - [`schema`]: the fields of a search document.
//! - [`query`]: turning what a visitor types into a tantivy query (typo tolerance, prefix, phrases).
//! - [`search`]: running a query and shaping the results, with highlighted snippets.
//! - [`directory`]: a read-only in-memory or lazily-fetched tantivy `Directory` (the browser's).
//! - `writer` (feature `writer`): building an index for one language into files.

pub mod analyzer;
pub mod directory;
pub mod query;
pub mod schema;
pub mod search;
#[cfg(feature = "writer")]
pub mod writer;

/// Version of the index format and query logic. Bumped whenever the schema, the analyzers or the
/// tantivy version change; the browser refuses an index with another version.
pub const FORMAT_VERSION: u32 = 3;

/// Name of the file that describes a language's index.
pub const MANIFEST: &str = "manifest.json";

/// What `manifest.json` in a language's search folder says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub lang: String,
    pub docs: u64,
    /// Index files and their sizes in bytes.
    pub files: std::collections::BTreeMap<String, u64>,
    /// Total size of the index files.
    pub bytes: u64,
    /// Whether the browser should fetch byte ranges on demand instead of whole files.
    pub lazy: bool,
    /// With `lazy`: the hot file (fetched whole when the search page opens), not one of `files`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot: Option<String>,
    /// How the language's text was analysed; queries are analysed the same way.
    #[serde(default)]
    pub analyzer: analyzer::AnalyzerSettings,
}
