//! Building one language's index (native only): documents in, index files out, ready to be
//! served as static files. The writer runs on one thread and merges to a single segment, and the
//! segment is renamed after a hash of its content, so the same input gives the same bytes and a
//! changed index gets new, cache-safe file names.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};

use sha2::{Digest, Sha256};
use tantivy::schema::{Document, Field, Value};
use tantivy::store::Compressor;
use tantivy::{Directory, DocAddress, Index, IndexSettings, TantivyDocument};

use crate::analyzer::{AnalyzerSettings, analyzer_name, build_analyzer};
use crate::directory::{DirectoryBuilder, RangeSource, Wanted, hot, merge};
use crate::schema::Fields;
use crate::search::{Searcher, open_shared_parts};
use crate::{FORMAT_VERSION, Manifest};

/// One document to index. Fields borrow from the site where they can, so indexing a language
/// does not copy its article bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc<'a> {
    /// [`crate::schema::ARTICLE`] or [`crate::schema::CLINIC`].
    pub doc_type: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub summary: Cow<'a, str>,
    pub body: Cow<'a, str>,
    pub topics: Cow<'a, str>,
    pub kind: Cow<'a, str>,
}

/// Documents on their way to the indexing thread at most. Tantivy's queue takes up to 10,000,
/// and the indexer is much slower than the loop that fills it, so without a limit the queue
/// would soon hold a copy of most of a language's text.
const IN_FLIGHT: usize = 64;

/// Counts the documents on their way; [`Gate::enter`] waits while [`IN_FLIGHT`] are, until half
/// of them have been taken (so the loop wakes once per 32 documents, not once per document).
#[derive(Default)]
struct Gate {
    in_flight: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    fn enter(self: &Arc<Self>) -> Permit {
        let mut n = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= IN_FLIGHT {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Permit(Arc::clone(self))
    }
}

/// A document's place on the way; given back when the indexer drops the document.
struct Permit(Arc<Gate>);

impl Drop for Permit {
    fn drop(&mut self) {
        let mut n = self.0.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        if *n == IN_FLIGHT / 2 {
            self.0.freed.notify_one();
        }
    }
}

/// One document as the indexer takes it: the fields' text and the document's [`Permit`].
struct QueuedDoc {
    fields: [(Field, String); 7],
    _permit: Permit,
}

fn field_value(pair: &(Field, String)) -> (Field, &str) {
    (pair.0, pair.1.as_str())
}

impl Document for QueuedDoc {
    type Value<'a> = &'a str;
    type FieldsValuesIter<'a> = std::iter::Map<
        std::slice::Iter<'a, (Field, String)>,
        fn(&'a (Field, String)) -> (Field, &'a str),
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.fields.iter().map(field_value)
    }
}

/// The files of a built index (name → bytes), with its manifest.
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    pub files: BTreeMap<String, Vec<u8>>,
    pub manifest: Manifest,
}

/// Bytes of stored fields per compressed block of the document store.
const STORE_BLOCK_BYTES: usize = 2048;

/// A term dictionary up to this size goes into the hot file whole, so a query needs no
/// dictionary request at all.
pub const HOT_DICTIONARY_BYTES: usize = 64 * 1024;

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

/// Documents per chunk on average (see [`chunks`]).
pub const CHUNK_DOCS: u64 = 256;

/// The most documents a chunk holds.
pub const MAX_CHUNK_DOCS: usize = 4 * CHUNK_DOCS as usize;

/// Splits documents (by their URLs, in index order) into chunks that are indexed on their own
/// and then merged: a chunk ends after a document whose URL hashes to a multiple of
/// [`CHUNK_DOCS`], or at [`MAX_CHUNK_DOCS`]. Where a chunk ends depends on its own URLs only, so
/// an article added, changed or removed changes one chunk and leaves the others as they were,
/// and a build cache can keep their segments ([`Assembly::index_chunk`],
/// [`Assembly::add_chunk`], [`Assembly::finish`]).
pub fn chunks<'u>(urls: impl IntoIterator<Item = &'u str>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut n = 0;
    for url in urls {
        n += 1;
        let digest = Sha256::digest(url.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        if u64::from_le_bytes(first) % CHUNK_DOCS == 0 || n - start >= MAX_CHUNK_DOCS {
            out.push(start..n);
            start = n;
        }
    }
    if start < n || out.is_empty() {
        out.push(start..n);
    }
    out
}

