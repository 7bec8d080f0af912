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
use std::sync::{Arc, Mutex};

use crate::base::diagnostics::Diagnostic;
use crate::cache::{BodyCache, Made};
use crate::model::Site;
use crate::pipeline::run::{self, Indexing, Output, Run};
use crate::pipeline::{BuildFailure, BuildOptions, Timings};
use crate::render::{OutputFile, Renderer};

/// The in-memory site.
pub struct Session {
    options: BuildOptions,
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    files: BTreeMap<String, Vec<u8>>,
    /// What the last run made, compared with by the next ([`run::run`]).
    made: Made,
    warnings: Vec<Diagnostic>,
}

/// What a rebuild changed.
#[derive(Debug, Default)]
pub struct Update {
    /// Files made again (the ones handed to `first` included).
    pub files: Vec<OutputFile>,
    /// Output files that no longer exist (a slug changed, an article was deleted).
    pub removed: Vec<String>,
    /// Languages whose search index must be rebuilt.
    pub reindex: Vec<String>,
    /// How many pages were rendered.
    pub pages: usize,
    /// Every page was rendered again (site.yaml, templates, theme or images changed).
    pub full: bool,
}

/// A rebuild computed and not yet applied.
pub struct Rebuilt {
    update: Update,
    site: Box<Site>,
    renderer: Arc<Renderer>,
    made: Made,
    warnings: Vec<Diagnostic>,
}

impl Rebuilt {
    pub fn update(&self) -> &Update {
        &self.update
    }
}

/// A run's files, kept in memory. The previous run's files are the session's, so anything
/// unchanged is kept by doing nothing.
struct InMemory<'a> {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    /// Given the pages shown first as soon as they are all made.
    first: &'a (dyn Fn(Vec<OutputFile>) + Sync),
}

impl<'a> InMemory<'a> {
    fn new(first: &'a (dyn Fn(Vec<OutputFile>) + Sync)) -> Self {
        InMemory {
            files: Mutex::default(),
            first,
        }
    }

    fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for InMemory<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        crate::output::check_path(&path)
            .map_err(|e| Diagnostic::error("content", e.to_string()))?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files.contains_key(&path) {
            return Err(Diagnostic::error(
                "content",
                format!("two files would be written to `{path}`"),
            )
            .help("two pages or files map to the same output path; change a slug"));
        }
        files.insert(path, bytes);
        Ok(())
    }

    fn keep(&self, _: &[&str]) -> Result<bool, Diagnostic> {
        Ok(true)
    }

    fn keep_index(&self, _: &str) -> Result<bool, Diagnostic> {
        Ok(true)
    }

    fn first_done(&self) {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let first: Vec<OutputFile> = files.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
        drop(files);
        (self.first)(first);
    }
}

impl Session {
    /// Builds the whole site in memory, search indexes included.
    pub fn build(options: BuildOptions) -> Result<Session, BuildFailure> {
        let mut timings = Timings::default();
        let (mut site, diags) = crate::pipeline::load_and_validate(&options, &mut timings)?;
        let fail = |errors: Vec<Diagnostic>| {
            let mut all = diags.clone();
            all.extend(errors);
            BuildFailure {
                diagnostics: all.into_sorted(),
            }
        };
        let renderer = crate::pipeline::renderer(&site, options.precompress).map_err(fail)?;
        let memory = InMemory::new(&|_| {});
        let outcome = run::run(
            &mut site,
            renderer,
            &Run {
                previous: &Made::default(),
                output: &memory,
                indexing: Indexing::Now(None),
                record: true,
                release_text: false,
                first: &[],
                cancelled: &|| false,
                on_stage: &|_, _| {},
                tick: &|| {},
            },
        )
        .map_err(fail)?
        .ok_or_else(|| fail(Vec::new()))?;
        Ok(Session {
            options,
            site: Arc::new(site),
            renderer: Arc::new(outcome.renderer),
            files: memory.into_files(),
            made: outcome.made,
            warnings: diags.into_sorted(),
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
    /// The search indexes are left to the caller ([`Update::reindex`]).
    pub fn rebuild(
        &self,
        bodies: &mut BodyCache,
        saved: &[(String, String)],
        first: &(dyn Fn(Vec<OutputFile>) + Sync),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        let mut timings = Timings::default();
        let (mut site, diags) =
            crate::pipeline::load_and_validate_cached(&self.options, &mut timings, bodies)
                .map_err(|f| f.diagnostics)?;
        if cancelled() {
            return Ok(None);
        }
        let renderer = crate::pipeline::renderer(&site, self.options.precompress)?;
        let memory = InMemory::new(first);
        let Some(outcome) = run::run(
            &mut site,
            renderer,
            &Run {
                previous: &self.made,
                output: &memory,
                indexing: Indexing::Later,
                record: true,
                release_text: false,
                first: saved,
                cancelled,
                on_stage: &|_, _| {},
                tick: &|| {},
            },
        )?
        else {
            return Ok(None);
        };
        Ok(Some(Rebuilt {
            update: Update {
                files: memory.into_files().into_iter().collect(),
                removed: outcome.removed,
                reindex: outcome.reindex,
                pages: outcome.rendered,
                full: outcome.kept == 0,
            },
            site: Box::new(site),
            renderer: Arc::new(outcome.renderer),
            made: outcome.made,
            warnings: diags.into_sorted(),
        }))
    }

    /// Makes a rebuild the session's state; returns what it changed.
    pub fn apply(&mut self, rebuilt: Rebuilt) -> Update {
        let Rebuilt {
            update,
            site,
            renderer,
            made,
            warnings,
        } = rebuilt;
        for path in &update.removed {
            self.files.remove(path);
        }
        for (path, bytes) in &update.files {
            self.files.insert(path.clone(), bytes.clone());
        }
        self.site = Arc::new(*site);
        self.renderer = renderer;
        self.made = made;
        self.warnings = warnings;
        update
    }
}
