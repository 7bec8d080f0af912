//! Building one language's index (native only): documents in, index files out, ready to be
//! served as static files. The writer runs on one thread and merges to a single segment, and the
//! segment is renamed after a hash of its content, so the same input gives the same bytes and a
//! changed index gets new, cache-safe file names.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use tantivy::schema::Value;
use tantivy::store::Compressor;
use tantivy::{DocAddress, Index, IndexSettings, TantivyDocument, doc};

use crate::analyzer::{AnalyzerSettings, analyzer_name, build_analyzer};
use crate::schema::Fields;
use crate::{FORMAT_VERSION, Manifest};

/// One document to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// [`crate::schema::ARTICLE`] or [`crate::schema::CLINIC`].
    pub doc_type: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub topics: String,
    pub kind: String,
}

/// The files of a built index (name → bytes), with its manifest.
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    pub files: BTreeMap<String, Vec<u8>>,
    pub manifest: Manifest,
}

/// Settings for [`build_index`].
#[derive(Debug, Clone)]
pub struct WriterSettings {
    /// How the language's text becomes terms.
    pub analyzer: AnalyzerSettings,
    /// Memory the writer may use before it flushes a segment.
    pub memory_budget: usize,
    /// Indexes larger than this are marked for lazy (range-request) loading in the browser.
    pub lazy_threshold: u64,
}

impl Default for WriterSettings {
    fn default() -> Self {
        WriterSettings {
            analyzer: AnalyzerSettings::default(),
            memory_budget: 200_000_000,
            lazy_threshold: 4 * 1024 * 1024,
        }
    }
}

/// Indexes `docs` (in the order given) for `lang`.
pub fn build_index(
    lang: &str,
    docs: &[SearchDoc],
    settings: WriterSettings,
) -> tantivy::Result<BuiltIndex> {
    let dir = tempfile::tempdir()?;
    let fields = Fields::new(lang);
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(IndexSettings {
            docstore_compression: Compressor::Lz4,
            ..IndexSettings::default()
        })
        .create_in_dir(dir.path())?;
    index
        .tokenizers()
        .register(&analyzer_name(lang), build_analyzer(&settings.analyzer));
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, settings.memory_budget.max(15_000_000))?;
    for d in docs {
        writer.add_document(doc!(
            fields.doc_type => d.doc_type.as_str(),
            fields.url => d.url.as_str(),
            fields.title => d.title.as_str(),
            fields.summary => d.summary.as_str(),
            fields.body => d.body.as_str(),
            fields.topics => d.topics.as_str(),
            fields.kind => d.kind.as_str(),
        ))?;
    }
    writer.commit()?;
    let mut segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        // Merge in the order the documents were added (by each segment's first URL), so the
        // result does not depend on the random segment ids.
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let position: BTreeMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i))
            .collect();
        let mut keyed = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let first: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, 0))?;
            let url = first
                .get_first(fields.url)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            keyed.push((
                position.get(&url).copied().unwrap_or(usize::MAX),
                seg.segment_id(),
            ));
        }
        keyed.sort_by_key(|k| k.0);
        segments = keyed.into_iter().map(|k| k.1).collect();
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    collect(dir.path(), lang, docs.len() as u64, &settings)
}

/// Reads the index in `dir` into memory with deterministic segment names.
fn collect(
    dir: &std::path::Path,
    lang: &str,
    docs: u64,
    settings: &WriterSettings,
) -> tantivy::Result<BuiltIndex> {
    let meta_text = std::fs::read_to_string(dir.join("meta.json"))?;
    let mut meta: serde_json::Value = serde_json::from_str(&meta_text)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    let mut files = BTreeMap::new();
    let segments = meta
        .get_mut("segments")
        .and_then(|s| s.as_array_mut())
        .ok_or_else(|| tantivy::TantivyError::InternalError("meta.json has no segments".into()))?;
    for segment in segments.iter_mut() {
        let old = segment
            .get("segment_id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let old_simple = old.replace('-', "");
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(ext) = name
                .strip_prefix(&old_simple)
                .and_then(|r| r.strip_prefix('.'))
            {
                parts.push((ext.to_string(), std::fs::read(entry.path())?));
            }
        }
        parts.sort();
        let mut hasher = Sha256::new();
        hasher.update(lang.as_bytes());
        for (ext, bytes) in &parts {
            hasher.update(ext.as_bytes());
            hasher.update(bytes);
        }
        let digest = hasher.finalize();
        let simple: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let hyphenated = format!(
            "{}-{}-{}-{}-{}",
            &simple[0..8],
            &simple[8..12],
            &simple[12..16],
            &simple[16..20],
            &simple[20..32]
        );
        segment["segment_id"] = serde_json::Value::String(if old.contains('-') {
            hyphenated
        } else {
            simple.clone()
        });
        for (ext, bytes) in parts {
            files.insert(format!("{simple}.{ext}"), bytes);
        }
    }
    let meta_bytes = serde_json::to_vec_pretty(&meta)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    files.insert("meta.json".to_string(), meta_bytes);
    let sizes: BTreeMap<String, u64> = files
        .iter()
        .map(|(n, b)| (n.clone(), b.len() as u64))
        .collect();
    let bytes = sizes.values().sum();
    let manifest = Manifest {
        format: FORMAT_VERSION,
        lang: lang.to_string(),
        docs,
        files: sizes,
        bytes,
        lazy: bytes > settings.lazy_threshold,
        analyzer: settings.analyzer.clone(),
    };
    Ok(BuiltIndex { files, manifest })
}

