//! The stages in order: load and validate, then [`run::run`] (graph, index, render) into an
//! output. [`build`] is `vardguide build`: it takes the locks, reads what the last build left in
//! the build cache, runs the stages into a staging folder and commits it. [`session::Session`]
//! runs the same stages into memory for `vardguide serve`. [`check`] stops after validation.
//!
//! Everything the user sees of a failure is a [`Diagnostic`] with file, line, column and a hint.

pub mod changes;
pub mod run;
pub mod session;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::files;
use crate::output;
use crate::render::{self, assets};
use crate::source::{config, load, translations};
use crate::{cache, index, model, validate};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root folder (where site.yaml is).
    pub root: PathBuf,
    /// The output folder; replaced as a whole when the build succeeds.
    pub out: PathBuf,
    pub drafts: bool,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Write `.gz` copies of text files (and `.br` copies of the theme's assets).
    pub precompress: bool,
    /// The build cache folder: pages whose inputs did not change since the last build are taken
    /// from the previous output instead of being rendered again. `None`: a clean build.
    pub cache: Option<PathBuf>,
}

/// How long each stage took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub load: Duration,
    pub validate: Duration,
    pub render: Duration,
    pub index: Duration,
    pub write: Duration,
}

/// The result of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages per language code.
    pub pages: BTreeMap<String, usize>,
    /// Files written, compressed copies included.
    pub files: usize,
    /// UI-string coverage per language, when fallback to the default language is on.
    pub coverage: Vec<translations::Coverage>,
    pub timings: Timings,
    /// Article files in the site, and how many of them were read (with a build cache, a file
    /// unchanged since the last build is not).
    pub article_files: usize,
    pub article_files_read: usize,
    /// Pages rendered by this build; the others were kept as the last build left them (with a
    /// build cache, a page whose inputs did not change is not rendered).
    pub pages_rendered: usize,
}

/// A build that stopped: every diagnostic found, errors and warnings, sorted.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// The validated site.yaml of the site at `root`, if it has a valid one.
pub fn config_of(root: &std::path::Path) -> Option<config::Config> {
    let text = std::fs::read_to_string(root.join("site.yaml")).ok()?;
    let mut diags = Diagnostics::new();
    config::load(&text, std::path::Path::new("site.yaml"), None, &mut diags)
}

/// Loads and validates the site without writing anything.
pub fn check(
    root: &std::path::Path,
    options: &validate::ValidateOptions,
) -> Result<(model::Site, Vec<Diagnostic>), BuildFailure> {
    let mut diags = Diagnostics::new();
    let sources = load::load(root, &mut diags);
    let site = validate::validate(sources, options, &mut diags);
    match site {
        Some(site) if !diags.has_errors() => Ok((site, diags.into_sorted())),
        _ => Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        }),
    }
}

/// A stage of the build, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for another build into the same output folder (or with the same cache) to end.
    Wait,
    /// Reading and validating the sources.
    Check,
    /// Rendering pages (and compressing them, when precompressing); one step per page.
    Render,
    /// Building the search indexes; one step per language.
    Index,
    /// Swapping the finished output in.
    Write,
}

impl Stage {
    /// What the stage does, for people.
    pub fn describe(self, precompress: bool) -> &'static str {
        match self {
            Stage::Wait => "waiting for another build",
            Stage::Check => "reading and checking",
            Stage::Render if precompress => "rendering and compressing",
            Stage::Render => "rendering",
            Stage::Index => "indexing for search",
            Stage::Write => "writing",
        }
    }
}

