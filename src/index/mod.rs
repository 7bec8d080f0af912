//! Stage 4, index: one Tantivy search index per language, built from the rendered site (article
//! text as parsed once in validate), written under `<lang>/search/` with a `manifest.json` the
//! browser reads first. A language's documents are indexed in chunks, in parallel, and the
//! chunks merged ([`vardguide_search::writer::chunks`]); with a build cache the chunks whose
//! documents did not change are taken from a [`ChunkStore`]. The schema, analyzers and format
//! version come from the shared `vardguide-search` crate, which the in-browser module is built
//! from too.

pub mod search;

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use crate::graph::files;
use crate::graph::pages::PageId;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use vardguide_search::schema::{ARTICLE, CLINIC};
use vardguide_search::writer::{Assembly, BuiltIndex, SearchDoc, Segment, WriterSettings, chunks};

use crate::base::diagnostics::Diagnostic;
use crate::markdown::RenderedBody;
use crate::model::Site;
use crate::render::OutputFile;

/// The search module and its worker, embedded so a site always ships the module that reads the
/// format this binary writes. `scripts/build-wasm.sh --check` proves the module matches the source.
pub const WASM: &[u8] = include_bytes!("../../crates/search-wasm/dist/vardguide-search.wasm");
/// Its precompressed copies, made once by `scripts/build-wasm.sh` at the highest levels.
pub const WASM_GZ: &[u8] = include_bytes!("../../crates/search-wasm/dist/vardguide-search.wasm.gz");
pub const WASM_BR: &[u8] = include_bytes!("../../crates/search-wasm/dist/vardguide-search.wasm.br");
pub const WORKER: &[u8] = include_bytes!("../../crates/search-wasm/js/search-worker.js");

/// Asset names the templates use for them.
pub const WASM_ASSET: &str = "search/vardguide-search.wasm";
pub const WORKER_ASSET: &str = "search/search-worker.js";

/// A document of an index, with an article's body still packed (and, in a cached build, maybe
/// still in the build cache): bodies are unpacked one at a time as the writer takes them, so a
/// language's text is never in memory whole twice, and a chunk taken from the cache never needs
/// its bodies' text.
pub struct PendingDoc<'a> {
    pub doc: SearchDoc<'a>,
    pub body: Option<&'a RenderedBody>,
    /// The article body's digest ([`crate::markdown::RenderedBody::digest`]).
    pub digest: Option<u64>,
}

impl<'a> PendingDoc<'a> {
    /// Whether the body was asked for and could not be read back from its store.
    fn unreadable(&self) -> bool {
        self.body.is_some_and(RenderedBody::is_unreadable)
    }

    pub fn unpack(&self) -> SearchDoc<'a> {
        let mut doc = self.doc.clone();
        if let Some(body) = self.body {
            doc.body = body.text().unpack().into();
        }
        doc
    }

    /// Feeds everything the document is indexed from to `h` (of an article's body, its digest).
    fn fingerprint(&self, h: &mut DefaultHasher) {
        let d = &self.doc;
        (
            &d.doc_type,
            &d.url,
            &d.title,
            &d.summary,
            &d.body,
            &d.topics,
            &d.kind,
        )
            .hash(h);
        self.digest.hash(h);
    }
}

