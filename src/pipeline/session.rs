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
//!
//! The files are kept on disk ([`Spool`]), not in memory: a national site's pages are more than
//! an editor's machine can hold twice.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::output::spool::{Spool, Spooled};

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
    /// Where the files are kept, in the site's cache folder.
    spool: Arc<Spool>,
    files: BTreeMap<String, Spooled>,
    /// What the last run made, compared with by the next ([`run::run`]).
    made: Made,
    warnings: Vec<Diagnostic>,
}

/// What a rebuild changed.
#[derive(Debug, Default)]
pub struct Update {
    /// Files made again (the ones handed to `first` included).
    pub files: Vec<(String, Spooled)>,
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

/// A run's files, spooled to disk as they are made. The previous run's files are the
/// session's, so anything unchanged is kept by doing nothing; a run that is not applied leaves
/// nothing behind (its files' bytes are freed with their handles).
struct Spooling<'a> {
    spool: &'a Arc<Spool>,
    files: Mutex<BTreeMap<String, Spooled>>,
    /// Given the pages shown first as soon as they are all made.
    first: &'a (dyn Fn(Vec<(String, Spooled)>) + Sync),
}

impl<'a> Spooling<'a> {
    fn new(spool: &'a Arc<Spool>, first: &'a (dyn Fn(Vec<(String, Spooled)>) + Sync)) -> Self {
        Spooling {
            spool,
            files: Mutex::default(),
            first,
        }
    }

    fn into_files(self) -> BTreeMap<String, Spooled> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Spooling<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        crate::output::check_path(&path)
            .map_err(|e| Diagnostic::error("content", e.to_string()))?;
        let duplicate = || {
            Diagnostic::error("content", format!("two files would be written to `{path}`"))
                .help("two pages or files map to the same output path; change a slug")
        };
        if self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&path)
        {
            return Err(duplicate());
        }
        // Written outside the lock: the pages are made on every core.
        let spooled = self
            .spool
            .put(&bytes)
            .map_err(|e| spool_error(self.spool, &e))?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files.contains_key(&path) {
            return Err(duplicate());
        }
        files.insert(path, spooled);
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
        let first: Vec<(String, Spooled)> =
            files.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
        drop(files);
        (self.first)(first);
    }
}

/// A new spool in the cache folder of the site at `root` ([`Spool::open`]); the error names the
/// folder and what to do.
pub fn open_spool(root: &std::path::Path) -> Result<Arc<Spool>, Diagnostic> {
    let cache_dir = crate::cache::default_dir(root);
    Spool::open(&cache_dir).map_err(|e| {
        Diagnostic::error(
            cache_dir.display().to_string(),
            format!("cannot make a folder for the built files here: {e}"),
        )
        .help("serve keeps the pages it shows in the site's cache folder; make it writable")
    })
}

/// Keeps `files` in `spool`. Errors name the folder and what to do.
pub fn spool_files(
    spool: &Spool,
    files: Vec<OutputFile>,
) -> Result<Vec<(String, Spooled)>, Diagnostic> {
    files
        .into_iter()
        .map(|(path, bytes)| {
            let spooled = spool.put(&bytes).map_err(|e| spool_error(spool, &e))?;
            Ok((path, spooled))
        })
        .collect()
}

/// Why a file could not be spooled, and what to do.
fn spool_error(spool: &Spool, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        spool.dir().display().to_string(),
        format!("cannot keep a built file here: {error}"),
    )
    .help("serve keeps the pages it shows in the site's cache folder; make room on that disk or make the folder writable")
}

impl Session {
    /// Builds the whole site, search indexes included, into a new spool in the site's cache
    /// folder.
    pub fn build(options: BuildOptions) -> Result<Session, BuildFailure> {
        let spool = open_spool(&options.root).map_err(|d| BuildFailure {
            diagnostics: vec![d],
        })?;
        Session::build_with(options, &mut BodyCache::default(), spool)
    }

    /// [`Session::build`] into `spool`, keeping the rendered bodies in `bodies` for the
    /// rebuilds that follow ([`Session::rebuild`]). Their contents go to a file in the spool's
    /// folder, not to memory (unless `bodies` already has one).
    pub fn build_with(
        options: BuildOptions,
        bodies: &mut BodyCache,
        spool: Arc<Spool>,
    ) -> Result<Session, BuildFailure> {
        if bodies.spill.is_none() {
            bodies.spill = crate::cache::Spill::new(Some(spool.dir()), spool.dir());
        }
        let mut timings = Timings::default();
        let (mut site, diags) =
            crate::pipeline::load_and_validate_cached(&options, &mut timings, bodies)?;
        let fail = |errors: Vec<Diagnostic>| {
            let mut all = diags.clone();
            all.extend(errors);
            BuildFailure {
                diagnostics: all.into_sorted(),
            }
        };
        let renderer = crate::pipeline::renderer(&site, options.precompress).map_err(fail)?;
        let memory = Spooling::new(&spool, &|_| {});
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
            spool,
            made: outcome.made,
            warnings: diags.into_sorted(),
        })
    }

    /// Every output file: its path, and where its bytes are kept.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Spooled)> {
        self.files.iter().map(|(p, b)| (p.as_str(), b))
    }

    /// Keeps files made outside a run (a page shown early) beside the session's.
    pub fn spool(&self, files: Vec<OutputFile>) -> Result<Vec<(String, Spooled)>, Diagnostic> {
        spool_files(&self.spool, files)
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
        first: &(dyn Fn(Vec<(String, Spooled)>) + Sync),
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
        let memory = Spooling::new(&self.spool, first);
        // A full disk fails every page with the same error: it is reported once.
        let once = |errors: Vec<Diagnostic>| {
            let mut all = crate::base::diagnostics::Diagnostics::new();
            all.extend(errors);
            all.into_sorted()
        };
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
        )
        .map_err(once)?
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

    /// Takes `lang`'s search index, built again apart from a run ([`Update::reindex`]), in place
    /// of the old one; returns the old index's files that the new one does not have (its
    /// segments are named by their contents).
    pub fn replace_index(&mut self, lang: &str, files: &[(String, Spooled)]) -> Vec<String> {
        let folder = format!("{}/", crate::graph::files::search_index(lang));
        let new: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|p| {
                p.starts_with(&folder) && !p.ends_with(".html") && !new.contains(p.as_str())
            })
            .cloned()
            .collect();
        for path in &gone {
            self.files.remove(path);
        }
        for (path, spooled) in files {
            self.files.insert(path.clone(), spooled.clone());
        }
        gone
    }

    /// Makes a rebuild the session's state; returns what it changed.
    pub fn apply(&mut self, rebuilt: Rebuilt) -> Update {
        let Rebuilt {
            mut update,
            site,
            renderer,
            made,
            warnings,
        } = rebuilt;
        // A language taken out of the site takes its search index (made apart from the run).
        let dropped: Vec<String> = self
            .site
            .config
            .language_codes()
            .filter(|lang| !site.config.language_codes().any(|now| now == *lang))
            .map(str::to_string)
            .collect();
        for lang in &dropped {
            let gone = self.replace_index(lang, &[]);
            update.removed.extend(gone);
        }
        for path in &update.removed {
            self.files.remove(path);
        }
        for (path, spooled) in &update.files {
            self.files.insert(path.clone(), spooled.clone());
        }
        self.site = Arc::new(*site);
        self.renderer = renderer;
        self.made = made;
        self.warnings = warnings;
        update
    }
}