/// Runs the whole pipeline. `on_stage` is called when each stage begins, with the number of
/// steps it has (0 when it is one step); `tick` once per step (for a progress bar). Pages are
/// written (and compressed) as they are rendered into a fresh folder, which replaces the output
/// only when everything succeeded.
pub fn build(
    options: &BuildOptions,
    on_stage: &dyn Fn(Stage, usize),
    tick: &(dyn Fn() + Sync),
) -> Result<BuildReport, BuildFailure> {
    // One build at a time into an output folder and with a cache: a second one waits here.
    let waiting = || on_stage(Stage::Wait, 0);
    let _output_lock = output::lock(&options.out, &waiting).map_err(|e| BuildFailure {
        diagnostics: vec![write_error(&options.out, e)],
    })?;
    let _cache_lock = match &options.cache {
        Some(dir) => Some(cache::lock(dir, &waiting).map_err(|e| BuildFailure {
            diagnostics: vec![
                Diagnostic::error(dir, format!("cannot lock the build cache: {e}"))
                    .help("check that the cache folder is writable, or build with --no-cache"),
            ],
        })?),
        None => None,
    };
    // Cache files that fail their check: ignored, and named in one warning.
    let damaged = Arc::new(cache::Damaged::default());
    let store_failed = std::cell::Cell::new(false);
    let built = attempt(options, on_stage, tick, &damaged, Some(&store_failed));
    if store_failed.get() {
        // A stored body could not be read back: `attempt` removed the body store and the
        // search chunks and left the output as it was; the build starts again without them,
        // so that what it makes is what a clean build makes.
        attempt(options, on_stage, tick, &damaged, None)
    } else {
        built
    }
}

