//! The stages after validation, run the same way by `build`, by `serve`'s first build and by its
//! rebuilds: the page graph's fingerprints are compared with what the previous run made
//! ([`Made`]); what changed is rendered, made again and indexed, and the rest is kept. Where the
//! files go is the caller's ([`Output`]): a staging folder on disk for `build`, memory for
//! `serve`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

use crate::base::diagnostics::Diagnostic;
use crate::cache::Made;
use crate::graph::files::{self, SiteFiles};
use crate::graph::pages::{self, PageId};
use crate::index;
use crate::model::Site;
use crate::render::Renderer;

use super::Stage;

/// Where a run's files go.
pub trait Output: Sync {
    /// A file made by this run.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    /// Keeps the previous run's `paths` as they are. False when they cannot be kept: they are
    /// then made again.
    fn keep(&self, paths: &[&str]) -> Result<bool, Diagnostic>;
    /// Keeps the previous run's search index of `lang`; false as for [`Output::keep`].
    fn keep_index(&self, lang: &str) -> Result<bool, Diagnostic>;
    /// Called when the pages of the articles to show first have all been put.
    fn first_done(&self) {}
}

/// When the search indexes are built.
pub enum Indexing<'a> {
    /// In this run, reusing the chunks of unchanged documents from `store` when there is one.
    Now(Option<&'a index::ChunkStore>),
    /// By the caller, later: the run only says which languages need it (`serve`, which shows the
    /// pages first).
    Later,
}

/// What a run is given besides the site.
pub struct Run<'a> {
    /// What the previous run made; empty for a first build, when everything is made.
    pub previous: &'a Made,
    pub output: &'a dyn Output,
    pub indexing: Indexing<'a>,
    /// Work out the fingerprints for the next run (a build with a cache, `serve`). Without them
    /// everything is made and nothing is recorded.
    pub record: bool,
    /// Free the articles' words once they are indexed (a build, which needs them no more).
    pub release_text: bool,
    /// The articles (`(key, lang)`) whose pages are rendered first (the ones just saved).
    pub first: &'a [(String, String)],
    /// Asked after the pages shown first: when it says yes, the run stops and returns `None`.
    pub cancelled: &'a dyn Fn() -> bool,
    /// Called when each stage begins, with its number of steps.
    pub on_stage: &'a dyn Fn(Stage, usize),
    /// Called once per step (a page, a language's index).
    pub tick: &'a (dyn Fn() + Sync),
}

/// What a run did.
pub struct Outcome {
    /// What to compare the next run with.
    pub made: Made,
    /// Pages rendered, and pages kept from the previous run.
    pub rendered: usize,
    pub kept: usize,
    /// Files the previous run made that this one does not (a slug changed, an article was
    /// deleted), sorted.
    pub removed: Vec<String>,
    /// Languages whose index was built ([`Indexing::Now`]) or needs building
    /// ([`Indexing::Later`]).
    pub reindex: Vec<String>,
    pub renderer: Renderer,
    pub render_time: Duration,
    pub index_time: Duration,
}

