//! vardguide turns a folder of Markdown health articles, translations and site settings into a
//! multilingual static health portal. The build is a one-way pipeline; each stage borrows the
//! previous stage's output and owns its own:
//!
//! 1. [`load`] — read `site.yaml`, `content/`, `translations/` and the theme → `Sources`.
//! 2. [`validate`] — `Sources` → an immutable [`model::Site`] plus every diagnostic
//!    (`vardguide check` stops here). Markdown is parsed here, once per page ([`markdown`]).
//! 3. [`render`] — `&Site` → HTML pages, sitemap and robots.txt, in parallel.
//! 4. [`index`] — one Tantivy search index per language, through the shared `vardguide-search`
//!    crate that the in-browser search module is built from.
//! 5. [`output`] — the output plan, written into a fresh folder and swapped in.
//!
//! Everything the user sees of a failure is a [`diagnostics::Diagnostic`] with file, line,
//! column and a hint.

pub mod changes;
pub mod session;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::files::{self, SiteFiles};
use crate::graph::pages;
use crate::output::{self, OutputPlan, headers, hosting};
use crate::render::{self, assets};
use crate::source::{config, images, load, translations};
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
    /// Write `.gz` and `.br` copies of text files.
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

/// A site built in memory: everything but the final write.
pub struct Planned {
    pub site: model::Site,
    pub renderer: render::Renderer,
    pub plan: OutputPlan,
    pub diagnostics: Diagnostics,
    pub pages: BTreeMap<String, usize>,
    pub timings: Timings,
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
    let mut timings = Timings::default();
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
    on_stage(Stage::Check, 0);
    // A cached build changes the output in place and needs its files: the last build's record
    // of them, or else a listing, made while the sources are read and checked.
    let cache_key = options.cache.as_ref().map(|_| {
        let output_options = (options.drafts, options.precompress, &options.base_url);
        cache::key(&options.out, &output_options)
    });
    // Cache files that fail their check: ignored, and named in one warning.
    let damaged = Arc::new(cache::Damaged::default());
    let listing = match (&options.cache, &cache_key) {
        (Some(dir), Some(key)) if options.out.join(files::MARKER).is_file() => {
            let (dir, key, out) = (dir.clone(), key.clone(), options.out.clone());
            let damaged = Arc::clone(&damaged);
            Some(std::thread::spawn(move || {
                cache::load_output_files(&dir, &key, &out, &damaged)
                    .unwrap_or_else(|| output::list_output(&out))
            }))
        }
        _ => None,
    };
    // With a cache: the bodies the last build rendered, so only changed articles are parsed;
    // the store's index is read while the sources are.
    let body_key = cache::binary_key();
    let store = options.cache.clone().map(|dir| {
        let key = body_key.clone();
        let damaged = Arc::clone(&damaged);
        std::thread::spawn(move || cache::load_bodies(&dir, &key, &damaged))
    });
    let started = Instant::now();
    let mut loaded = Diagnostics::new();
    // With a cache: the articles whose files are unchanged since the last build are not read.
    let known = options.cache.clone().map(|dir| {
        let key = body_key.clone();
        let damaged = Arc::clone(&damaged);
        std::thread::spawn(move || cache::load_articles_read(&dir, &key, &damaged))
    });
    // A cache reader that panicked (a bug) costs a full build, said in a warning at the end.
    let reader_failed = std::cell::Cell::new(false);
    let joined = |handle: std::thread::JoinHandle<_>| {
        handle.join().map_err(|_| reader_failed.set(true)).ok()
    };
    let (sources, known) = load::load_with(&options.root, &mut loaded, || {
        known.and_then(joined).unwrap_or_default()
    });
    let articles_read: Vec<(std::path::PathBuf, load::ArticleRead)> = sources
        .articles
        .iter()
        .filter_map(|a| a.read.clone().map(|r| (a.file.path.clone(), r)))
        .collect();
    let article_files = sources.articles.len();
    let article_files_read = sources
        .articles
        .iter()
        .filter(|a| a.read.as_ref().is_none_or(|r| r.unread.is_none()))
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
    // The site now holds the only copy of each body (see `release_body_text`).
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
    // With a cache: the fingerprint of every page, compared with the last build's.
    let previous = match (&options.cache, &cache_key) {
        (Some(dir), Some(key)) if options.out.join(files::MARKER).is_file() => {
            cache::BuildCache::load(dir, key, &options.out, &damaged)
        }
        _ => cache::BuildCache::default(),
    };
    // A cache that describes the output: change it in place; otherwise build a new folder.
    let staging = if previous.pages.is_empty() {
        output::Staging::new(&options.out, options.precompress)
    } else {
        let listing = listing.and_then(|l| l.join().ok());
        output::Staging::in_place(&options.out, options.precompress, listing)
    }
    .map_err(|e| fail(Diagnostics::new(), vec![write_error(e)]))?;
    let sink = |path: String, bytes: Vec<u8>| staging.put(path, bytes).map_err(write_error);
    let (input_hashes, fingerprints) = if options.cache.is_some() {
        let inputs = pages::input_hashes(&site);
        let fingerprints = pages::fingerprints(&site, &inputs);
        (inputs, fingerprints)
    } else {
        Default::default()
    };
    let inputs = pages::index_input_hashes(&site, &input_hashes);
    let setup = t.elapsed();