/// The index of one chunk of documents: one segment's files by extension (`idx`, `pos`, …)
/// and its number of documents, as a build cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub docs: u32,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// An empty index for `lang` with the settings every index of this format has: in `dir`, or in
/// memory when `dir` is `None`.
fn create_index(
    dir: Option<&std::path::Path>,
    lang: &str,
    settings: &WriterSettings,
) -> tantivy::Result<(Index, Fields)> {
    let fields = Fields::new(lang);
    let builder = Index::builder()
        .schema(fields.schema.clone())
        .settings(IndexSettings {
            docstore_compression: Compressor::Lz4,
            // Small store blocks: a result shown in the browser costs one block's range request.
            docstore_blocksize: STORE_BLOCK_BYTES,
            ..IndexSettings::default()
        });
    let index = match dir {
        Some(dir) => builder.create_in_dir(dir)?,
        None => builder.create_in_ram()?,
    };
    index
        .tokenizers()
        .register(&analyzer_name(lang), build_analyzer(&settings.analyzer));
    Ok((index, fields))
}

/// The files a segment is made of, by extension.
const SEGMENT_FILES: [&str; 6] = ["idx", "pos", "term", "store", "fast", "fieldnorm"];

/// One language's index being put together: each chunk's segment goes into a folder (indexed
/// there, or given from a build cache), and [`Assembly::finish`] merges them in chunk order. The
/// segments wait on disk, not in memory.
pub struct Assembly {
    dir: tempfile::TempDir,
    lang: String,
    settings: WriterSettings,
    /// Documents per chunk number.
    chunks: Mutex<BTreeMap<usize, u32>>,
}

/// The segment id chunk `n` gets: its number, so that the merge order is the chunk order.
fn chunk_id(n: usize) -> String {
    format!("{:032x}", n + 1)
}

impl Assembly {
    pub fn new(lang: &str, settings: WriterSettings) -> tantivy::Result<Assembly> {
        Ok(Assembly {
            dir: tempfile::tempdir()?,
            lang: lang.to_string(),
            settings,
            chunks: Mutex::default(),
        })
    }

    fn record(&self, n: usize, docs: u32) {
        self.chunks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(n, docs);
    }