/// The documents of one language's index, in a stable order.
pub fn documents<'a>(site: &'a Site, lang: &'a str) -> Result<Vec<PendingDoc<'a>>, Diagnostic> {
    let t = &site.translations;
    let lookup = |e: crate::source::translations::LookupError| {
        Diagnostic::error(format!("translations/{lang}.yaml"), e.to_string())
            .help("add the key to every translations file")
    };
    let mut docs = Vec::new();
    for a in site.articles_in(lang) {
        let topics = a
            .topics
            .iter()
            .map(|k| t.text(lang, &format!("topic.{k}")))
            .collect::<Result<Vec<_>, _>>()
            .map_err(lookup)?;
        let doc = SearchDoc {
            doc_type: ARTICLE.into(),
            url: site.article_path(a).into(),
            title: a.title.as_str().into(),
            summary: a.summary.as_str().into(),
            body: "".into(),
            topics: words(&topics, &a.keywords).into(),
            kind: t
                .text(lang, &format!("kind.{}", a.kind.as_str()))
                .map_err(lookup)?
                .into(),
        };
        docs.push(PendingDoc {
            doc,
            body: Some(&a.body),
            digest: Some(a.body.digest()),
        });
    }
    let easy_kind = t.text(lang, "article.easy_badge").map_err(lookup)?;
    for a in site.easy.iter().filter(|a| a.lang == lang) {
        let doc = SearchDoc {
            doc_type: EASY.into(),
            url: site.article_path(a).into(),
            title: a.title.as_str().into(),
            summary: a.summary.as_str().into(),
            body: "".into(),
            topics: words(&[], &a.keywords).into(),
            kind: easy_kind.clone().into(),
        };
        docs.push(PendingDoc {
            doc,
            body: Some(&a.body),
            digest: Some(a.body.digest()),
        });
    }
    for c in &site.clinics {
        let label = |prefix: &str, keys: &[String]| {
            keys.iter()
                .map(|k| t.text(lang, &format!("{prefix}.{k}")))
                .collect::<Result<Vec<_>, _>>()
        };
        let kind = t
            .text(lang, &format!("clinic_type.{}", c.kind))
            .map_err(lookup)?;
        let services = label("service", &c.services).map_err(lookup)?;
        let spoken = label("spoken", &c.languages).map_err(lookup)?;
        let doc = SearchDoc {
            doc_type: CLINIC.into(),
            url: site.url(&PageId::Clinic(lang, &c.key)).into(),
            title: c.name.as_str().into(),
            summary: format!(
                "{kind}, {}. {}, {} {}. {}",
                c.municipality,
                c.address.street,
                c.address.postcode,
                c.address.city,
                services.join(", ")
            )
            .into(),
            body: format!("{} {} {}", c.municipality, c.address.city, spoken.join(" ")).into(),
            topics: "".into(),
            kind: kind.into(),
        };
        docs.push(PendingDoc {
            doc,
            body: None,
            digest: None,
        });
    }
    docs.extend(service_documents(site, lang).map_err(lookup)?);
    Ok(docs)
}

/// Document types beside articles and health centres: the site's own services, so that a search
/// for "frikort", "boka tid" or "tillgänglighet" finds the fee pages, the e-services and the
/// plain pages.
pub const PAGE: &str = "page";
/// An article's easy-to-read version.
pub const EASY: &str = "easy";
pub const FEES: &str = "fees";
pub const ESERVICE: &str = "eservice";

/// Topics and keywords, as one field's text.
fn words(topics: &[String], keywords: &[String]) -> String {
    topics
        .iter()
        .chain(keywords)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The documents of a language's plain pages (those written in it), fee pages and e-service
/// pages, from the same texts the pages show.
fn service_documents<'a>(
    site: &'a Site,
    lang: &'a str,
) -> Result<Vec<PendingDoc<'a>>, crate::source::translations::LookupError> {
    let t = &site.translations;
    let text = |key: &str| t.text(lang, key);
    let mut docs = Vec::new();
    let info = text("search.kind_page")?;
    for p in site.pages.iter().filter(|p| p.lang == lang) {
        docs.push(PendingDoc {
            doc: SearchDoc {
                doc_type: PAGE.into(),
                url: site.url(&PageId::Page(lang, &p.key)).into(),
                title: p.title.as_str().into(),
                summary: p.summary.as_str().into(),
                body: "".into(),
                topics: p.keywords.join(" ").into(),
                kind: info.clone().into(),
            },
            body: Some(&p.body),
            digest: Some(p.body.digest()),
        });
    }
    if !site.fees.is_empty() {
        let fees = text("nav.fees")?;
        let explain = [
            "fees.intro",
            "fees.highcost_heading",
            "fees.highcost_p1",
            "fees.highcost_p2",
            "fees.highcost_p3",
            "calc.heading",
        ]
        .iter()
        .map(|k| text(k))
        .collect::<Result<Vec<_>, _>>()?
        .join(" ");
        let keywords = text("fees.search_keywords")?;
        let intro = text("fees.intro")?;
        let fee_doc = |url: String, title: String| PendingDoc {
            doc: SearchDoc {
                doc_type: FEES.into(),
                url: url.into(),
                title: title.into(),
                summary: intro.clone().into(),
                body: explain.clone().into(),
                topics: keywords.clone().into(),
                kind: fees.clone().into(),
            },
            body: None,
            digest: None,
        };
        docs.push(fee_doc(
            site.url(&PageId::Fees(lang)),
            text("fees.heading")?,
        ));
        for table in &site.fees {
            let region = site.region_name(lang, &table.region);
            let title = t.format(lang, "fees.region_heading", None, &[("region", &region)])?;
            docs.push(fee_doc(
                site.url(&PageId::FeeRegion(lang, &table.region)),
                title,
            ));
        }
    }
    let services = &site.config.eservices.services;
    if !services.is_empty() {
        let kind = text("nav.eservices")?;
        let keywords = text("eservices.search_keywords")?;
        for s in services {
            let logins = s
                .login
                .iter()
                .map(|l| text(&format!("login.{l}")))
                .collect::<Result<Vec<_>, _>>()?
                .join(" ");
            docs.push(PendingDoc {
                doc: SearchDoc {
                    doc_type: ESERVICE.into(),
                    url: site.url(&PageId::EService(lang, &s.id)).into(),
                    title: text(&s.name_key)?.into(),
                    summary: text(&s.description_key)?.into(),
                    body: format!("{logins} {}", text("eservices.no_id_heading")?).into(),
                    topics: keywords.clone().into(),
                    kind: kind.clone().into(),
                },
                body: None,
                digest: None,
            });
        }
    }
    Ok(docs)
}