    // A language's index is taken from the previous output when nothing it reads changed.
    let index_unchanged = |lang: &str| {
        !previous.inputs.is_empty()
            && pages::index_inputs_unchanged(lang, &inputs, &previous.inputs)
    };
    let site_file_fingerprints = SiteFiles::all(&site)
        .into_iter()
        .filter(|_| options.cache.is_some())
        .map(|g| {
            let f = pages::site_file_fingerprint(&site, g, &input_hashes, &fingerprints);
            (g.name(), f)
        })
        .collect();
    let from_previous = FromPrevious {
        out: &options.out,
        staging: &staging,
        previous: &previous,
        pages: &fingerprints,
        before: previous
            .pages
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect(),
        site_files: site_file_fingerprints,
        default_404: pages::PageId::NotFound(&site.config.default_language).file(),
        made: Mutex::default(),
    };
    // The indexes are built before the pages, and the bodies' words freed in between, so that a
    // large site never holds both at once. When few pages changed (an edit), the pages are
    // rendered while the changed languages are indexed: there is little to render, and the
    // index is most of the build's time.
    let to_render = fingerprints
        .keys()
        .filter(|f| !from_previous.unchanged(f))
        .count();
    let overlap = !previous.pages.is_empty() && to_render * 10 <= fingerprints.len();
    let index_stage = |site: &model::Site| -> Result<Duration, Vec<Diagnostic>> {
        let t = Instant::now();
        let mut rebuild = Vec::new();
        for lang in site.config.language_codes() {
            let reused = index_unchanged(lang)
                && index::reuse(&options.out, lang, &|path| {
                    staging.reuse(&options.out, path).map_err(write_error)
                })
                .map_err(|e| vec![e])?;
            if reused {
                tick();
            } else {
                rebuild.push(lang);
            }
        }
        let store = options.cache.as_ref().map(|dir| index::ChunkStore {
            dir: dir.join("index"),
            key: body_key.clone(),
            damaged: Arc::clone(&damaged),
        });
        for (path, bytes) in index::build_languages(site, &rebuild, store.as_ref(), tick)? {
            sink(path, bytes).map_err(|e| vec![e])?;
        }
        Ok(t.elapsed())
    };
    let render_stage = |site: &model::Site| -> Result<Duration, Vec<Diagnostic>> {
        let t = Instant::now();
        let (renderer, assets) = renderer_and_assets(site)?;
        renderer.each_except(site, tick, &sink, &from_previous)?;
        // In order: the search module's own precompressed copies come before the module, which
        // then gets no copies made for it.
        for (path, bytes) in extra_files(site, assets, options.precompress).map_err(|e| vec![e])? {
            sink(path, bytes).map_err(|e| vec![e])?;
        }
        Ok(t.elapsed())
    };
    if overlap {
        on_stage(
            Stage::Render,
            site.page_ids().len() + site.config.languages.len(),
        );
        let (index, render) = rayon::join(|| index_stage(&site), || render_stage(&site));
        timings.index = index.map_err(|e| fail(diags.clone(), e))?;
        timings.render = setup + render.map_err(|e| fail(diags.clone(), e))?;
    } else {
        on_stage(Stage::Index, site.config.languages.len());
        timings.index = index_stage(&site).map_err(|e| fail(diags.clone(), e))?;
        site.release_body_text();
        // Every page, the root language chooser included.
        on_stage(Stage::Render, site.page_ids().len());
        timings.render = setup + render_stage(&site).map_err(|e| fail(diags.clone(), e))?;
    }