    /// Indexes chunk `n` (its documents in the order given) into one segment.
    pub fn index_chunk<'a>(
        &self,
        n: usize,
        docs: impl IntoIterator<Item = SearchDoc<'a>>,
    ) -> tantivy::Result<()> {
        // In memory: a file system directory would sync every file it writes to disk, and a
        // language has a dozen chunks.
        let (index, fields) = create_index(None, &self.lang, &self.settings)?;
        let mut writer = index
            .writer_with_num_threads::<QueuedDoc>(1, self.settings.memory_budget.max(15_000_000))?;
        // Segments are merged once, below, in document order; a merge in the background would
        // take some of them away first.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let gate = Arc::new(Gate::default());
        // Each document's URL, in the order they were added.
        let mut urls = Vec::new();
        for d in docs {
            urls.push(d.url.to_string());
            let permit = gate.enter();
            writer.add_document(QueuedDoc {
                fields: [
                    (fields.doc_type, d.doc_type.into_owned()),
                    (fields.url, d.url.into_owned()),
                    (fields.title, d.title.into_owned()),
                    (fields.summary, d.summary.into_owned()),
                    (fields.body, d.body.into_owned()),
                    (fields.topics, d.topics.into_owned()),
                    (fields.kind, d.kind.into_owned()),
                ],
                _permit: permit,
            })?;
        }
        writer.commit()?;
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            // Merge in the order the documents were added (by each segment's first URL), so
            // the result does not depend on the random segment ids.
            let reader = index.reader()?;
            let searcher = reader.searcher();
            let position: BTreeMap<&str, usize> = urls
                .iter()
                .enumerate()
                .map(|(i, url)| (url.as_str(), i))
                .collect();
            let mut keyed = Vec::new();
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                let first: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, 0))?;
                let url = first
                    .get_first(fields.url)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                keyed.push((
                    position.get(url.as_str()).copied().unwrap_or(usize::MAX),
                    seg.segment_id(),
                ));
            }
            keyed.sort_by_key(|k| k.0);
            let ordered: Vec<_> = keyed.into_iter().map(|k| k.1).collect();
            writer.merge(&ordered).wait()?;
        }
        writer.wait_merging_threads()?;
        let Some(meta) = index.searchable_segment_metas()?.into_iter().next() else {
            return Ok(());
        };
        let prefix = meta.id().uuid_string();
        let id = chunk_id(n);
        let directory = index.directory();
        for ext in SEGMENT_FILES {
            let name = std::path::PathBuf::from(format!("{prefix}.{ext}"));
            if directory.exists(&name)? {
                let bytes = directory.atomic_read(&name)?;
                std::fs::write(self.dir.path().join(format!("{id}.{ext}")), bytes)?;
            }
        }
        self.record(n, meta.max_doc());
        Ok(())
    }

    /// Puts a segment made earlier (from a build cache) in as chunk `n`.
    pub fn add_chunk(&self, n: usize, segment: &Segment) -> tantivy::Result<()> {
        let id = chunk_id(n);
        for (ext, bytes) in &segment.files {
            std::fs::write(self.dir.path().join(format!("{id}.{ext}")), bytes)?;
        }
        self.record(n, segment.docs);
        Ok(())
    }

    /// Chunk `n`'s segment, to keep in a build cache.
    pub fn chunk(&self, n: usize) -> tantivy::Result<Segment> {
        let docs = self
            .chunks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&n)
            .copied()
            .unwrap_or(0);
        let prefix = format!("{}.", chunk_id(n));
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(self.dir.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(ext) = name.strip_prefix(&prefix) {
                files.insert(ext.to_string(), std::fs::read(entry.path())?);
            }
        }
        Ok(Segment { docs, files })
    }

    /// Merges the chunks into one segment, in chunk order, and reads the index into memory.
    pub fn finish(self) -> tantivy::Result<BuiltIndex> {
        let (index, _) = create_index(Some(self.dir.path()), &self.lang, &self.settings)?;
        drop(index);
        let meta_path = self.dir.path().join("meta.json");
        let internal = |e: serde_json::Error| tantivy::TantivyError::InternalError(e.to_string());
        let mut meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&meta_path)?).map_err(internal)?;
        let chunks = self.chunks.into_inner().unwrap_or_else(|e| e.into_inner());
        let docs: u64 = chunks.values().map(|d| u64::from(*d)).sum();
        let listed: Vec<serde_json::Value> = chunks
            .iter()
            .filter(|(_, docs)| **docs > 0)
            .map(|(n, docs)| {
                let id = chunk_id(*n);
                serde_json::json!({
                    "segment_id": format!("{}-{}-{}-{}-{}", &id[0..8], &id[8..12], &id[12..16], &id[16..20], &id[20..32]),
                    "max_doc": docs,
                    "deletes": null,
                })
            })
            .collect();
        let several = listed.len() > 1;
        meta["segments"] = serde_json::Value::Array(listed);
        meta["opstamp"] = serde_json::json!(docs);
        std::fs::write(&meta_path, serde_json::to_vec(&meta).map_err(internal)?)?;
        if several {
            let index = Index::open_in_dir(self.dir.path())?;
            let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?;
            writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
            // In chunk order: the ids are the chunk numbers, zero-padded.
            let mut ordered = index.searchable_segment_ids()?;
            ordered.sort_by_key(|id| id.uuid_string());
            writer.merge(&ordered).wait()?;
            writer.wait_merging_threads()?;
        }
        collect(self.dir.path(), &self.lang, docs, &self.settings)
    }
}

/// Indexes `docs` (in the order given) for `lang`: chunk by chunk ([`chunks`]), then merged.
pub fn build_index<'a>(
    lang: &str,
    docs: impl IntoIterator<Item = SearchDoc<'a>>,
    settings: WriterSettings,
) -> tantivy::Result<BuiltIndex> {
    let docs: Vec<SearchDoc<'a>> = docs.into_iter().collect();
    let assembly = Assembly::new(lang, settings)?;
    for (n, range) in chunks(docs.iter().map(|d| d.url.as_ref()))
        .into_iter()
        .enumerate()
    {
        assembly.index_chunk(n, docs[range].iter().cloned())?;
    }
    assembly.finish()
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
    let lazy = bytes > settings.lazy_threshold;
    let hot = if lazy {
        let data = hot_file(&files, lang, &settings.analyzer)?;
        let mut hasher = Sha256::new();
        hasher.update(&data);
        let digest = hasher.finalize();
        let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let name = format!("{name}.hot");
        files.insert(name.clone(), data);
        Some(name)
    } else {
        None
    };
    let manifest = Manifest {
        format: FORMAT_VERSION,
        lang: lang.to_string(),
        docs,
        files: sizes,
        bytes,
        lazy,
        hot,
        analyzer: settings.analyzer.clone(),
    };
    Ok(BuiltIndex { files, manifest })
}