/// Indexed chunks kept between builds, in the build cache: one file per chunk, named after a
/// hash of this binary and the chunk's documents, in a folder per language.
#[derive(Debug, Clone)]
pub struct ChunkStore {
    pub dir: PathBuf,
    /// This binary ([`crate::cache::binary_key`]): a segment from another binary is not reused.
    pub key: String,
    /// Where a chunk file that fails its seal is noted (it is then indexed again).
    pub damaged: std::sync::Arc<crate::cache::Damaged>,
}

#[derive(Serialize, Deserialize)]
struct StoredChunk {
    key: String,
    /// The chunk's own key (its file name): a file under another chunk's name is not used.
    chunk: u64,
    docs: u32,
    files: Vec<(String, serde_bytes::ByteBuf)>,
}

impl ChunkStore {
    fn path(&self, lang: &str, chunk: u64) -> PathBuf {
        self.dir.join(lang).join(format!("{chunk:016x}.seg"))
    }

    fn get(&self, lang: &str, chunk: u64) -> Option<Segment> {
        let bytes = crate::cache::read_sealed(&self.path(lang, chunk), &self.damaged)?;
        let stored: StoredChunk = rmp_serde::from_slice(&bytes).ok()?;
        (stored.key == self.key && stored.chunk == chunk).then(|| Segment {
            docs: stored.docs,
            files: stored
                .files
                .into_iter()
                .map(|(ext, b)| (ext, b.into_vec()))
                .collect(),
        })
    }

    /// Best effort: a chunk that cannot be stored is indexed again next time.
    fn put(&self, lang: &str, chunk: u64, segment: &Segment) {
        let stored = StoredChunk {
            key: self.key.clone(),
            chunk,
            docs: segment.docs,
            files: segment
                .files
                .iter()
                .map(|(ext, b)| (ext.clone(), serde_bytes::ByteBuf::from(b.clone())))
                .collect(),
        };
        if let Ok(bytes) = rmp_serde::to_vec_named(&stored) {
            crate::cache::write_sealed(&self.path(lang, chunk), &bytes);
        }
    }