/// One run of [`build`], under its locks. `store_failed`, when given, is set when a body stored
/// in the build cache could not be read back: the run then stops before the output is
/// changed, for [`build`] to start again without the store.
fn attempt(
    options: &BuildOptions,
    on_stage: &dyn Fn(Stage, usize),
    tick: &(dyn Fn() + Sync),
    damaged: &Arc<cache::Damaged>,
    store_failed: Option<&std::cell::Cell<bool>>,
) -> Result<BuildReport, BuildFailure> {
    let mut timings = Timings::default();
    on_stage(Stage::Check, 0);
    // A cached build changes the output in place and needs its files: the last build's record
    // of them, or else a listing, made while the sources are read and checked.
    let cache_key = options.cache.as_ref().map(|_| {
        let output_options = (options.drafts, options.precompress, &options.base_url);
        cache::key(&options.out, &output_options)
    });
    let listing = match (&options.cache, &cache_key) {
        (Some(dir), Some(key)) if options.out.join(files::MARKER).is_file() => {
            let (dir, key, out) = (dir.clone(), key.clone(), options.out.clone());
            let damaged = Arc::clone(damaged);
            Some(std::thread::spawn(move || {
                cache::load_output_files(&dir, &key, &out, &damaged)
                    .unwrap_or_else(|| output::list_output(&out))
            }))
        }
        _ => None,
    };
    // What the last build made, read meanwhile: compared with what this one makes.
    let previous = match (&options.cache, &cache_key) {
        (Some(dir), Some(key)) if options.out.join(files::MARKER).is_file() => {
            let (dir, key, out) = (dir.clone(), key.clone(), options.out.clone());
            let damaged = Arc::clone(damaged);
            Some(std::thread::spawn(move || {
                cache::BuildCache::load(&dir, &key, &out, &damaged)
            }))
        }
        _ => None,
    };
    // The output's files as the deploy manifest of the last build gives them, read meanwhile.
    let previous_files = {
        let out = options.out.clone();
        std::thread::spawn(move || output::deploy::previous(&out))
    };
    // With a cache: the bodies the last build rendered, so only changed articles are parsed;
    // the store's index is read while the sources are.
    let body_key = cache::binary_key();
    let store = options.cache.clone().map(|dir| {
        let key = body_key.clone();
        let damaged = Arc::clone(damaged);
        std::thread::spawn(move || cache::load_bodies(&dir, &key, &damaged))
    });
    let started = Instant::now();
    let mut loaded = Diagnostics::new();
    // With a cache: the articles whose files are unchanged since the last build are not read.
    let known = options.cache.clone().map(|dir| {
        let key = body_key.clone();
        let damaged = Arc::clone(damaged);
        std::thread::spawn(move || cache::load_articles_read(&dir, &key, &damaged))
    });
    // A cache reader that panicked (a bug) costs a full build, said in a warning at the end.
    let reader_failed = std::cell::Cell::new(false);
    let joined = |handle: std::thread::JoinHandle<_>| {
        handle.join().map_err(|_| reader_failed.set(true)).ok()
    };
    let usable = std::cell::Cell::new(0);
    let (sources, known) = load::load_with(&options.root, &mut loaded, || {
        let records: cache::ArticleRecords = known.and_then(joined).unwrap_or_default();
        usable.set(records.usable);
        records.known
    });
    let known = cache::ArticleRecords {
        known,
        usable: usable.get(),
    };
    let articles_read: Vec<(std::path::PathBuf, load::ArticleRead)> = sources
        .articles
        .iter()
        .filter_map(|a| a.read.clone().map(|r| (a.file.path.clone(), r)))
        .collect();
    let article_files = sources.articles.len();
    let article_files_read = sources
        .articles
        .iter()
        .filter(|a| a.read.as_ref().is_none_or(|r| r.read_now))
        .count();
    let save_read = options.cache.clone().map(|dir| {
        let key = body_key.clone();
        std::thread::spawn(move || cache::save_articles_read(&dir, &key, &known, &articles_read))
    });
    timings.load = started.elapsed();
    let t = Instant::now();
    let mut bodies = store
        .and_then(|s| s.join().map_err(|_| reader_failed.set(true)).ok())
        .unwrap_or_default();
    // Each body rendered now goes to disk at once: a large site's bodies do not fit in memory.
    // Without a cache, to a file without a name beside the output (the output's disk, where the
    // staging folder is too; a system temporary folder can be memory).
    let scratch = match options.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    bodies.spill = cache::Spill::new(options.cache.as_deref(), scratch);
    let read_bodies = t.elapsed();
    let validated = validate_loaded(options, sources, loaded, &mut timings, &mut bodies);
    // The record of the files read is written under the cache's lock, which goes when this
    // function returns: it is finished first, whatever validation found.
    if let Some(saving) = save_read {
        let _ = saving.join();
    }
    let (mut site, diags) = validated?;
    let t = Instant::now();
    if let Some(dir) = &options.cache {
        cache::save_bodies(dir, &body_key, &mut bodies);
    }
    // The site now holds the only copy of each body (most are in the spill file; see
    // `release_body_text` for the rest).
    drop(bodies);
    timings.validate += read_bodies + t.elapsed();
    let fail = |mut diags: Diagnostics, more: Vec<Diagnostic>| {
        diags.extend(more);
        BuildFailure {
            diagnostics: diags.into_sorted(),
        }
    };
    let write_error = |e: output::WriteError| write_error(&options.out, e);

    let t = Instant::now();
    let pages = render::page_count(&site);
    // With a cache: what the last build made (a reader that failed is a bug: a full build).
    let previous = previous
        .and_then(|p| p.join().map_err(|_| reader_failed.set(true)).ok())
        .unwrap_or_default();
    // A cache that describes the output: change it in place; otherwise build a new folder.
    let staging = if previous.made.pages.is_empty() {
        output::Staging::new(&options.out, options.precompress)
    } else {
        let listing = listing.and_then(|l| l.join().ok());
        output::Staging::in_place(&options.out, options.precompress, listing)
    }
    .map_err(|e| fail(Diagnostics::new(), vec![write_error(e)]))?;
    let renderer = renderer(&site, options.precompress).map_err(|e| fail(diags.clone(), e))?;
    let store = options.cache.as_ref().map(|dir| index::ChunkStore {
        dir: dir.join("index"),
        key: body_key.clone(),
        damaged: Arc::clone(damaged),
    });
    let setup = t.elapsed();
    let to_staging = ToStaging {
        out: &options.out,
        staging: &staging,
    };
    let outcome = run::run(
        &mut site,
        renderer,
        &run::Run {
            previous: &previous.made,
            output: &to_staging,
            indexing: run::Indexing::Now(store.as_ref()),
            record: options.cache.is_some(),
            release_text: true,
            first: &[],
            cancelled: &|| false,
            on_stage,
            tick,
        },
    )
    .map_err(|e| fail(diags.clone(), e))?
    .ok_or_else(|| {
        let stopped = Diagnostic::error(&options.out, "the build was stopped");
        fail(diags.clone(), vec![stopped])
    })?;
    timings.index = outcome.index_time;
    timings.render = setup + outcome.render_time;

    // A stored body whose content could not be read back was shown empty: the output is not
    // changed, and the build starts again without the body store (see `build`).
    let unreadable: Vec<Diagnostic> = site
        .articles
        .iter()
        .chain(&site.easy)
        .filter(|a| a.body.is_unreadable())
        .map(|a| {
            if let Some(file) = a.body.store().and_then(|s| s.origin()) {
                damaged.add(&file);
            }
            Diagnostic::error(
                &a.source,
                "the build cache's copy of this article could not be read back",
            )
            .help("build again: the damaged body store was removed; the output was left as it was")
        })
        .collect();
    if !unreadable.is_empty() {
        if let Some(dir) = &options.cache {
            // The search chunks first: one made from an unreadable body is stored under the
            // body's digest, and a build stopped between the two must not find it with the
            // body parsed again.
            let _ = std::fs::remove_dir_all(dir.join("index"));
            cache::remove_bodies(dir);
        }
        if let Some(failed) = store_failed {
            failed.set(true);
        }
        return Err(fail(diags, unreadable));
    }

    let t = Instant::now();
    let files = staging.len();
    let pages_rendered = outcome.rendered;
    on_stage(Stage::Write, 0);
    if let Some(dir) = &options.cache {
        // Until the new record is saved, the output is not what any record says: a build
        // stopped from here on leaves the next one a clean build.
        cache::BuildCache::forget(dir);
        cache::forget_output_files(dir);
    }
    // The same for the deploy manifest: a build stopped from here on leaves none.
    let previous_files = previous_files.join().ok().flatten();
    output::deploy::forget(&options.out);
    let hashes = staging.hashes();
    let output_files = staging
        .commit()
        .map_err(|e| fail(diags.clone(), vec![write_error(e)]))?;
    // The deploy manifest and the cache's records are written side by side.
    let manifest = std::thread::scope(|scope| {
        let manifest = scope.spawn(|| {
            output::deploy::write(
                &options.out,
                &output_files,
                &hashes,
                previous_files.as_ref(),
            )
        });
        if let (Some(dir), Some(key)) = (&options.cache, cache_key) {
            cache::save_output_files(dir, &key, &options.out, &output_files);
            cache::BuildCache {
                key,
                made: outcome.made,
                marker: None,
            }
            .save(dir, &options.out);
        }
        manifest.join()
    });
    let mut diags = diags;
    let unwritten = match manifest {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(_) => Some("writing it failed (a bug in vardguide)".to_string()),
    };
    if let Some(why) = unwritten {
        diags.push(
            Diagnostic::warning(output::deploy::manifest_path(&options.out), why)
                .help("the site was built; deploy the whole output folder this time"),
        );
    }
    timings.write = t.elapsed();
    if let Some(warning) = damaged_warning(damaged) {
        diags.push(warning);
    }
    if reader_failed.get()
        && let Some(dir) = &options.cache
    {
        diags.push(
            Diagnostic::warning(dir, "reading the build cache failed (a bug in vardguide)")
                .help("the pages were made from the sources, as a clean build makes them; please report this"),
        );
    }
    let coverage = site.translations.coverage.clone();
    // Freeing a large site takes a while (about 0.3 s at 250,000 pages): on a thread of its own,
    // so that the build reports as soon as its output is in place.
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    Ok(BuildReport {
        diagnostics: diags.into_sorted(),
        pages,
        files,
        coverage,
        timings,
        article_files,
        article_files_read,
        pages_rendered,
    })
}