/// Serves index files from memory and writes down every range read.
#[derive(Debug)]
struct Recorder {
    files: BTreeMap<String, Vec<u8>>,
    reads: std::sync::Mutex<Vec<Wanted>>,
}

impl RangeSource for Recorder {
    fn read(&self, file: &str, range: std::ops::Range<usize>) -> std::io::Result<Vec<u8>> {
        let bytes = self
            .files
            .get(file)
            .and_then(|b| b.get(range.clone()))
            .ok_or_else(|| std::io::Error::other(format!("{file}: no bytes {range:?}")))?;
        self.reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Wanted {
                file: file.to_string(),
                start: range.start,
                end: range.end,
                rank: None,
            });
        Ok(bytes.to_vec())
    }
}

/// The hot file of an index (see [`crate::directory::hot`]): the ranges that opening it and
/// every query read, found by opening it and recording the reads, plus the whole term
/// dictionary when it is small.
fn hot_file(
    files: &BTreeMap<String, Vec<u8>>,
    lang: &str,
    analyzer: &AnalyzerSettings,
) -> tantivy::Result<Vec<u8>> {
    let recorder = std::sync::Arc::new(Recorder {
        files: files.clone(),
        reads: Default::default(),
    });
    let mut dir = DirectoryBuilder::default();
    for (name, bytes) in files {
        if name == "meta.json" {
            dir.add(name, bytes.clone());
        } else {
            dir.add_lazy(name, bytes.len(), recorder.clone());
        }
    }
    let searcher = Searcher::new(Index::open(dir.build())?, lang, analyzer)?;
    open_shared_parts(&searcher)?;
    let mut reads = std::mem::take(&mut *recorder.reads.lock().unwrap_or_else(|e| e.into_inner()));
    for (name, bytes) in files {
        if name.ends_with(".term") && bytes.len() <= HOT_DICTIONARY_BYTES {
            reads.push(Wanted {
                file: name.clone(),
                start: 0,
                end: bytes.len(),
                rank: None,
            });
        }
    }
    let ranges: Vec<(String, usize, Vec<u8>)> = merge(reads)
        .into_iter()
        .filter_map(|w| {
            let bytes = files.get(&w.file)?.get(w.start..w.end)?.to_vec();
            Some((w.file, w.start, bytes))
        })
        .collect();
    Ok(hot::write(&ranges))
}