/// Renders, makes and indexes what changed since `run.previous` into `run.output`. The site is
/// borrowed mutably only to free its words after indexing ([`Run::release_text`]).
pub fn run(
    site: &mut Site,
    renderer: Renderer,
    run: &Run<'_>,
) -> Result<Option<Outcome>, Vec<Diagnostic>> {
    let started = Instant::now();
    // What the stages share across threads (the callbacks that are only called here are not).
    let (previous, output, tick) = (run.previous, run.output, run.tick);
    let store = match run.indexing {
        Indexing::Now(store) => Some(store),
        Indexing::Later => None,
    };
    let compare = run.record || !previous.pages.is_empty();
    // The graph: every page's and group's fingerprint, and each index's inputs.
    let (pages_now, groups_now, inputs) = {
        let input_hashes = if compare {
            pages::input_hashes(site)
        } else {
            Default::default()
        };
        let fingerprints = if compare {
            pages::fingerprints(site, &input_hashes)
        } else {
            BTreeMap::new()
        };
        let groups: BTreeMap<String, u64> = SiteFiles::all(site)
            .into_iter()
            .filter(|_| compare)
            .map(|g| {
                let f = pages::site_file_fingerprint(site, g, &input_hashes, &fingerprints);
                (g.name(), f)
            })
            .collect();
        let inputs = pages::index_input_hashes(site, &input_hashes);
        (fingerprints, groups, inputs)
    };
    // Looked up once or twice per page: hashed, not searched.
    let before: FxHashMap<&str, u64> = run
        .previous
        .pages
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let now: FxHashMap<&str, u64> = pages_now.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let unchanged = |file: &str| now.get(file).is_some_and(|f| before.get(file) == Some(f));
    let default_404 = PageId::NotFound(&site.config.default_language).file();
    let keep_page = |id: PageId<'_>| -> Result<bool, Diagnostic> {
        let file = id.file();
        if !unchanged(&file) {
            return Ok(false);
        }
        if file == default_404 {
            output.keep(&[&file, files::NOT_FOUND])
        } else {
            output.keep(&[&file])
        }
    };
    let index_unchanged = |lang: &str| {
        !previous.inputs.is_empty()
            && pages::index_inputs_unchanged(lang, &inputs, &previous.inputs)
    };
    let sink = |path: String, bytes: Vec<u8>| output.put(path, bytes);
    let made_groups: Mutex<BTreeMap<String, Vec<String>>> = Mutex::default();
    let setup = started.elapsed();

    // The pages of the articles just saved, first.
    let ids = site.page_ids();
    let first_ids: Vec<PageId<'_>> = ids
        .iter()
        .copied()
        .filter(|id| match id {
            PageId::Article { key, lang, .. } => {
                run.first.iter().any(|(k, l)| k == key && l == lang) && !unchanged(&id.file())
            }
            _ => false,
        })
        .collect();
    if !first_ids.is_empty() {
        renderer.render_pages(site, &first_ids, &|_| Ok(false), &sink, &|| {})?;
    }
    output.first_done();
    if (run.cancelled)() {
        return Ok(None);
    }
    let first_files: Vec<String> = first_ids.iter().map(PageId::file).collect();
    drop(first_ids);

    let ids_count = ids.len();
    let to_render = ids
        .iter()
        .filter(|id| {
            let file = id.file();
            !unchanged(&file) && !first_files.contains(&file)
        })
        .count();
    // The pages are listed again where they are rendered: the site may change before that.
    drop(ids);
    // Pages kept as they were: unchanged, and the output could keep their files.
    let kept = std::sync::atomic::AtomicUsize::new(0);

    let reindex: Vec<String> = site
        .config
        .language_codes()
        .filter(|l| !index_unchanged(l))
        .map(String::from)
        .collect();
    let index_stage = |site: &Site| -> Result<(Duration, Vec<String>), Vec<Diagnostic>> {
        let t = Instant::now();
        let Some(store) = store else {
            return Ok((Duration::ZERO, reindex.clone()));
        };
        let mut build = Vec::new();
        for lang in site.config.language_codes() {
            if !reindex.iter().any(|l| l == lang) && output.keep_index(lang).map_err(|e| vec![e])? {
                (tick)();
            } else {
                build.push(lang);
            }
        }
        for (path, bytes) in index::build_languages(site, &build, store, tick)? {
            sink(path, bytes).map_err(|e| vec![e])?;
        }
        Ok((t.elapsed(), build.into_iter().map(String::from).collect()))
    };
    let render_stage = |site: &Site| -> Result<Duration, Vec<Diagnostic>> {
        let t = Instant::now();
        // The groups of site files are made beside the pages, on rayon's threads too, so they
        // use memory the pages have freed rather than the calling thread's own.
        let (pages, groups) = rayon::join(
            || {
                let ids = site.page_ids();
                let keep = |id: PageId<'_>| {
                    if !first_files.is_empty() && first_files.contains(&id.file()) {
                        return Ok(true);
                    }
                    let keeping = keep_page(id)?;
                    if keeping {
                        kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(keeping)
                };
                renderer.render_pages(site, &ids, &keep, &sink, tick)
            },
            || -> Result<(), Diagnostic> {
                for group in SiteFiles::all(site) {
                    let name = group.name();
                    if let (Some(now), Some((before, files))) =
                        (groups_now.get(&name), previous.site_files.get(&name))
                        && now == before
                    {
                        let files: Vec<&str> = files.iter().map(String::as_str).collect();
                        if output.keep(&files)? {
                            continue;
                        }
                    }
                    let made = renderer.site_files(site, group)?;
                    let names = made.iter().map(|(p, _)| p.clone()).collect();
                    made_groups
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(name, names);
                    for (path, bytes) in made {
                        sink(path, bytes)?;
                    }
                }
                Ok(())
            },
        );
        pages?;
        groups.map_err(|d| vec![d])?;
        Ok(t.elapsed())
    };

    // The indexes are built before the pages, and the bodies' words freed in between, so that a
    // large site never holds both at once. When few pages changed (an edit), the pages are
    // rendered while the changed languages are indexed: there is little to render, and the
    // index is most of the time.
    let overlap = !previous.pages.is_empty() && to_render * 10 <= ids_count;
    let languages = site.config.languages.len();
    let ((index_time, reindex), render_time) = if overlap {
        (run.on_stage)(Stage::Render, ids_count + languages);
        let (index, render) = rayon::join(|| index_stage(site), || render_stage(site));
        (index?, render?)
    } else {
        (run.on_stage)(Stage::Index, languages);
        let index = index_stage(site)?;
        if run.release_text {
            site.release_body_text();
        }
        (run.on_stage)(Stage::Render, ids_count);
        (index, render_stage(site)?)
    };

    // What the next run compares with, and what this one no longer makes.
    let made_groups = made_groups.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut removed: Vec<String> = run
        .previous
        .pages
        .keys()
        .filter(|f| compare && !pages_now.contains_key(*f))
        .cloned()
        .collect();
    let mut site_files = BTreeMap::new();
    for (name, fingerprint) in groups_now {
        let previous = previous.site_files.get(&name).map(|(_, f)| f);
        let Some(files) = made_groups.get(&name).or(previous) else {
            continue;
        };
        if let (Some(made), Some(old)) = (made_groups.get(&name), previous) {
            removed.extend(old.iter().filter(|f| !made.contains(f)).cloned());
        }
        site_files.insert(name, (fingerprint, files.clone()));
    }
    removed.sort();
    removed.dedup();
    Ok(Some(Outcome {
        made: Made {
            pages: pages_now,
            inputs,
            site_files,
        },
        rendered: ids_count - kept.load(std::sync::atomic::Ordering::Relaxed),
        kept: kept.into_inner(),
        removed,
        reindex,
        renderer,
        render_time: setup + render_time,
        index_time,
    }))
}