    // A stored body whose content could not be read back was shown empty: the output is not
    // changed, and the body store goes, so that the next build parses those articles again.
    let unreadable: Vec<Diagnostic> = site
        .articles
        .iter()
        .filter(|a| a.body.is_unreadable())
        .map(|a| {
            Diagnostic::error(
                &a.source,
                "the build cache's copy of this article could not be read back",
            )
            .help("build again: the damaged body store was removed; the output was left as it was")
        })
        .collect();
    if !unreadable.is_empty() {
        if let Some(dir) = &options.cache {
            cache::remove_bodies(dir);
        }
        return Err(fail(diags, unreadable));
    }

    let t = Instant::now();
    let files = staging.len();
    let site_files = from_previous.site_files_now();
    drop(from_previous);
    on_stage(Stage::Write, 0);
    if let Some(dir) = &options.cache {
        // Until the new record is saved, the output is not what any record says: a build
        // stopped from here on leaves the next one a clean build.
        cache::BuildCache::forget(dir);
        cache::forget_output_files(dir);
    }
    let output_files = staging
        .commit()
        .map_err(|e| fail(diags.clone(), vec![write_error(e)]))?;
    if let (Some(dir), Some(key)) = (&options.cache, cache_key) {
        cache::save_output_files(dir, &key, &options.out, &output_files);
        cache::BuildCache {
            key,
            pages: fingerprints,
            inputs,
            site_files,
            marker: None,
        }
        .save(dir, &options.out);
    }
    timings.write = t.elapsed();
    let mut diags = diags;
    if let Some(warning) = damaged_warning(&damaged) {
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
    Ok(BuildReport {
        diagnostics: diags.into_sorted(),
        pages,
        files,
        coverage,
        timings,
        article_files,
        article_files_read,
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

/// What a cached build takes from its previous output: each page and group of site files whose
/// fingerprint is the one the last build recorded.
struct FromPrevious<'a> {
    out: &'a std::path::Path,
    staging: &'a output::Staging,
    previous: &'a cache::BuildCache,
    /// This build's page fingerprints.
    pages: &'a BTreeMap<String, u64>,
    /// The last build's, for lookups.
    before: std::collections::HashMap<&'a str, u64>,
    /// This build's fingerprint of each group of site files.
    site_files: BTreeMap<String, u64>,
    /// The default language's 404 page, which is always made (the server's error page).
    default_404: String,
    /// The groups of site files made again, with their files.
    made: Mutex<BTreeMap<String, Vec<String>>>,
}

impl FromPrevious<'_> {
    fn unchanged(&self, file: &str) -> bool {
        self.pages
            .get(file)
            .is_some_and(|f| self.before.get(file) == Some(f))
    }

    fn write_error(&self, e: output::WriteError) -> Diagnostic {
        write_error(self.out, e)
    }

    /// Every group of site files with its fingerprint and files, for the next build.
    fn site_files_now(&self) -> BTreeMap<String, (u64, Vec<String>)> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        self.site_files
            .iter()
            .filter_map(|(name, f)| {
                let files = made
                    .get(name)
                    .or_else(|| self.previous.site_files.get(name).map(|(_, files)| files))?;
                Some((name.clone(), (*f, files.clone())))
            })
            .collect()
    }
}

impl render::Reuse for FromPrevious<'_> {
    fn page(&self, id: pages::PageId<'_>) -> Result<bool, Diagnostic> {
        let file = id.file();
        if file == self.default_404 || !self.unchanged(&file) {
            return Ok(false);
        }
        self.staging
            .reuse(self.out, &file)
            .map_err(|e| self.write_error(e))
    }

    fn site_files(&self, group: SiteFiles<'_>) -> Result<bool, Diagnostic> {
        let name = group.name();
        match (
            self.site_files.get(&name),
            self.previous.site_files.get(&name),
        ) {
            (Some(now), Some((before, files))) if now == before => {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                self.staging
                    .reuse_all(self.out, &files)
                    .map_err(|e| self.write_error(e))
            }
            _ => Ok(false),
        }
    }

    fn made(&self, group: SiteFiles<'_>, files: Vec<String>) {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(group.name(), files);
    }
}

/// Stages 1 and 2: the validated site and its warnings, or every problem found.
pub(crate) fn load_and_validate(
    options: &BuildOptions,
    timings: &mut Timings,
) -> Result<(model::Site, Diagnostics), BuildFailure> {
    load_and_validate_cached(options, timings, &mut cache::BodyCache::default())
}

/// [`load_and_validate`] with Markdown bodies reused from `cache` where still valid (`serve`).
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

/// The site's assets and a renderer whose pages link to them.
fn renderer_and_assets(
    site: &model::Site,
) -> Result<(render::Renderer, assets::Assets), Vec<Diagnostic>> {
    let assets = site_assets(site);
    let renderer = render::Renderer::new(
        site,
        site.translations.clone(),
        Arc::new(assets.urls.clone()),
    )?;
    Ok((renderer, assets))
}