/// One warning naming the cache files that failed their check, if any did.
fn damaged_warning(damaged: &cache::Damaged) -> Option<Diagnostic> {
    let files = damaged.files();
    let first = files.first()?;
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Some(
        Diagnostic::warning(
            first,
            format!(
                "{} build cache file{} failed {} check and {} ignored: {}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                if files.len() == 1 { "its" } else { "their" },
                if files.len() == 1 { "was" } else { "were" },
                names.join(", ")
            ),
        )
        .help("what they held was made again from the sources; the output is a clean build's"),
    )
}

/// A failure to write the output folder `out`, as a diagnostic.
fn write_error(out: &std::path::Path, e: output::WriteError) -> Diagnostic {
    Diagnostic::error(out, e.to_string()).help(
        "check the --out folder and its permissions, and that no two pages share a URL; the previous output was left as it was",
    )
}

/// A build's output: the staging folder beside the output folder.
struct ToStaging<'a> {
    out: &'a std::path::Path,
    staging: &'a output::Staging,
}

impl run::Output for ToStaging<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.staging
            .put(path, bytes)
            .map_err(|e| write_error(self.out, e))
    }

    fn keep(&self, paths: &[&str]) -> Result<bool, Diagnostic> {
        self.staging
            .reuse_all(self.out, paths)
            .map_err(|e| write_error(self.out, e))
    }

    fn keep_index(&self, lang: &str) -> Result<bool, Diagnostic> {
        index::reuse(self.out, lang, &|path| {
            self.staging
                .reuse(self.out, path)
                .map_err(|e| write_error(self.out, e))
        })
    }
}

