//! A site kept in memory between rebuilds (for `vardguide serve`). Every change runs the one real
//! pipeline: load and validate the whole site, then re-render exactly the pages whose inputs
//! changed, found by comparing the page graph's fingerprints ([`crate::graph::pages`]); the pages of the
//! articles just saved come first. A change to site.yaml, the templates, the theme or images
//! re-renders everything. A change with errors leaves the session exactly as it was.
//!
//! A rebuild is computed from a shared, read-only session ([`Session::rebuild`]) and applied in
//! one short step ([`Session::apply`]), so `serve` can answer and take new edits while it runs,
//! and give it up when a newer edit makes it stale. When only an article's body changed,
//! [`Session::quick_article`] renders that article's page alone in milliseconds, before the
//! rebuild.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::base::diagnostics::Diagnostic;
use crate::cache::BodyCache;
use crate::graph::files::SiteFiles;
use crate::graph::pages::{self, PageId};
use crate::model::Site;
use crate::pipeline::{BuildFailure, BuildOptions, Timings};
use crate::render::{OutputFile, Renderer};

/// The in-memory site.
pub struct Session {
    options: BuildOptions,
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    files: BTreeMap<String, Vec<u8>>,
    /// Hash of the inputs of every language's search index, by name
    /// ([`pages::index_input_hashes`]).
    inputs: BTreeMap<String, u64>,
    /// Fingerprint of every page, by output file.
    fingerprints: BTreeMap<String, u64>,
    /// Each group of site files (sitemap, finder data): its fingerprint and its files.
    site_files: SiteFileState,
    warnings: Vec<Diagnostic>,
}

/// Fingerprint and files of each group of site files, by the group's name.
type SiteFileState = BTreeMap<String, (u64, Vec<String>)>;

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
}

/// A rebuild computed and not yet applied.
pub struct Rebuilt {
    update: Update,
    next: Next,
}

enum Next {
    /// The changed parts of the session.
    Changed {
        site: Box<Site>,
        renderer: Arc<Renderer>,
        inputs: BTreeMap<String, u64>,
        fingerprints: BTreeMap<String, u64>,
        site_files: SiteFileState,
        warnings: Vec<Diagnostic>,
    },
    /// A whole new session.
    All(Box<Session>),
}

impl Rebuilt {
    pub fn update(&self) -> &Update {
        &self.update
    }
}

impl Session {
    /// Builds the whole site in memory.
    pub fn build(options: BuildOptions) -> Result<Session, BuildFailure> {
        let planned = crate::pipeline::plan(&options, &|_, _| {}, &|| {})?;
        let files = planned
            .plan
            .paths()
            .filter_map(|p| planned.plan.get(p).map(|b| (p.to_string(), b.to_vec())))
            .collect();
        let input_hashes = pages::input_hashes(&planned.site);
        let fingerprints = pages::fingerprints(&planned.site, &input_hashes);
        let renderer =
            Arc::new(
                renderer_for(&planned.site).map_err(|diagnostics| BuildFailure {
                    diagnostics: diagnostics.into_iter().collect(),
                })?,
            );
        let mut site_files = SiteFileState::new();
        for group in SiteFiles::all(&planned.site) {
            let made = renderer
                .site_files(&planned.site, group)
                .map_err(|d| BuildFailure {
                    diagnostics: vec![d],
                })?;
            let fingerprint =
                pages::site_file_fingerprint(&planned.site, group, &input_hashes, &fingerprints);
            let names = made.into_iter().map(|(path, _)| path).collect();
            site_files.insert(group.name(), (fingerprint, names));
        }
        let inputs = pages::index_input_hashes(&planned.site, &input_hashes);
        Ok(Session {
            options,
            site: Arc::new(planned.site),
            renderer,
            files,
            inputs,
            fingerprints,
            site_files,
            warnings: planned.diagnostics.into_sorted(),
        })
    }

    /// Every output file (path, bytes).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The page of the article `key` in `lang` with the body now in its file, when the body is
    /// all that changed and has no errors (see [`crate::validate::body_only_change`]): no other
    /// page shows a body, so this one page is the whole visible change. `None` otherwise; the
    /// rebuild then does the work. The session itself is not changed.
    pub fn quick_article(&self, key: &str, lang: &str) -> Option<Vec<OutputFile>> {
        let article = self.site.article(key, lang)?;
        let file = crate::source::files::read_text(
            &self.options.root,
            &self.options.root.join(&article.source),
        )
        .ok()?;
        let source = crate::source::load::ContentSource {
            key: key.to_string(),
            lang: lang.to_string(),
            easy: false,
            file,
            read: None,
        };
        let body = crate::validate::body_only_change(&self.site, &source)?;
        let mut article = article.clone();
        article.body = body;
        self.renderer
            .article_page(&self.site, &article)
            .ok()
            .map(|file| vec![file])
    }