/// The theme's assets plus the embedded search module and worker, with hashed names.
pub(crate) fn site_assets(site: &model::Site) -> assets::Assets {
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
    assets::build(&all, &site.config.base_path)
}

/// Everything besides pages and indexes: assets (with the search module's precompressed copies
/// first, so they are not compressed again), images beside articles, and the server headers.
fn extra_files(
    site: &model::Site,
    assets: assets::Assets,
    precompress: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    if precompress && let Some(url) = assets.urls.get(index::WASM_ASSET) {
        let path = url
            .trim_start_matches(site.config.base_path.as_str())
            .to_string();
        out.push((format!("{path}.gz"), index::WASM_GZ.to_vec()));
        out.push((format!("{path}.br"), index::WASM_BR.to_vec()));
    }
    out.extend(assets.files);
    // The images beside articles: their copies, once for every language ([`images`]).
    let copies: Vec<Result<images::Files, Diagnostic>> = site
        .images
        .par_iter()
        .flat_map_iter(|(key, files)| {
            let (infos, _) = images::infos(files);
            files
                .iter()
                .filter_map(|f| {
                    let name = f.path.file_name()?.to_string_lossy().into_owned();
                    let info = infos.get(&name)?.as_ref()?;
                    Some(images::copies(key, f, info))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for copy in copies {
        out.extend(copy?);
    }
    let langs: Vec<&str> = site.config.language_codes().collect();
    let base_path = &site.config.base_path;
    out.push((
        "_headers".to_string(),
        headers::netlify(base_path).into_bytes(),
    ));
    out.push((
        "_redirects".to_string(),
        headers::netlify_redirects(base_path, &langs).into_bytes(),
    ));
    let default = site.config.default_language.as_str();
    for (path, text) in [
        (
            "_nginx/security-headers.conf",
            hosting::nginx_snippet(base_path, &langs),
        ),
        ("_nginx/vardguide.conf", hosting::nginx_server(base_path)),
        (
            "_apache/vardguide.conf",
            hosting::apache(base_path, &langs, default),
        ),
        (
            "_caddy/Caddyfile",
            hosting::caddy(base_path, &langs, default),
        ),
    ] {
        out.push((path.to_string(), text.into_bytes()));
    }
    Ok(out)
}

/// Load, validate, render and index into memory; nothing is written.
pub fn plan(
    options: &BuildOptions,
    on_stage: &dyn Fn(Stage, usize),
    tick: &(dyn Fn() + Sync),
) -> Result<Planned, BuildFailure> {
    on_stage(Stage::Check, 0);
    let mut timings = Timings::default();
    let (site, mut diags) = load_and_validate(options, &mut timings)?;

    let t = Instant::now();
    let pages = render::page_count(&site);
    on_stage(Stage::Render, pages.values().sum());
    let rendered = renderer_and_assets(&site).and_then(|(renderer, assets)| {
        renderer
            .all(&site, tick)
            .map(|files| (renderer, assets, files))
    });
    let rendered = rendered.and_then(|(renderer, assets, files)| {
        let extra = extra_files(&site, assets, false).map_err(|e| vec![e])?;
        Ok((renderer, extra, files))
    });
    let (renderer, extra, files) = match rendered {
        Ok(r) => r,
        Err(errors) => {
            diags.extend(errors);
            return Err(BuildFailure {
                diagnostics: diags.into_sorted(),
            });
        }
    };
    let mut plan = OutputPlan::default();
    for (path, bytes) in files.into_iter().chain(extra) {
        if let Err(e) = plan.add(path, bytes) {
            diags.push(
                Diagnostic::error("content", e.to_string())
                    .help("two pages or files map to the same output path; change a slug"),
            );
        }
    }
    if diags.has_errors() {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        });
    }
    timings.render = t.elapsed();

    let t = Instant::now();
    on_stage(Stage::Index, site.config.languages.len());
    match index::build(&site, tick) {
        Ok(files) => {
            for (path, bytes) in files {
                if let Err(e) = plan.add(path, bytes) {
                    diags.push(Diagnostic::error("content", e.to_string()).help(
                        "a page's URL collides with the search index folder; change its slug",
                    ));
                }
            }
        }
        Err(errors) => diags.extend(errors),
    }
    if diags.has_errors() {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        });
    }
    timings.index = t.elapsed();

    Ok(Planned {
        site,
        renderer,
        plan,
        diagnostics: diags,
        pages,
        timings,
    })
}