    /// Removes the chunks of `lang` this build did not use.
    fn keep_only(&self, lang: &str, used: &BTreeSet<u64>) {
        let names: BTreeSet<String> = used.iter().map(|c| format!("{c:016x}.seg")).collect();
        if let Ok(entries) = std::fs::read_dir(self.dir.join(lang)) {
            for entry in entries.flatten() {
                if !names.contains(entry.file_name().to_string_lossy().as_ref()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

fn writer_settings(site: &Site, lang: &str) -> WriterSettings {
    WriterSettings {
        analyzer: site
            .config
            .language(lang)
            .map(|l| l.search.clone())
            .unwrap_or_default(),
        lazy_threshold: site.config.search_lazy_threshold,
        ..WriterSettings::default()
    }
}

fn index_error(lang: &str, e: impl std::fmt::Display) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(
            files::search_index(lang),
            format!("building the search index failed: {e}"),
        )
        .bug(),
    ]
}

/// One language's index files, with its manifest.
fn index_files(lang: &str, built: BuiltIndex) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut out: Vec<OutputFile> = built
        .files
        .into_iter()
        .map(|(name, bytes)| (files::search_index_file(lang, &name), bytes))
        .collect();
    let manifest = serde_json::to_vec_pretty(&built.manifest).map_err(|e| {
        vec![
            Diagnostic::error(
                files::search_index_file(lang, vardguide_search::MANIFEST),
                format!("writing the search manifest failed: {e}"),
            )
            .bug(),
        ]
    })?;
    out.push((
        files::search_index_file(lang, vardguide_search::MANIFEST),
        manifest,
    ));
    Ok(out)
}

/// Builds one language's index; returns its files.
pub fn build_language(
    site: &Site,
    lang: &str,
    store: Option<&ChunkStore>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    build_languages(site, &[lang], store, &|| {})
}

/// Builds every language's index, in parallel; returns the files to write.
pub fn build(site: &Site, tick: &(dyn Fn() + Sync)) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let langs: Vec<&str> = site.config.language_codes().collect();
    build_languages(site, &langs, None, tick)
}

/// Takes the index of `lang` unchanged from a previous output `out` through `take` (each file
/// named in its manifest, then the manifest). False when there is no such index.
pub fn reuse(
    out: &std::path::Path,
    lang: &str,
    take: &dyn Fn(&str) -> Result<bool, Diagnostic>,
) -> Result<bool, Diagnostic> {
    let folder = files::search_index(lang);
    let Some(manifest) = std::fs::read(out.join(&folder).join(vardguide_search::MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<vardguide_search::Manifest>(&b).ok())
        .filter(|m| m.format == vardguide_search::FORMAT_VERSION)
    else {
        return Ok(false);
    };
    let names: Vec<&String> = manifest.files.keys().chain(manifest.hot.iter()).collect();
    if !names
        .iter()
        .all(|name| out.join(&folder).join(name).is_file())
    {
        return Ok(false);
    }
    for name in names {
        take(&format!("{folder}/{name}"))?;
    }
    take(&format!("{folder}/{}", vardguide_search::MANIFEST))
}

/// One chunk of one language's documents, to be indexed or taken from the store.
struct ChunkJob<'s> {
    lang: usize,
    /// The chunk's number in its language.
    n: usize,
    key: u64,
    docs: &'s [PendingDoc<'s>],
}

/// Builds the indexes of `langs`: every chunk of every language in parallel (or from `store`),
/// then each language's chunks merged. `tick` is called once per language.
pub fn build_languages(
    site: &Site,
    langs: &[&str],
    store: Option<&ChunkStore>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut docs = Vec::new();
    let mut assemblies = Vec::new();
    for lang in langs {
        docs.push(documents(site, lang).map_err(|d| vec![d])?);
        assemblies.push(
            Assembly::new(lang, writer_settings(site, lang)).map_err(|e| index_error(lang, e))?,
        );
    }
    let mut jobs = Vec::new();
    for (i, lang_docs) in docs.iter().enumerate() {
        let settings = format!("{:?}", writer_settings(site, langs[i]));
        for (n, range) in chunks(lang_docs.iter().map(|d| d.doc.url.as_ref()))
            .into_iter()
            .enumerate()
        {
            let part = &lang_docs[range];
            let mut h = DefaultHasher::new();
            (langs[i], &settings).hash(&mut h);
            for d in part {
                d.fingerprint(&mut h);
            }
            jobs.push(ChunkJob {
                lang: i,
                n,
                key: h.finish(),
                docs: part,
            });
        }
    }
    let mut errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let lang = langs[job.lang];
            let assembly = &assemblies[job.lang];
            let r = match store.and_then(|s| s.get(lang, job.key)) {
                Some(seg) => assembly.add_chunk(job.n, &seg),
                None => assembly
                    .index_chunk(job.n, job.docs.iter().map(PendingDoc::unpack))
                    .and_then(|()| match store {
                        // A body that could not be read back from the build cache was indexed
                        // empty: the build starts again, and the chunk is not kept (its key
                        // names the body as it should have been).
                        Some(store) if !job.docs.iter().any(PendingDoc::unreadable) => assembly
                            .chunk(job.n)
                            .map(|seg| store.put(lang, job.key, &seg)),
                        _ => Ok(()),
                    }),
            };
            r.err().map(|e| index_error(lang, e))
        })
        .flatten()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(store) = store {
        for (i, lang) in langs.iter().enumerate() {
            let used = jobs.iter().filter(|j| j.lang == i).map(|j| j.key).collect();
            store.keep_only(lang, &used);
        }
    }
    drop(jobs);
    let results: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = assemblies
        .into_par_iter()
        .zip(langs.par_iter())
        .map(|(assembly, lang)| {
            let r = assembly
                .finish()
                .map_err(|e| index_error(lang, e))
                .and_then(|built| index_files(lang, built));
            tick();
            r
        })
        .collect();
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(files) => out.extend(files),
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
