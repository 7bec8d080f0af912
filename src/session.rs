//! A site kept in memory between rebuilds (for `vardguide serve`). Every change runs the one real
//! pipeline: load and validate the whole site, then re-render exactly the pages whose inputs
//! changed, found by comparing the page graph's fingerprints ([`crate::pages`]); the pages of the
//! articles just saved come first. A change to site.yaml, the templates, the theme or images
//! re-renders everything. A change with errors leaves the session exactly as it was.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::pages::{self, PageId};
use crate::render::{OutputFile, Renderer};
use crate::validate::BodyCache;
use crate::{BuildFailure, BuildOptions, Timings};

/// The in-memory site.
pub struct Session {
    options: BuildOptions,
    site: Site,
    files: BTreeMap<String, Vec<u8>>,
    /// Hash of every input, by name.
    inputs: BTreeMap<String, u64>,
    /// Fingerprint of every page, by output file.
    fingerprints: BTreeMap<String, u64>,
    warnings: Vec<Diagnostic>,
    /// Markdown bodies of the last validation, reused by the next one.
    bodies: BodyCache,
}

/// What a rebuild changed.
#[derive(Debug, Default)]
pub struct Update {
    /// Files rendered again (after the ones handed to `first`).
    pub files: Vec<OutputFile>,
    /// Output files that no longer exist (a slug changed, an article was deleted).
    pub removed: Vec<String>,
    /// Languages whose search index must be rebuilt.
    pub reindex: Vec<String>,
    /// How many pages were rendered.
    pub pages: usize,
    /// Everything was rendered again (site.yaml, templates, theme or images changed).
    pub full: bool,
    /// From the start of the rebuild until the first pages were handed over.
    pub first_time: Duration,
}

impl Session {
    /// Builds the whole site in memory.
    pub fn build(options: BuildOptions) -> Result<Session, BuildFailure> {
        let planned = crate::plan(&options, &|_, _| {}, &|| {})?;
        let files = planned
            .plan
            .paths()
            .filter_map(|p| planned.plan.get(p).map(|b| (p.to_string(), b.to_vec())))
            .collect();
        let inputs = pages::input_hashes(&planned.site);
        let fingerprints = pages::fingerprints(&planned.site, &inputs);
        Ok(Session {
            options,
            site: planned.site,
            files,
            inputs,
            fingerprints,
            warnings: planned.diagnostics.into_sorted(),
            bodies: BodyCache::default(),
        })
    }

    /// Every output file (path, bytes).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Reloads and revalidates the site, and re-renders what changed. The pages of the articles
    /// in `saved` (`(key, lang)`) are rendered first and handed to `first`, so a reload sees them
    /// at once. On errors the session is unchanged and every problem is returned.
    pub fn rebuild(
        &mut self,
        saved: &[(String, String)],
        first: &dyn Fn(Vec<OutputFile>),
    ) -> Result<Update, Vec<Diagnostic>> {
        let started = Instant::now();
        let mut timings = Timings::default();
        let (site, diags) =
            crate::load_and_validate_cached(&self.options, &mut timings, &mut self.bodies)
                .map_err(|f| f.diagnostics)?;
        let inputs = pages::input_hashes(&site);
        let site_input = format!("{:?}", pages::Input::Site);
        if inputs.get(&site_input) != self.inputs.get(&site_input) {
            return self.rebuild_all(started);
        }
        let fingerprints = pages::fingerprints(&site, &inputs);
        let ids = site.page_ids();
        let changed: Vec<PageId<'_>> = ids
            .iter()
            .filter(|p| self.fingerprints.get(&p.file()) != fingerprints.get(&p.file()))
            .copied()
            .collect();
        let (now, later): (Vec<PageId<'_>>, Vec<PageId<'_>>) =
            changed.iter().partition(|p| match p {
                PageId::Article { key, lang, .. } => {
                    saved.iter().any(|(k, l)| k == key && l == lang)
                }
                _ => false,
            });
        let renderer = renderer_for(&site)?;
        let first_files = renderer.pages(&site, &now)?;
        let first_time = started.elapsed();
        first(first_files.clone());
        let mut files = first_files;
        files.extend(renderer.pages(&site, &later)?);
        // The sitemap and the finder data, when what they show changed.
        let changed_input = |i: pages::Input<'_>| {
            let k = format!("{i:?}");
            inputs.get(&k) != self.inputs.get(&k)
        };
        let langs_changed = site
            .config
            .language_codes()
            .any(|l| changed_input(pages::Input::Translations(l)));
        if changed_input(pages::Input::AllArticles)
            || changed_input(pages::Input::Clinics)
            || langs_changed
            || fingerprints.len() != self.fingerprints.len()
        {
            files.extend(crate::render::site_files(&site).map_err(|d| vec![d])?);
        }

        let mut removed: Vec<String> = self
            .fingerprints
            .keys()
            .filter(|f| !fingerprints.contains_key(*f))
            .cloned()
            .collect();
        removed.sort();
        let reindex: Vec<String> = site
            .config
            .language_codes()
            .filter(|l| {
                let articles = format!("{:?}", pages::Input::ArticlesIn(l));
                let clinics = format!("{:?}", pages::Input::Clinics);
                let translations = format!("{:?}", pages::Input::Translations(l));
                [articles, clinics, translations]
                    .iter()
                    .any(|k| inputs.get(k) != self.inputs.get(k))
            })
            .map(String::from)
            .collect();

        // Nothing below can fail: the session changes only now.
        for path in &removed {
            self.files.remove(path);
        }
        for (path, bytes) in &files {
            self.files.insert(path.clone(), bytes.clone());
        }
        let pages = changed.len();
        self.site = site;
        self.inputs = inputs;
        self.fingerprints = fingerprints;
        self.warnings = diags.into_sorted();
        Ok(Update {
            files,
            removed,
            reindex,
            pages,
            full: false,
            first_time,
        })
    }

    /// A full rebuild in memory; the session is replaced only when it succeeds.
    fn rebuild_all(&mut self, started: Instant) -> Result<Update, Vec<Diagnostic>> {
        let new = Session::build(self.options.clone()).map_err(|f| f.diagnostics)?;
        let removed = self
            .files
            .keys()
            .filter(|p| !new.files.contains_key(*p))
            .cloned()
            .collect();
        let files = new
            .files
            .iter()
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        let pages = new.fingerprints.len();
        *self = new;
        Ok(Update {
            files,
            removed,
            reindex: Vec::new(),
            pages,
            full: true,
            first_time: started.elapsed(),
        })
    }

    /// Rebuilds the search index of `lang` from the current site.
    pub fn reindex(&self, lang: &str) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        crate::index::build_language(&self.site, lang)
    }
}

fn renderer_for(site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
    let assets = crate::site_assets(site);
    Renderer::new(site, site.translations.clone(), Arc::new(assets.urls))
}
