//! Stage 4, index: one Tantivy search index per language, built in parallel from the rendered
//! site (article text as parsed once in validate), written under `<lang>/search/` with a
//! `manifest.json` the browser reads first. The schema, analyzers and format version come from
//! the shared `vardguide-search` crate, which the in-browser module is built from too.

use crate::pages::PageId;
use rayon::prelude::*;
use vardguide_search::schema::{ARTICLE, CLINIC};
use vardguide_search::writer::{SearchDoc, WriterSettings, build_index};

use crate::diagnostics::Diagnostic;
use crate::markdown::PackedText;
use crate::model::Site;
use crate::render::OutputFile;

/// The search module and its worker, embedded so a site always ships the module that reads the
/// format this binary writes. `scripts/build-wasm.sh --check` proves the module matches the source.
pub const WASM: &[u8] = include_bytes!("../crates/search-wasm/dist/vardguide-search.wasm");
/// Its precompressed copies, made once by `scripts/build-wasm.sh` at the highest levels.
pub const WASM_GZ: &[u8] = include_bytes!("../crates/search-wasm/dist/vardguide-search.wasm.gz");
pub const WASM_BR: &[u8] = include_bytes!("../crates/search-wasm/dist/vardguide-search.wasm.br");
pub const WORKER: &[u8] = include_bytes!("../crates/search-wasm/js/search-worker.js");

/// Asset names the templates use for them.
pub const WASM_ASSET: &str = "search/vardguide-search.wasm";
pub const WORKER_ASSET: &str = "search/search-worker.js";

/// A document of an index, with an article's body still packed: bodies are unpacked one at a
/// time as the writer takes them, so a language's text is never in memory whole twice.
pub struct PendingDoc<'a> {
    pub doc: SearchDoc<'a>,
    pub body: Option<&'a PackedText>,
}

impl<'a> PendingDoc<'a> {
    pub fn unpack(self) -> SearchDoc<'a> {
        let mut doc = self.doc;
        if let Some(body) = self.body {
            doc.body = body.unpack().into();
        }
        doc
    }
}

/// The documents of one language's index, in a stable order.
pub fn documents<'a>(site: &'a Site, lang: &'a str) -> Result<Vec<PendingDoc<'a>>, Diagnostic> {
    let t = &site.translations;
    let lookup = |e: crate::translations::LookupError| {
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
            topics: topics.join(" ").into(),
            kind: t
                .text(lang, &format!("kind.{}", a.kind.as_str()))
                .map_err(lookup)?
                .into(),
        };
        docs.push(PendingDoc {
            doc,
            body: Some(&a.body.text),
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
        docs.push(PendingDoc { doc, body: None });
    }
    Ok(docs)
}

/// Builds one language's index; returns its files.
pub fn build_language(site: &Site, lang: &str) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let settings = WriterSettings {
        analyzer: site
            .config
            .language(lang)
            .map(|l| l.search.clone())
            .unwrap_or_default(),
        lazy_threshold: site.config.search_lazy_threshold,
        ..WriterSettings::default()
    };
    let docs = documents(site, lang).map_err(|d| vec![d])?;
    let built =
        build_index(lang, docs.into_iter().map(PendingDoc::unpack), settings).map_err(|e| {
            vec![
                Diagnostic::error(
                    format!("{lang}/search"),
                    format!("building the search index failed: {e}"),
                )
                .help(
                    "this is a bug in vardguide; please report it with the site that triggers it",
                ),
            ]
        })?;
    let mut files: Vec<OutputFile> = built
        .files
        .into_iter()
        .map(|(name, bytes)| (format!("{lang}/search/{name}"), bytes))
        .collect();
    let manifest = serde_json::to_vec_pretty(&built.manifest).map_err(|e| {
        vec![
            Diagnostic::error(
                format!("{lang}/search/{}", vardguide_search::MANIFEST),
                format!("writing the search manifest failed: {e}"),
            )
            .help("this is a bug in vardguide; please report it with the site that triggers it"),
        ]
    })?;
    files.push((
        format!("{lang}/search/{}", vardguide_search::MANIFEST),
        manifest,
    ));
    Ok(files)
}

/// Builds every language's index, in parallel; returns the files to write.
pub fn build(site: &Site, tick: &(dyn Fn() + Sync)) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let langs: Vec<&str> = site.config.language_codes().collect();
    build_languages(site, &langs, tick)
}

/// Takes the index of `lang` unchanged from a previous output `out` through `take` (each file
/// named in its manifest, then the manifest). False when there is no such index.
pub fn reuse(
    out: &std::path::Path,
    lang: &str,
    take: &dyn Fn(&str) -> Result<bool, Diagnostic>,
) -> Result<bool, Diagnostic> {
    let folder = format!("{lang}/search");
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

/// Builds the indexes of `langs`, in parallel.
pub fn build_languages(
    site: &Site,
    langs: &[&str],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let results: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = langs
        .par_iter()
        .map(|lang| {
            let r = build_language(site, lang);
            tick();
            r
        })
        .collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
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