    /// Reloads and revalidates the site and renders what changed, without changing the session:
    /// [`Session::apply`] does that. The pages of the articles in `saved` (`(key, lang)`) are
    /// rendered first and handed to `first`, so a reload sees them at once. `cancelled` is asked
    /// between the stages: when it says yes, the work stops and `Ok(None)` is returned. On errors
    /// every problem is returned. `bodies` keeps Markdown bodies from one rebuild to the next.
    pub fn rebuild(
        &self,
        bodies: &mut BodyCache,
        saved: &[(String, String)],
        first: &dyn Fn(Vec<OutputFile>),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        let mut timings = Timings::default();
        let (site, diags) =
            crate::pipeline::load_and_validate_cached(&self.options, &mut timings, bodies)
                .map_err(|f| f.diagnostics)?;
        if cancelled() {
            return Ok(None);
        }
        let input_hashes = pages::input_hashes(&site);
        let inputs = pages::index_input_hashes(&site, &input_hashes);
        let site_input = format!("{:?}", pages::Input::Site);
        if inputs.get(&site_input) != self.inputs.get(&site_input) {
            return self.rebuild_all().map(Some);
        }
        let fingerprints = pages::fingerprints(&site, &input_hashes);
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
        let renderer = Arc::new(renderer_for(&site)?);
        let first_files = renderer.pages(&site, &now)?;
        first(first_files.clone());
        if cancelled() {
            return Ok(None);
        }
        let mut files = first_files;
        files.extend(renderer.pages(&site, &later)?);
        let mut removed: Vec<String> = self
            .fingerprints
            .keys()
            .filter(|f| !fingerprints.contains_key(*f))
            .cloned()
            .collect();
        // The sitemap and the finder data, when what they are made from changed (as `build`
        // decides, by their fingerprints).
        let mut site_files = SiteFileState::new();
        for group in SiteFiles::all(&site) {
            let fingerprint =
                pages::site_file_fingerprint(&site, group, &input_hashes, &fingerprints);
            let before = self.site_files.get(&group.name());
            if let Some((f, names)) = before
                && *f == fingerprint
            {
                site_files.insert(group.name(), (fingerprint, names.clone()));
                continue;
            }
            let made = renderer.site_files(&site, group).map_err(|d| vec![d])?;
            let names: Vec<String> = made.iter().map(|(path, _)| path.clone()).collect();
            if let Some((_, old)) = before {
                removed.extend(old.iter().filter(|n| !names.contains(n)).cloned());
            }
            files.extend(made);
            site_files.insert(group.name(), (fingerprint, names));
        }
        removed.sort();
        let reindex: Vec<String> = site
            .config
            .language_codes()
            .filter(|l| !pages::index_inputs_unchanged(l, &inputs, &self.inputs))
            .map(String::from)
            .collect();
        let pages = changed.len();
        Ok(Some(Rebuilt {
            update: Update {
                files,
                removed,
                reindex,
                pages,
                full: false,
            },
            next: Next::Changed {
                site: Box::new(site),
                renderer,
                inputs,
                fingerprints,
                site_files,
                warnings: diags.into_sorted(),
            },
        }))
    }

    /// A full rebuild in memory.
    fn rebuild_all(&self) -> Result<Rebuilt, Vec<Diagnostic>> {
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
        Ok(Rebuilt {
            update: Update {
                files,
                removed,
                reindex: Vec::new(),
                pages,
                full: true,
            },
            next: Next::All(Box::new(new)),
        })
    }

    /// Makes a rebuild the session's state; returns what it changed.
    pub fn apply(&mut self, rebuilt: Rebuilt) -> Update {
        let Rebuilt { update, next } = rebuilt;
        match next {
            Next::All(new) => *self = *new,
            Next::Changed {
                site,
                renderer,
                inputs,
                fingerprints,
                site_files,
                warnings,
            } => {
                for path in &update.removed {
                    self.files.remove(path);
                }
                for (path, bytes) in &update.files {
                    self.files.insert(path.clone(), bytes.clone());
                }
                self.site = Arc::new(*site);
                self.renderer = renderer;
                self.inputs = inputs;
                self.fingerprints = fingerprints;
                self.site_files = site_files;
                self.warnings = warnings;
            }
        }
        update
    }
}

fn renderer_for(site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
    let assets = crate::pipeline::site_assets(site);
    Renderer::new(site, site.translations.clone(), Arc::new(assets.urls))
}