/// Opens a built index from its files (for `vardguide search` and tests).
pub fn open(built: &BTreeMap<String, Vec<u8>>) -> tantivy::Result<Index> {
    let mut b = crate::directory::DirectoryBuilder::default();
    for (name, bytes) in built {
        b.add(name, bytes.clone());
    }
    Index::open(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Searcher;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            doc_type: "article".into(),
            url: url.into(),
            title: title.into(),
            summary: format!("Om {title}."),
            body: body.into(),
            topics: "Infektioner".into(),
            kind: "Symtom".into(),
        }
    }

    fn docs() -> Vec<SearchDoc> {
        vec![
            doc(
                "/sv/feber/",
                "Feber hos vuxna",
                "Feber betyder att kroppstemperaturen är hög. Behandlingar finns.",
            ),
            doc(
                "/sv/huvudvark/",
                "Huvudvärk",
                "Ont i huvudet. Ont i halsen är något annat.",
            ),
            doc(
                "/sv/halsont/",
                "Halsont",
                "När du har ont i halsen gör det ont att svälja.",
            ),
        ]
    }

    #[test]
    fn builds_deterministically_and_searches() {
        let settings = WriterSettings {
            analyzer: AnalyzerSettings::swedish(),
            ..WriterSettings::default()
        };
        let a = build_index("sv", &docs(), settings.clone()).unwrap();
        let b = build_index("sv", &docs(), settings).unwrap();
        assert_eq!(a.files, b.files, "same input, same bytes");
        assert!(!a.files.contains_key(".managed.json"));
        assert_eq!(a.manifest.analyzer, AnalyzerSettings::swedish());
        let mut s = Searcher::new(open(&a.files).unwrap(), "sv", &a.manifest.analyzer).unwrap();
        assert_eq!(s.search("feber", 5).unwrap().hits[0].url, "/sv/feber/");
        assert_eq!(
            s.search("hovudvärk", 5).unwrap().hits[0].url,
            "/sv/huvudvark/",
            "typo"
        );
        assert_eq!(
            s.search("huvudv", 5).unwrap().hits[0].url,
            "/sv/huvudvark/",
            "prefix of the last word"
        );
        assert_eq!(
            s.search("behandling", 5).unwrap().hits[0].url,
            "/sv/feber/",
            "stemming"
        );
        let phrase = s.search("\"ont i halsen\"", 5).unwrap();
        assert_eq!(phrase.total, 2);
        assert_eq!(
            s.search("\"halsen ont\"", 5).unwrap().total,
            0,
            "phrase order matters"
        );
        assert_eq!(s.search("", 5).unwrap().total, 0);
        assert_eq!(s.search("(((", 5).unwrap().total, 0);
    }

    #[test]
    fn small_budget_still_gives_one_deterministic_segment() {
        let many: Vec<SearchDoc> = (0..3000)
            .map(|i| {
                doc(
                    &format!("/sv/a{i}/"),
                    &format!("Artikel {i}"),
                    &"ord text mening ".repeat(40),
                )
            })
            .collect();
        let settings = WriterSettings {
            analyzer: AnalyzerSettings::swedish(),
            memory_budget: 15_000_000,
            lazy_threshold: 1,
        };
        let a = build_index("sv", &many, settings.clone()).unwrap();
        let segs = a.files.keys().filter(|k| k.ends_with(".idx")).count();
        assert_eq!(segs, 1);
        assert!(a.manifest.lazy);
        let b = build_index("sv", &many, settings).unwrap();
        assert_eq!(a.files, b.files);
    }
}