/// Opens a built index from its files (for `vardguide search` and tests).
pub fn open(built: &BTreeMap<String, Vec<u8>>) -> tantivy::Result<Index> {
    let mut b = DirectoryBuilder::default();
    for (name, bytes) in built.iter().filter(|(n, _)| !n.ends_with(".hot")) {
        b.add(name, bytes.clone());
    }
    Index::open(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Results, Step};
    use std::collections::BTreeSet;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            doc_type: "article".into(),
            url: url.to_string().into(),
            title: title.to_string().into(),
            summary: format!("Om {title}.").into(),
            body: body.to_string().into(),
            topics: "Infektioner".into(),
            kind: "Symtom".into(),
        }
    }

    fn docs() -> Vec<SearchDoc<'static>> {
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
        let a = build_index("sv", docs(), settings.clone()).unwrap();
        let b = build_index("sv", docs(), settings).unwrap();
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
        let many: Vec<SearchDoc<'static>> = (0..3000)
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
        let a = build_index("sv", many.clone(), settings.clone()).unwrap();
        let segs = a.files.keys().filter(|k| k.ends_with(".idx")).count();
        assert_eq!(segs, 1);
        assert!(a.manifest.lazy);
        let b = build_index("sv", many.clone(), settings).unwrap();
        assert_eq!(a.files, b.files);
    }

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("/sv/artikel-{i}/")).collect()
    }

    /// The URLs of each chunk.
    fn chunked(urls: &[String]) -> BTreeSet<Vec<String>> {
        chunks(urls.iter().map(String::as_str))
            .into_iter()
            .map(|r| urls[r].to_vec())
            .collect()
    }

    #[test]
    fn chunks_cover_everything_and_a_change_moves_one() {
        let all = urls(6000);
        let ranges = chunks(all.iter().map(String::as_str));
        assert!(ranges.len() >= 3, "{} chunks", ranges.len());
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().map(|r| r.end), Some(all.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "no gap, no overlap");
        }
        assert!(
            ranges
                .iter()
                .all(|r| !r.is_empty() && r.len() <= MAX_CHUNK_DOCS)
        );
        assert_eq!(chunks(std::iter::empty()), vec![0..0]);

        let before = chunked(&all);
        for removed in [0, 1234, 3000, 5999] {
            let mut fewer = all.clone();
            fewer.remove(removed);
            let after = chunked(&fewer);
            // The chunk that held the URL changes; when the URL ended its chunk, that chunk and
            // the next become one. Every other chunk is the same.
            let gone = before.difference(&after).count();
            let new = after.difference(&before).count();
            assert!(
                gone <= 2 && new == 1,
                "removing {removed}: {gone} gone, {new} new"
            );
        }
    }

    #[test]
    fn chunks_given_back_merge_to_the_same_index() {
        let all = urls(2500);
        let many: Vec<SearchDoc<'static>> = all
            .iter()
            .enumerate()
            .map(|(i, url)| {
                doc(
                    url,
                    &format!("Artikel {i}"),
                    &format!("ord nummer{i} feber"),
                )
            })
            .collect();
        let settings = read_in_ranges();
        let whole = build_index("sv", many.clone(), settings.clone()).unwrap();
        let ranges = chunks(all.iter().map(String::as_str));
        assert!(ranges.len() > 1, "several chunks");

        // Every chunk indexed, kept as a build cache keeps it, and given to a new assembly.
        let first = Assembly::new("sv", settings.clone()).unwrap();
        for (n, r) in ranges.iter().enumerate() {
            first
                .index_chunk(n, many[r.clone()].iter().cloned())
                .unwrap();
        }
        let kept: Vec<Segment> = (0..ranges.len()).map(|n| first.chunk(n).unwrap()).collect();
        assert_eq!(
            kept.iter().map(|s| s.docs as usize).sum::<usize>(),
            many.len()
        );
        assert_eq!(first.finish().unwrap().files, whole.files);
        let second = Assembly::new("sv", settings.clone()).unwrap();
        // Given in another order than their numbers: the merge follows the numbers.
        for (n, seg) in kept.iter().enumerate().rev() {
            second.add_chunk(n, seg).unwrap();
        }
        let again = second.finish().unwrap();
        assert_eq!(again.files, whole.files, "the same bytes as indexed whole");

        // One chunk indexed again, the others given back: still the same.
        let third = Assembly::new("sv", settings).unwrap();
        for (n, seg) in kept.iter().enumerate().skip(1) {
            third.add_chunk(n, seg).unwrap();
        }
        third
            .index_chunk(0, many[ranges[0].clone()].iter().cloned())
            .unwrap();
        assert_eq!(third.finish().unwrap().files, whole.files);

        let mut s =
            Searcher::new(open(&whole.files).unwrap(), "sv", &whole.manifest.analyzer).unwrap();
        assert_eq!(whole.manifest.docs, 2500);
        for i in [0, 1300, 2499] {
            let found = s.search(&format!("nummer{i}"), 5).unwrap();
            assert_eq!(
                found.hits[0].url, all[i],
                "the merged index finds document {i}"
            );
        }
    }

    /// Serves index files from memory to the lazy directory, counting synchronous reads.
    #[derive(Debug)]
    struct Files(BTreeMap<String, Vec<u8>>);
    impl RangeSource for Files {
        fn read(&self, file: &str, range: std::ops::Range<usize>) -> std::io::Result<Vec<u8>> {
            Ok(self.0[file][range].to_vec())
        }
    }

    /// Words a made-up language: many distinct terms, so the dictionary is too big to be hot.
    fn word(n: u64) -> String {
        let syllables = [
            "ka", "lo", "mi", "ser", "tu", "van", "bri", "om", "el", "sud",
        ];
        let mut n = n.wrapping_mul(2654435761) % 1_000_000;
        let mut w = String::new();
        for _ in 0..4 {
            w.push_str(syllables[(n % 10) as usize]);
            n /= 10;
        }
        w
    }

    /// The index opened the way the browser opens it: the hot file loaded, the rest read in
    /// ranges that a step names.
    fn open_lazily(built: &BuiltIndex) -> (crate::directory::ReadOnlyDirectory, Searcher) {
        let source = std::sync::Arc::new(Files(built.files.clone()));
        let mut b = DirectoryBuilder::default();
        for (name, bytes) in &built.files {
            if name == "meta.json" {
                b.add(name, bytes.clone());
            } else if !name.ends_with(".hot") {
                b.add_lazy(name, bytes.len(), source.clone());
            }
        }
        let dir = b.build();
        let hot = built
            .manifest
            .hot
            .as_ref()
            .expect("a lazy index has a hot file");
        dir.provide_hot(&built.files[hot]).unwrap();
        let index = Index::open(dir.clone()).unwrap();
        let s = Searcher::new(index, "sv", &built.manifest.analyzer).unwrap();
        assert_eq!(
            dir.fetches().sync_reads(),
            0,
            "opening reads only the hot file"
        );
        (dir, s)
    }

    fn provide(dir: &crate::directory::ReadOnlyDirectory, built: &BuiltIndex, w: &Wanted) {
        let bytes = built.files[&w.file][w.start..w.end].to_vec();
        dir.provide(&w.file, w.start, bytes).unwrap();
    }

    /// Runs `query` the way the browser does: steps, fetching what each step names.
    fn stepwise(built: &BuiltIndex, query: &str, offset: usize, limit: usize) -> (Results, usize) {
        let (dir, mut s) = open_lazily(built);
        let mut rounds = 0;
        loop {
            match s.step(query, offset, limit, dir.fetches(), false).unwrap() {
                Step::Done(results) => {
                    assert_eq!(
                        dir.fetches().sync_reads(),
                        0,
                        "{query}: no read one at a time"
                    );
                    return (results, rounds);
                }
                Step::Need(wanted) => {
                    rounds += 1;
                    assert!(rounds <= 3, "{query}: more than three rounds");
                    for w in &wanted {
                        provide(&dir, built, w);
                    }
                }
            }
        }
    }

    /// Swedish, with every index read in ranges however small.
    fn read_in_ranges() -> WriterSettings {
        WriterSettings {
            analyzer: AnalyzerSettings::swedish(),
            lazy_threshold: 1,
            ..WriterSettings::default()
        }
    }

    /// 4,000 documents of made-up words; every seventh has "feber" in its title, and every 397th
    /// "utslag" (eleven documents spread over the whole store).
    fn many() -> Vec<SearchDoc<'static>> {
        (0..4000u64)
            .map(|i| {
                let body: Vec<String> = (0..60).map(|j| word(i * 61 + j)).collect();
                doc(
                    &format!("/sv/a{i}/"),
                    &format!(
                        "{} {}{}",
                        word(i),
                        if i % 7 == 0 { "feber" } else { "hosta" },
                        if i % 397 == 0 { " utslag" } else { "" }
                    ),
                    &format!("{} feber och ont i halsen", body.join(" ")),
                )
            })
            .collect()
    }

    #[test]
    fn lazy_search_needs_few_rounds_and_answers_like_the_whole_index() {
        let many = many();
        let settings = read_in_ranges();
        let built = build_index("sv", many.clone(), settings).unwrap();
        let term = built
            .files
            .iter()
            .find(|(n, _)| n.ends_with(".term"))
            .unwrap();
        assert!(
            term.1.len() > HOT_DICTIONARY_BYTES,
            "the dictionary is not hot"
        );
        let mut whole =
            Searcher::new(open(&built.files).unwrap(), "sv", &built.manifest.analyzer).unwrap();
        let mut typo: Vec<char> = word(77).chars().collect();
        typo.swap(1, 2);
        let typo: String = typo.into_iter().collect();
        for query in [
            "feber",
            &word(77),
            &format!("{} hosta", word(12)),
            &word(5)[..5],
            &typo,
            "\"ont i halsen\"",
        ] {
            let expected = whole.search(query, 10).unwrap();
            let (got, rounds) = stepwise(&built, query, 0, 10);
            assert_eq!(got, expected, "{query}");
            assert!(got.total > 0, "{query} finds something");
            assert!(rounds >= 1, "{query}: the lazy files were read");
        }
        // Later pages of the same query: only the store is read.
        let all = whole.search("feber", 40).unwrap();
        let (page, _) = stepwise(&built, "feber", 20, 20);
        assert_eq!(page.hits, all.hits[20..40]);
        assert_eq!(page.total, all.total);
    }

    #[test]
    fn a_small_dictionary_is_hot_so_a_query_needs_two_rounds() {
        let settings = read_in_ranges();
        let built = build_index("sv", docs(), settings).unwrap();
        let (results, rounds) = stepwise(&built, "feber", 0, 10);
        assert_eq!(results.hits[0].url, "/sv/feber/");
        assert!(rounds <= 2, "{rounds} rounds");
    }

    #[test]
    fn an_early_step_answers_with_the_top_hits_at_hand() {
        let settings = read_in_ranges();
        let built = build_index("sv", many(), settings).unwrap();
        let mut whole =
            Searcher::new(open(&built.files).unwrap(), "sv", &built.manifest.analyzer).unwrap();
        let expected = whole.search("utslag", 10).unwrap();
        assert_eq!(expected.hits.len(), 10);
        let (dir, mut s) = open_lazily(&built);
        // The rounds before the stored fields name no ranks; an early step there answers nothing.
        let mut rounds = 0;
        let stored = loop {
            rounds += 1;
            assert!(rounds <= 3, "more than three rounds");
            match s.step("utslag", 0, 10, dir.fetches(), true).unwrap() {
                Step::Need(wanted) if wanted.iter().all(|w| w.rank.is_none()) => {
                    wanted.iter().for_each(|w| provide(&dir, &built, w));
                }
                Step::Need(wanted) => break wanted,
                Step::Done(r) => panic!("answered before reading the stored fields: {r:?}"),
            }
        };
        assert!(
            stored.iter().all(|w| w.rank.is_some()),
            "every stored-field range has a rank: {stored:?}"
        );
        let best = |w: &&Wanted| w.rank == Some(0);
        assert_eq!(stored.iter().filter(best).count(), 1, "{stored:?}");
        assert!(
            stored.iter().filter_map(|w| w.rank).max() > Some(1),
            "the hits are in several blocks: {stored:?}"
        );
        // The third hit's range arrives first: nothing is shown before the top hit's is in.
        let third = |w: &&Wanted| w.rank == Some(2);
        assert_eq!(stored.iter().filter(third).count(), 1, "{stored:?}");
        stored
            .iter()
            .filter(third)
            .for_each(|w| provide(&dir, &built, w));
        assert!(matches!(
            s.step("utslag", 0, 10, dir.fetches(), true).unwrap(),
            Step::Need(_)
        ));
        // Then the top hit's: an early step shows the hits before the first one still missing.
        stored
            .iter()
            .filter(best)
            .for_each(|w| provide(&dir, &built, w));
        let Step::Done(first) = s.step("utslag", 0, 10, dir.fetches(), true).unwrap() else {
            panic!("an early step answers once the top hit is at hand");
        };
        let shown = first.hits.len();
        if stored.iter().any(|w| w.rank == Some(1)) {
            assert_eq!(shown, 1, "the second hit is not at hand, the third is");
        } else {
            assert!((2..10).contains(&shown), "{shown} hits shown early");
        }
        assert_eq!(first.hits, expected.hits[..shown]);
        assert_eq!(first.total, expected.total);
        assert_eq!(first.pending, 10 - shown);
        // A normal step names the rest, and then answers in full.
        let Step::Need(rest) = s.step("utslag", 0, 10, dir.fetches(), false).unwrap() else {
            panic!("the rest is still missing");
        };
        assert!(rest.iter().all(|w| w.rank >= Some(shown)), "{rest:?}");
        rest.iter().for_each(|w| provide(&dir, &built, w));
        let Step::Done(all) = s.step("utslag", 0, 10, dir.fetches(), false).unwrap() else {
            panic!("everything is at hand");
        };
        assert_eq!(all, expected);
        assert_eq!(all.pending, 0);
    }
}