/// Stages 1 and 2 for `serve`: the validated site and its warnings, or every problem found,
/// with Markdown bodies reused from `cache` where still valid.
pub(crate) fn load_and_validate_cached(
    options: &BuildOptions,
    timings: &mut Timings,
    cache: &mut cache::BodyCache,
) -> Result<(model::Site, Diagnostics), BuildFailure> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let sources = load::load(&options.root, &mut diags);
    timings.load = started.elapsed();
    validate_loaded(options, sources, diags, timings, cache)
}

/// Stage 2 of [`load_and_validate_cached`], for sources already loaded (with `diags`, the
/// loading's own).
fn validate_loaded(
    options: &BuildOptions,
    sources: load::Sources,
    mut diags: Diagnostics,
    timings: &mut Timings,
    cache: &mut cache::BodyCache,
) -> Result<(model::Site, Diagnostics), BuildFailure> {
    let t = Instant::now();
    let validate_options = validate::ValidateOptions {
        drafts: options.drafts,
        base_url: options.base_url.clone(),
    };
    let site = validate::validate_cached(sources, &validate_options, &mut diags, cache);
    timings.validate = t.elapsed();
    match site {
        Some(site) if !diags.has_errors() => Ok((site, diags)),
        _ => Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        }),
    }
}

/// A renderer for `site`: its pages link to the theme's assets and the search module, with
/// hashed names; with `precompress`, the module's own compressed copies go out with it.
pub fn renderer(
    site: &model::Site,
    precompress: bool,
) -> Result<render::Renderer, Vec<Diagnostic>> {
    let mut all = site.assets.clone();
    for (name, bytes) in [
        (index::WASM_ASSET, index::WASM),
        (index::WORKER_ASSET, index::WORKER),
    ] {
        all.insert(
            name.to_string(),
            crate::source::files::BinaryFile {
                path: name.into(),
                bytes: bytes.to_vec(),
            },
        );
    }
    let assets = assets::build(&all, &site.config.base_path);
    let mut prebuilt = Vec::new();
    if precompress && let Some(url) = assets.urls.get(index::WASM_ASSET) {
        let path = url
            .trim_start_matches(site.config.base_path.as_str())
            .to_string();
        prebuilt.push((format!("{path}.gz"), index::WASM_GZ.to_vec()));
        prebuilt.push((format!("{path}.br"), index::WASM_BR.to_vec()));
    }
    render::Renderer::new(site, assets, prebuilt)
}
