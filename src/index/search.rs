//! `vardguide search`: runs the browser's query logic natively against a built site's index, so
//! editors (and tests) see exactly what visitors will find.

use std::collections::BTreeMap;
use std::path::Path;

use vardguide_search::search::{Results, Searcher};
use vardguide_search::{FORMAT_VERSION, MANIFEST, Manifest};

/// Why a built index could not be searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(
        "no search index for `{lang}` in {dir}: build the site first (vardguide build), or check --out"
    )]
    Missing { lang: String, dir: String },
    #[error("`{lang}` has no search index in {dir}: {hint}languages with an index: {valid}")]
    UnknownLanguage {
        lang: String,
        dir: String,
        hint: String,
        valid: String,
    },
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error(
        "the index in {dir} has format {found}, this vardguide reads format {FORMAT_VERSION}: rebuild the site"
    )]
    Format { dir: String, found: u32 },
    #[error("cannot read the index: {0}")]
    Index(String),
}

/// Searches `<out>/<lang>/search/` for `query`.
pub fn search_built_site(
    out: &Path,
    lang: &str,
    query: &str,
    limit: usize,
) -> Result<Results, SearchError> {
    let dir = out.join(crate::graph::files::search_index(lang));
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.is_file() {
        let indexed = indexed_languages(out);
        if indexed.is_empty() {
            return Err(SearchError::Missing {
                lang: lang.to_string(),
                dir: out.display().to_string(),
            });
        }
        return Err(SearchError::UnknownLanguage {
            lang: lang.to_string(),
            dir: out.display().to_string(),
            hint: crate::base::diagnostics::suggestion(lang, indexed.iter().map(String::as_str)),
            valid: indexed.join(", "),
        });
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| SearchError::Io(p.display().to_string(), e));
    let manifest: Manifest = serde_json::from_slice(&read(&manifest_path)?)
        .map_err(|e| SearchError::Index(e.to_string()))?;
    if manifest.format != FORMAT_VERSION {
        return Err(SearchError::Format {
            dir: dir.display().to_string(),
            found: manifest.format,
        });
    }
    let mut files = BTreeMap::new();
    for name in manifest.files.keys() {
        files.insert(name.clone(), read(&dir.join(name))?);
    }
    let index =
        vardguide_search::writer::open(&files).map_err(|e| SearchError::Index(e.to_string()))?;
    let mut searcher = Searcher::new(index, lang, &manifest.analyzer)
        .map_err(|e| SearchError::Index(e.to_string()))?;
    searcher
        .search(query, limit)
        .map_err(|e| SearchError::Index(e.to_string()))
}

/// The languages of a built site that have a search index, sorted.
fn indexed_languages(out: &Path) -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("search").join(MANIFEST).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    langs
}

/// A snippet's text without markup, with the marked words in «guillemets».
pub fn snippet_text(html: &str) -> String {
    let s = html.replace("<mark>", "«").replace("</mark>", "»");
    html_escape::decode_html_entities(&s).into_owned()
}
