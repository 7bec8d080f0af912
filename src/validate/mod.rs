//! Stage 2, validate: `Sources` → an immutable [`Site`] plus every diagnostic found. Parses front
//! matter and Markdown (in parallel), checks references between articles, topics, regions and
//! languages, and works out which translations may be out of date. `vardguide check` stops here.

pub mod report;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Position, suggestion};
use crate::cache::BodyCache;
use crate::graph::pages::{RESERVED_SEGMENTS, link_placeholder};
use crate::markdown::{self, BodyContext, Sanitizer};
use crate::model::{Article, Page, Site};
use crate::source::config::{self, Config};
use crate::source::files::SourceFile;
use crate::source::frontmatter::{self, ArticleFrontMatter, Date, Split};
use crate::source::load::{ContentSource, Sources};
use crate::source::names::is_valid_slug;
use crate::source::translations;
use crate::source::yaml;

/// Options that change what is validated.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Include articles marked `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
}

/// The longest title accepted; longer ones are almost certainly a mistake and break layouts.
pub const MAX_TITLE_CHARS: usize = 150;

fn text_key(path: &Path, text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (path, text).hash(&mut h);
    h.finish()
}

/// Validates everything that was loaded. Returns the site only when there were no errors.
pub fn validate(
    sources: Sources,
    options: &ValidateOptions,
    diags: &mut Diagnostics,
) -> Option<Site> {
    validate_cached(sources, options, diags, &mut BodyCache::default())
}

/// [`validate`], reusing the bodies in `cache` that are still valid and leaving in it the bodies
/// of this validation.
pub fn validate_cached(
    sources: Sources,
    options: &ValidateOptions,
    diags: &mut Diagnostics,
    cache: &mut BodyCache,
) -> Option<Site> {
    let site_yaml = sources.site_yaml.as_ref()?;
    let config = config::load(
        &site_yaml.text,
        &site_yaml.path,
        options.base_url.as_deref(),
        diags,
    )?;
    let translations = translations::load(&config, &sources.translations, diags);
    let snippets = crate::source::snippets::Snippets::new(sources.snippets.clone(), diags);
    // Health centres and fee tables first: article links may point at them. Their vocabularies
    // are the default language's UI strings; when the translations have errors of their own,
    // the units and fee tables are checked once those are fixed, not reported as unknown now.
    let (clinics, fees) = match &translations {
        Some(t) => load_directory(&sources, site_yaml, &config, t, diags),
        None => (Vec::new(), Vec::new()),
    };

    // The bodies leave their files first, so that each can be freed as soon as it is rendered:
    // a large site then never holds every source and every rendered body at once.
    let mut sources = sources;
    let body_texts: Vec<String> = sources
        .articles
        .par_iter_mut()
        .map(|src| detach_body(&mut src.file))
        .collect();
    let parsed = read_front_matter(&sources.articles, cache);
    let sorted = sort_articles(
        parsed,
        body_texts,
        &sources.unreadable_articles,
        &config,
        options,
        diags,
    );
    let (heads, head_bodies) =
        with_full_versions(sorted.heads, sorted.bodies, &sources.articles, diags);
    check_heads(&heads, &config, diags);
    let names = Names::of(&heads, &sources.articles, &sorted.unreadable);

    let region_codes: Vec<&str> = config.regions.iter().map(|r| r.code.as_str()).collect();
    let sanitizer = Sanitizer::new();
    // The images beside each article: their sizes (the pages write them) or their errors.
    let image_names: crate::source::images::InfosByOwner<'_> = sources
        .article_images
        .iter()
        .map(|(k, files)| {
            let (infos, errors) = crate::source::images::infos(files);
            diags.extend(errors);
            (k.as_str(), infos)
        })
        .collect();
    let targets = if translations.is_some() {
        LinkTargets {
            pages: sources.pages.iter().map(|p| p.key.as_str()).collect(),
            clinics: clinics.iter().map(|c| c.key.as_str()).collect(),
            fee_regions: fees.iter().map(|f| f.region.as_str()).collect(),
        }
    } else {
        // Units and fee tables were not read (see above): accept what their files name.
        LinkTargets {
            pages: sources.pages.iter().map(|p| p.key.as_str()).collect(),
            clinics: sources
                .clinics
                .iter()
                .filter_map(|f| f.path.file_stem().and_then(|s| s.to_str()))
                .collect(),
            fee_regions: config.regions.iter().map(|r| r.code.as_str()).collect(),
        }
    };
    let resolve = resolver(
        &names.keys,
        &config,
        &names.drafts,
        &names.unreadable_keys,
        &targets,
    );
    let bodies = BodyInputs {
        context: link_context(&names, &targets, &config, &region_codes, &snippets),
        config: &config,
        region_codes: &region_codes,
        images: &image_names,
        resolve: &resolve,
        sanitizer: &sanitizer,
        snippets: &snippets,
    };
    let rendered = bodies.render(&heads, head_bodies, cache);
    diags.extend(check_unreadable_bodies(
        sorted.unreadable_bodies,
        &bodies.context_for(Path::new(""), ""),
        &image_names,
    ));
    cache.entries = rendered
        .iter()
        .map(|(key, body, diags)| (*key, (body.clone(), diags.clone())))
        .collect();

    // Each article finished on its own, in parallel; what each found is added in order.
    let finished: Vec<(Article, Diagnostics)> = heads
        .par_iter()
        .zip(rendered)
        .map(|(h, (_, body, body_diags))| {
            let mut found = Diagnostics::new();
            found.extend(body_diags);
            found.extend(
                body.notes()
                    .iter()
                    .map(|n| n.to_diagnostic(&h.src.file.path)),
            );
            check_related(
                h,
                &names.slugs,
                &names.drafts,
                &names.unreadable_keys,
                &mut found,
            );
            let article = finish_article(h, body, &config, &names.slugs, &snippets, &mut found);
            (article, found)
        })
        .collect();
    let mut articles = Vec::with_capacity(finished.len());
    for (article, found) in finished {
        diags.extend(found);
        articles.push(article);
    }
    mark_outdated(&mut articles, &heads, &sorted.unreadable, diags);

    let pages = validate_pages(
        &sources,
        &config,
        &region_codes,
        &sanitizer,
        &resolve,
        (&names.slugs, &image_names),
        diags,
    );
    // The resolver borrows the clinics, fee tables and config that the site now takes.
    drop(resolve);
    // The articles' sources (their parsed front matter, above all) are freed on a thread of
    // their own: at 240,000 articles that takes a quarter of a second.
    drop((heads, names));
    let article_sources = std::mem::take(&mut sources.articles);
    let _ = std::thread::Builder::new().spawn(move || drop(article_sources));

    let translations = translations?;
    if diags.has_errors() {
        return None;
    }
    Some(Site::new(
        config,
        translations,
        articles,
        pages,
        clinics,
        fees,
        sources.article_images,
        sources.templates,
        sources.assets,
    ))
}

/// The health-care units and fee tables, checked against the default language's UI strings
/// (the services, visit types and other vocabularies a unit or fee table may name); and every
/// e-service's strings, which the units' pages show.
fn load_directory(
    sources: &Sources,
    site_yaml: &SourceFile,
    config: &Config,
    translations: &translations::Translations,
    diags: &mut Diagnostics,
) -> (
    Vec<crate::source::clinics::Clinic>,
    Vec<crate::source::fees::FeeTable>,
) {
    let default_keys: Vec<String> = translations
        .catalog(&config.default_language)
        .map(|c| c.entries.keys().cloned().collect())
        .unwrap_or_default();
    let mut vocab = crate::source::clinics::Vocabularies::from_keys(default_keys.iter());
    // A unit may only offer e-services the booking backend has a template for.
    vocab.eservices = config
        .eservices
        .services
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for s in &config.eservices.services {
        let mut keys = vec![s.name_key.clone(), s.description_key.clone()];
        keys.extend(s.login.iter().map(|m| format!("login.{m}")));
        for key in keys.into_iter().filter(|k| !default_keys.contains(k)) {
            let pos = site_yaml
                .text
                .lines()
                .position(|l| l.contains(&format!("id: {}", s.id)))
                .map(|i| Position::new(i + 1, 1));
            diags.push(
                Diagnostic::error(
                    &site_yaml.path,
                    format!("e-service `{}` needs the translation key `{key}`", s.id),
                )
                .at(pos)
                .help(format!("add `{key}: …` to every translations file")),
            );
        }
    }
    let clinics = crate::source::clinics::load(&sources.clinics, config, &vocab, diags);
    let visit_types: Vec<String> = default_keys
        .iter()
        .filter_map(|k| k.strip_prefix("fee_visit."))
        .map(String::from)
        .collect();
    let fees = crate::source::fees::load(&sources.fees, config, &visit_types, diags);
    (clinics, fees)
}

/// An article's front matter: its source, the parse (or the error), the cache key of its YAML
/// text and whether it was parsed now (not taken from the cache).
type ParsedArticle<'a> = (&'a ContentSource, ParsedHead<'a>, u64, bool);

/// Every article's front matter, in parallel: as the loader parsed it (a build's,
/// [`crate::source::load::load_with`]), else taken from the cache when its text is unchanged
/// (`serve` keeps it between builds), else parsed. The cache keeps this validation's front
/// matter: the entries still in use, and the new.
fn read_front_matter<'a>(
    articles: &'a [ContentSource],
    cache: &mut BodyCache,
) -> Vec<ParsedArticle<'a>> {
    let parsed: Vec<ParsedArticle<'a>> = articles
        .par_iter()
        .map(|src| {
            if let Some(read) = &src.read
                && let Some(fm) = &read.front_matter
            {
                // The source does not keep the front matter's text: a diagnostic that points
                // into it reads it again ([`Head::at`]).
                let split = Split {
                    yaml: "",
                    yaml_line: 2,
                    body: "",
                    body_line: (read.body_line as usize).max(3),
                };
                return (src, Ok((split, fm.clone())), 0, false);
            }
            let mut key = 0;
            let mut fresh = false;
            let r = frontmatter::split(&src.file.text, &src.file.path).and_then(|split| {
                key = text_key(&src.file.path, split.yaml);
                match cache.front_matter.get(&key) {
                    Some(fm) => Ok((split, fm.clone())),
                    None => {
                        fresh = true;
                        frontmatter::parse_article(&split, &src.file.path)
                            .map(|fm| (split, Arc::new(fm)))
                    }
                }
            });
            (src, r, key, fresh)
        })
        .collect();
    let in_use: std::collections::HashSet<u64> = parsed
        .iter()
        .filter(|(_, r, key, _)| r.is_ok() && *key != 0)
        .map(|(_, _, key, _)| *key)
        .collect();
    cache.front_matter.retain(|key, _| in_use.contains(key));
    for (_, r, key, fresh) in &parsed {
        if let (Ok((_, fm)), true) = (r, fresh) {
            cache.front_matter.insert(*key, fm.clone());
        }
    }
    parsed
}

/// The articles sorted by what becomes of them.
struct Sorted<'a> {
    /// Those published, with their bodies in the same order.
    heads: Vec<Head<'a>>,
    bodies: Vec<String>,
    /// (key, language) of each article whose front matter could not be read: reported once,
    /// and otherwise treated as present, so that nothing else (a translation's source, a link,
    /// `related:`) is reported as missing because of the same mistake.
    unreadable: BTreeSet<(&'a str, &'a str)>,
    /// Their bodies, still checked: every problem in a file is reported at once.
    unreadable_bodies: Vec<(&'a ContentSource, usize, String)>,
}

/// Sorts the parsed articles: published, left out (a draft, or a language the site does not
/// have, which is an error) or unreadable (its error reported here).
fn sort_articles<'a>(
    parsed: Vec<ParsedArticle<'a>>,
    mut body_texts: Vec<String>,
    unreadable_files: &'a [(String, String)],
    config: &Config,
    options: &ValidateOptions,
    diags: &mut Diagnostics,
) -> Sorted<'a> {
    let mut sorted = Sorted {
        heads: Vec::new(),
        bodies: Vec::new(),
        unreadable: unreadable_files
            .iter()
            .map(|(k, l)| (k.as_str(), l.as_str()))
            .collect(),
        unreadable_bodies: Vec::new(),
    };
    for ((src, result, _, _), body_text) in parsed.into_iter().zip(&mut body_texts) {
        match result {
            Ok((split, fm)) => {
                if config.language(&src.lang).is_none() {
                    diags.push(
                        Diagnostic::error(
                            &src.file.path,
                            format!("`{}` is not a language of this site", src.lang),
                        )
                        .help(format!(
                            "{}name the file after a language in site.yaml: {}",
                            suggestion(&src.lang, config.language_codes()),
                            config.language_codes().collect::<Vec<_>>().join(", ")
                        )),
                    );
                    continue;
                }
                if fm.draft && !options.drafts {
                    continue;
                }
                sorted.heads.push(Head { src, split, fm });
                sorted.bodies.push(std::mem::take(body_text));
            }
            Err(d) => {
                sorted
                    .unreadable
                    .insert((src.key.as_str(), src.lang.as_str()));
                diags.push(d);
                if let Ok(split) = frontmatter::split(&src.file.text, &src.file.path) {
                    let body = std::mem::take(body_text);
                    sorted.unreadable_bodies.push((src, split.body_line, body));
                }
            }
        }
    }
    sorted
}

/// The names links and `related:` lists are checked against.
struct Names<'a> {
    /// What can be linked: (key, language) → slug.
    slugs: BTreeMap<(&'a str, &'a str), String>,
    /// Every published article's key.
    keys: BTreeSet<&'a str>,
    /// The keys of articles whose front matter could not be read.
    unreadable_keys: BTreeSet<&'a str>,
    /// The keys of articles that are drafts in every language.
    drafts: BTreeSet<&'a str>,
}

impl<'a> Names<'a> {
    fn of(
        heads: &[Head<'a>],
        articles: &'a [ContentSource],
        unreadable: &BTreeSet<(&'a str, &'a str)>,
    ) -> Self {
        let slugs = heads
            .iter()
            .filter(|h| !h.src.easy)
            .map(|h| ((h.src.key.as_str(), h.src.lang.as_str()), slug_of(h)))
            .collect();
        let keys: BTreeSet<&str> = heads.iter().map(|h| h.src.key.as_str()).collect();
        let unreadable_keys: BTreeSet<&str> = unreadable.iter().map(|(k, _)| *k).collect();
        let drafts = articles
            .iter()
            .map(|a| a.key.as_str())
            .filter(|k| !keys.contains(k) && !unreadable_keys.contains(k))
            .collect();
        Names {
            slugs,
            keys,
            unreadable_keys,
            drafts,
        }
    }
}

/// A hash of what every body's links resolve against: a body whose text and images are
/// unchanged renders the same while this is unchanged.
fn link_context(
    names: &Names<'_>,
    targets: &LinkTargets<'_>,
    config: &Config,
    region_codes: &[&str],
    snippets: &crate::source::snippets::Snippets,
) -> u64 {
    let mut h = DefaultHasher::new();
    (&names.keys, &names.drafts, &names.unreadable_keys).hash(&mut h);
    (&targets.pages, &targets.clinics, &targets.fee_regions).hash(&mut h);
    (&config.base_path, &config.default_language, region_codes).hash(&mut h);
    config.language_codes().for_each(|l| l.hash(&mut h));
    config
        .eservices
        .services
        .iter()
        .for_each(|s| s.id.hash(&mut h));
    snippets.hash().hash(&mut h);
    h.finish()
}

/// A rendered body: its cache key, the body and what rendering it found.
type RenderedArticle = (u64, Arc<markdown::RenderedBody>, Vec<Diagnostic>);

/// What the articles' bodies are rendered with.
struct BodyInputs<'a> {
    /// See [`link_context`].
    context: u64,
    config: &'a Config,
    region_codes: &'a [&'a str],
    images: &'a crate::source::images::InfosByOwner<'a>,
    resolve: &'a (dyn Fn(&str, &str) -> Result<String, String> + Sync),
    sanitizer: &'a Sanitizer,
    snippets: &'a crate::source::snippets::Snippets,
}

impl BodyInputs<'_> {
    /// The context of the body of the article `key` in `file`.
    fn context_for<'c>(&'c self, file: &'c Path, key: &'c str) -> BodyContext<'c> {
        static NO_IMAGES: std::sync::LazyLock<crate::source::images::Infos> =
            std::sync::LazyLock::new(Default::default);
        BodyContext {
            file,
            regions: self.region_codes,
            images: self.images.get(key).unwrap_or(&NO_IMAGES),
            key,
            base_path: &self.config.base_path,
            resolve: self.resolve,
            sanitizer: self.sanitizer,
        }
    }

    /// The key a body is cached under: what it is rendered from.
    fn cache_key(&self, h: &Head<'_>, body: &str) -> u64 {
        // xxh3: a large site's text is hashed on every build, and this is several times
        // faster than the default hasher.
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let body = match &h.src.read {
            Some(read) => read.body_hash,
            None => crate::source::load::body_hash(body),
        };
        (self.context, &h.src.file.path, body, h.split.body_line).hash(&mut hasher);
        self.images.get(h.src.key.as_str()).hash(&mut hasher);
        hasher.finish()
    }

    /// Every body, in parallel: from the cache when what it is rendered from is unchanged.
    fn render(
        &self,
        heads: &[Head<'_>],
        bodies: Vec<String>,
        cache: &BodyCache,
    ) -> Vec<RenderedArticle> {
        heads
            .par_iter()
            .zip(bodies)
            .map(|(h, body_text)| {
                let key = self.cache_key(h, &body_text);
                if let Some((body, diags)) = cache.get(key) {
                    // The source text goes before the stored body is read: they are about as
                    // large.
                    drop(body_text);
                    return (key, body, diags);
                }
                let (body, diags) = self.render_one(h, body_text);
                let body = match &cache.spill {
                    Some(spill) => body.into_stored(|content| spill.put(content)),
                    None => body,
                };
                (key, Arc::new(body), diags)
            })
            .collect()
    }

    fn render_one(
        &self,
        h: &Head<'_>,
        body_text: String,
    ) -> (markdown::RenderedBody, Vec<Diagnostic>) {
        // An unchanged file was not read: its body is read now, as its stored rendering no
        // longer fits (a link target was added or removed).
        let body_text = match h.src.read.as_ref().filter(|r| r.unread.is_some()) {
            Some(read) => match crate::source::load::read_body(read) {
                Some(text) => text,
                None => {
                    let changed = Diagnostic::error(
                        &h.src.file.path,
                        "the file changed while the site was being built",
                    )
                    .help("build again");
                    let ctx = self.context_for(&h.src.file.path, "");
                    let (body, _) = markdown::render("", h.split.body_line, &ctx);
                    return (body, vec![changed]);
                }
            },
            None => body_text,
        };
        let ctx = self.context_for(&h.src.file.path, &h.src.key);
        // Shared texts in place; what is said about them points at their own files.
        let expanded =
            self.snippets
                .expand(&body_text, &h.src.lang, &h.src.file.path, h.split.body_line);
        let (mut body, mut diags) = markdown::render(&expanded.text, h.split.body_line, &ctx);
        expanded.place_diagnostics(&mut diags);
        body.relocate_lines(|line| expanded.article_line(line));
        diags.extend(expanded.errors);
        (body, diags)
    }
}

/// The article of a head and its rendered body: an easy-to-read version takes its full
/// version's slug (and is checked for its readability), and an article that takes shared texts
/// gets a text hash that follows them.
fn finish_article(
    h: &Head<'_>,
    body: Arc<markdown::RenderedBody>,
    config: &Config,
    slugs: &BTreeMap<(&str, &str), String>,
    snippets: &crate::source::snippets::Snippets,
    diags: &mut Diagnostics,
) -> Article {
    let mut article = make_article(h, body, config);
    if article.easy {
        if let Some(slug) = slugs.get(&(h.src.key.as_str(), h.src.lang.as_str())) {
            article.slug.clone_from(slug);
        }
        if let Some(d) = easy_too_hard(&article) {
            diags.push(d);
        }
    }
    if let Some(read) = h.src.read.as_ref().filter(|r| !r.includes.is_empty()) {
        let taken: Vec<Option<u64>> = read
            .includes
            .iter()
            .map(|key| snippets.text_hash(key, &h.src.lang))
            .collect();
        article.text_hash =
            crate::source::review::text_hash(&h.fm.title, &h.fm.summary, read.body_hash, &taken);
    }
    article
}

/// The problems in the bodies of articles whose front matter could not be read: their links,
/// care blocks and images are checked as any other body's, so that one mistake in the front
/// matter does not hide the others in the same file.
fn check_unreadable_bodies(
    bodies: Vec<(&ContentSource, usize, String)>,
    ctx: &BodyContext<'_>,
    image_names: &crate::source::images::InfosByOwner<'_>,
) -> Vec<Diagnostic> {
    bodies
        .into_par_iter()
        .flat_map_iter(|(src, body_line, text)| {
            let text = match src.read.as_ref().filter(|r| r.unread.is_some()) {
                Some(read) => match crate::source::load::read_body(read) {
                    Some(text) => text,
                    None => {
                        return vec![
                            Diagnostic::error(
                                &src.file.path,
                                "the file changed while the build was reading it",
                            )
                            .help("build again once the file is saved"),
                        ];
                    }
                },
                None => text,
            };
            let ctx = BodyContext {
                file: &src.file.path,
                images: image_names.get(src.key.as_str()).unwrap_or(ctx.images),
                key: &src.key,
                ..*ctx
            };
            let (body, mut diags) = markdown::render(&text, body_line, &ctx);
            diags.extend(body.notes().iter().map(|n| n.to_diagnostic(&src.file.path)));
            diags
        })
        .collect()
}

/// The new body of the article `src` (already in `site`), when its file changed in the body alone
/// and the body has no errors; `None` when anything else of the article changed or the new text
/// has a problem (the full validation then says what). A body shows on its own page only (lists,
/// other languages and the search results show the front matter), so `serve` can put that page
/// out at once and leave the rest of the rebuild for later.
pub fn body_only_change(site: &Site, src: &ContentSource) -> Option<Arc<markdown::RenderedBody>> {
    let current = site.article(&src.key, &src.lang)?;
    let split = frontmatter::split(&src.file.text, &src.file.path).ok()?;
    let fm = frontmatter::parse_article(&split, &src.file.path).ok()?;
    let head = Head {
        src,
        split,
        fm: Arc::new(fm),
    };
    // Everything but the body as it is in the site: then no other page changes.
    // A body that takes shared texts goes through the whole pipeline.
    if head_has_snippets(&head) {
        return None;
    }
    let mut probe = make_article(&head, current.body.clone(), &site.config);
    probe.possibly_outdated = current.possibly_outdated;
    // The text hash follows the body, and no page shows it: what it changes (a review warning,
    // a translation checked against this text now possibly out of date) is the rebuild's to show.
    probe.text_hash.clone_from(&current.text_hash);
    if probe != *current {
        return None;
    }
    let keys: BTreeSet<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
    let none = BTreeSet::new();
    let targets = LinkTargets {
        pages: site.pages.iter().map(|p| p.key.as_str()).collect(),
        clinics: site.clinics.iter().map(|c| c.key.as_str()).collect(),
        fee_regions: site.fees.iter().map(|f| f.region.as_str()).collect(),
    };
    let resolve = resolver(&keys, &site.config, &none, &none, &targets);
    let region_codes: Vec<&str> = site
        .config
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    let (images, _) =
        crate::source::images::infos(site.images.get(&src.key).map_or(&[], |v| v.as_slice()));
    let sanitizer = Sanitizer::new();
    let ctx = BodyContext {
        file: &src.file.path,
        regions: &region_codes,
        images: &images,
        key: &src.key,
        base_path: &site.config.base_path,
        resolve: &resolve,
        sanitizer: &sanitizer,
    };
    let (body, diags) = markdown::render(head.split.body, head.split.body_line, &ctx);
    if diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(Arc::new(body))
}

/// What links can point at besides articles, by link scheme.
struct LinkTargets<'a> {
    pages: BTreeSet<&'a str>,
    clinics: BTreeSet<&'a str>,
    fee_regions: BTreeSet<&'a str>,
}

/// Whether a link to a page of the site (see [`markdown::LINK_SCHEMES`]) has a target, and the
/// placeholder it is stored as until render time ([`crate::graph::pages::LINK_TARGET_PREFIX`]): the URL
/// depends on the page that shows the body, and on slugs that may change.
fn resolver<'a>(
    keys: &'a BTreeSet<&'a str>,
    config: &'a Config,
    drafts: &'a BTreeSet<&'a str>,
    unreadable: &'a BTreeSet<&'a str>,
    targets: &'a LinkTargets<'a>,
) -> impl Fn(&str, &str) -> Result<String, String> + Sync + 'a {
    move |scheme: &str, key: &str| -> Result<String, String> {
        let check = |known: Vec<&str>, what: &str| {
            if known.contains(&key) {
                Ok(link_placeholder(scheme, key))
            } else {
                Err(format!(
                    "no such {what}. {}{what}s: {}",
                    suggestion(key, known.iter().copied()),
                    known.join(", ")
                ))
            }
        };
        match scheme {
            "article" => {}
            "page" => return check(targets.pages.iter().copied().collect(), "page"),
            "clinic" => {
                return check(targets.clinics.iter().copied().collect(), "health centre");
            }
            "region" => {
                let codes = config.regions.iter().map(|r| r.code.as_str()).collect();
                return check(codes, "region");
            }
            "fees" | "eservice" if key.is_empty() => return Ok(link_placeholder(scheme, key)),
            "fees" => return check(targets.fee_regions.iter().copied().collect(), "fee table"),
            _ => {
                let ids = config
                    .eservices
                    .services
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                return check(ids, "e-service");
            }
        }
        // An article whose front matter has an error of its own is reported once, there.
        if keys.contains(key) || unreadable.contains(key) {
            Ok(link_placeholder(scheme, key))
        } else if drafts.contains(key) {
            Err("that article is a draft; publish it or remove the link".to_string())
        } else {
            Err(
                format!("no such article. {}", suggestion(key, keys.iter().copied()))
                    .trim()
                    .to_string(),
            )
        }
    }
}

fn make_article(h: &Head<'_>, body: Arc<markdown::RenderedBody>, config: &Config) -> Article {
    let next_review = h.fm.next_review.unwrap_or_else(|| {
        Date(
            h.fm.reviewed
                .0
                .checked_add_months(chrono::Months::new(config.review_interval_months))
                .unwrap_or(h.fm.reviewed.0),
        )
    });
    Article {
        key: h.src.key.clone(),
        lang: h.src.lang.clone(),
        easy: h.src.easy,
        source: h.src.file.path.clone(),
        title: h.fm.title.trim().to_string(),
        summary: h.fm.summary.trim().to_string(),
        kind: h.fm.kind,
        topics: h.fm.topics.clone(),
        reviewed: h.fm.reviewed,
        reviewer: h.fm.reviewer.clone(),
        next_review,
        updated: h.fm.updated.unwrap_or(h.fm.reviewed),
        slug: slug_of(h),
        related: h.fm.related.clone(),
        draft: h.fm.draft,
        translated_from: h.fm.translated_from.clone(),
        keywords: h.fm.keywords.clone(),
        possibly_outdated: false,
        // Without the shared texts it takes: validation adds their hashes where it has them.
        text_hash: crate::source::review::text_hash(
            &h.fm.title,
            &h.fm.summary,
            h.src.read.as_ref().map_or(0, |r| r.body_hash),
            &[],
        ),
        review_hash: h.fm.review_hash.clone(),
        body,
    }
}

/// Whether a body takes a shared text ([`crate::source::snippets`]).
fn head_has_snippets(head: &Head<'_>) -> bool {
    head.split.body.contains(":::snippet")
}

/// A split file and its front matter, or why it could not be parsed.
/// Moves an article's body (everything after its front matter) out of `file`, which keeps the
/// front matter and its closing line, so positions in it stay the same. A file whose front
/// matter cannot be read is left whole (validation reports it) and gives an empty body.
fn detach_body(file: &mut SourceFile) -> String {
    let Ok(split) = frontmatter::split(&file.text, &file.path) else {
        return String::new();
    };
    let start = file.text.len() - split.body.len();
    // The small front matter is copied; the body keeps the file's buffer (moved down in place),
    // so a large site's text is not copied into new memory.
    let head = file.text[..start].to_string();
    let mut body = std::mem::replace(&mut file.text, head);
    body.drain(..start);
    body
}

type ParsedHead<'a> = Result<(Split<'a>, Arc<ArticleFrontMatter>), Diagnostic>;

/// An article's source with its parsed front matter.
struct Head<'a> {
    src: &'a ContentSource,
    split: Split<'a>,
    fm: Arc<ArticleFrontMatter>,
}

impl Head<'_> {
    fn at(&self, key: &str, value: Option<&str>) -> Option<Position> {
        let read_again;
        let yaml = match &self.src.read {
            // Parsed by the loader, which kept no text: read it again for the position.
            Some(read) if read.front_matter.is_some() && self.split.yaml.is_empty() => {
                read_again = crate::source::load::read_yaml(read)?;
                read_again.as_str()
            }
            _ => self.split.yaml,
        };
        yaml::locate(yaml, key, value).map(|(l, c)| Position::new(l + self.split.yaml_line - 1, c))
    }

    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.src.file.path, message)
    }
}

fn slug_of(h: &Head<'_>) -> String {
    h.fm.slug.clone().unwrap_or_else(|| h.src.key.clone())
}

/// A warning for an easy-to-read version whose LIX is above [`readability::EASY_MAX_LIX`], in a
/// language LIX fits, at its longest sentence and naming the others to shorten.
fn easy_too_hard(a: &Article) -> Option<Diagnostic> {
    use crate::base::readability::{EASY_MAX_LIX, LIX_LANGUAGES};
    if !LIX_LANGUAGES.contains(&a.lang.as_str()) {
        return None;
    }
    let r = &a.body.face().readability;
    let lix = r.lix().filter(|lix| *lix > EASY_MAX_LIX)?;
    let sentences: Vec<String> = r
        .longest
        .iter()
        .map(|(line, words)| format!("line {line} ({words} words)"))
        .collect();
    Some(
        Diagnostic::warning(
            &a.source,
            format!("this easy-to-read version has a LIX of {lix:.1}, above {EASY_MAX_LIX:.0}"),
        )
        .at(r.longest.first().map(|(line, _)| Position::new(*line, 1)))
        .help(format!(
            "shorten the longest sentences first: {}; use common, short words",
            sentences.join(", ")
        )),
    )
}

/// The heads (and their bodies) but the easy-to-read versions without a full version in their
/// language: an error, unless the full version is there but left out (a draft, or a file that
/// could not be read), when the easy one is left out with it.
fn with_full_versions<'s>(
    heads: Vec<Head<'s>>,
    bodies: Vec<String>,
    sources: &[ContentSource],
    diags: &mut Diagnostics,
) -> (Vec<Head<'s>>, Vec<String>) {
    let full: FxHashSet<(&'s str, &'s str)> = heads
        .iter()
        .filter(|h| !h.src.easy)
        .map(|h| {
            let src: &'s ContentSource = h.src;
            (src.key.as_str(), src.lang.as_str())
        })
        .collect();
    let written: FxHashSet<(&str, &str)> = sources
        .iter()
        .filter(|s| !s.easy)
        .map(|s| (s.key.as_str(), s.lang.as_str()))
        .collect();
    heads
        .into_iter()
        .zip(bodies)
        .filter(|(h, _)| {
            if !h.src.easy || full.contains(&(h.src.key.as_str(), h.src.lang.as_str())) {
                return true;
            }
            if !written.contains(&(h.src.key.as_str(), h.src.lang.as_str())) {
                diags.push(
                    Diagnostic::error(
                        &h.src.file.path,
                        format!(
                            "an easy-to-read version needs the full article in the same language: there is no content/articles/{}/{}.md",
                            h.src.key, h.src.lang
                        ),
                    )
                    .help("write the full article first, or name the file after the language of the full article it simplifies"),
                );
            }
            false
        })
        .unzip()
}

fn check_heads(heads: &[Head<'_>], config: &Config, diags: &mut Diagnostics) {
    // Each head checked on its own, in parallel; then the slugs compared in order.
    let checked: Vec<(Option<String>, Diagnostics)> = heads
        .par_iter()
        .map(|h| {
            let mut found = Diagnostics::new();
            let slug = check_head(h, config, &mut found);
            (slug, found)
        })
        .collect();
    let mut slug_owner: FxHashMap<(&str, String), &Path> = FxHashMap::default();
    for (h, (slug, found)) in heads.iter().zip(checked) {
        diags.extend(found);
        let Some(slug) = slug else {
            continue;
        };
        // An easy-to-read version lives below its full version's address.
        if h.src.easy {
            if h.fm.slug.is_some() {
                diags.push(
                    Diagnostic::warning(
                        &h.src.file.path,
                        "`slug:` is ignored in an easy-to-read version",
                    )
                    .at(h.at("slug", None))
                    .help("its address is the full article's, followed by `easy/`; remove `slug:`"),
                );
            }
            continue;
        }
        match slug_owner.entry((h.src.lang.as_str(), slug)) {
            Entry::Occupied(owner) => diags.push(duplicate_slug(h, &owner.key().1, owner.get())),
            Entry::Vacant(owner) => {
                owner.insert(&h.src.file.path);
            }
        }
    }
}

/// The Unicode controls that override or embed a direction (U+202A–U+202E) or isolate one
/// (U+2066–U+2069): invisible, and able to show a title in another order than it is written.
/// The marks U+200E and U+200F, which Arabic and Persian text may need, are allowed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn duplicate_slug(h: &Head<'_>, slug: &str, other: &Path) -> Diagnostic {
    h.error(format!(
        "slug `{slug}` is already used by {} in language `{}`",
        other.display(),
        h.src.lang
    ))
    .at(h.at("slug", None).or(Some(Position::new(1, 1))))
    .help("give one of the articles a different `slug:`")
}

/// The checks of one article that need no other article. Returns its slug when it is valid.
fn check_head(h: &Head<'_>, config: &Config, diags: &mut Diagnostics) -> Option<String> {
    {
        let fm = &h.fm;
        let title = fm.title.trim();
        if title.is_empty() {
            diags.push(
                h.error("the title is empty")
                    .at(h.at("title", None))
                    .help("write the article's title after `title:`"),
            );
        } else if title.chars().count() > MAX_TITLE_CHARS {
            diags.push(
                h.error(format!(
                    "the title is {} characters long; at most {MAX_TITLE_CHARS} are allowed",
                    title.chars().count()
                ))
                .at(h.at("title", None))
                .help("shorten the title and move the detail into `summary:` or the text"),
            );
        }
        for (field, text) in [("title", &fm.title), ("summary", &fm.summary)] {
            if let Some(c) = text.chars().find(|&c| is_bidi_control(c)) {
                diags.push(
                    h.error(format!(
                        "the {field} holds the invisible direction control U+{:04X}",
                        u32::from(c)
                    ))
                    .at(h.at(field, None))
                    .help("remove it: it can make the text read in another order than it is written (lists, search results and the page title show it as is); the site isolates numbers itself"),
                );
            }
        }
        if fm.summary.trim().is_empty() {
            diags.push(
                h.error("the summary is empty")
                    .at(h.at("summary", None))
                    .help("write one sentence saying what the article covers"),
            );
        }
        if fm.reviewer.name.trim().is_empty() || fm.reviewer.role.trim().is_empty() {
            diags.push(
                h.error("the reviewer needs a name and a role")
                    .at(h.at("reviewer", None))
                    .help("write `reviewer: {name: …, role: …}`"),
            );
        }
        if fm.topics.is_empty() {
            diags.push(h.error("no topics").at(h.at("topics", None)).help(format!(
                "add at least one topic from site.yaml: {}",
                config.topics.join(", ")
            )));
        }
        for topic in &fm.topics {
            if !config.topics.contains(topic) {
                diags.push(
                    h.error(format!("unknown topic `{topic}`"))
                        .at(h.at("topics", Some(topic)))
                        .help(format!(
                            "{}topics are listed in site.yaml: {}",
                            suggestion(topic, config.topics.iter().map(String::as_str)),
                            config.topics.join(", ")
                        )),
                );
            }
        }
        if let Some(next) = fm.next_review
            && next < fm.reviewed
        {
            diags.push(
                h.error(format!("next_review ({next}) is before reviewed ({})", fm.reviewed))
                    .at(h.at("next_review", None))
                    .help("set next_review after the review date, or remove it to use the site's review interval"),
            );
        }
        let slug = slug_of(h);
        if let Some(s) = &fm.slug
            && !is_valid_slug(s)
        {
            diags.push(
                h.error(format!("slug `{s}` is not allowed"))
                    .at(h.at("slug", None))
                    .help("use lowercase letters, digits and single hyphens (no `/`, `.` or spaces), e.g. `feber-hos-vuxna`"),
            );
            return None;
        }
        if RESERVED_SEGMENTS.contains(&slug.as_str()) {
            diags.push(
                h.error(format!(
                    "slug `{slug}` is reserved for one of the site's own pages"
                ))
                .at(h.at("slug", None))
                .help(format!(
                    "choose another slug; reserved: {}",
                    RESERVED_SEGMENTS.join(", ")
                )),
            );
        }
        if let Some(tf) = &fm.translated_from {
            if tf.lang == h.src.lang {
                diags.push(
                    h.error("`translated_from` names the article's own language")
                        .at(h.at("translated_from", None))
                        .help("name the language this text was translated from, or remove `translated_from` from the original"),
                );
            } else if config.language(&tf.lang).is_none() {
                diags.push(
                    h.error(format!(
                        "`translated_from` names `{}`, which is not a language of this site",
                        tf.lang
                    ))
                    .at(h.at("translated_from", None))
                    .help(format!(
                        "use one of: {}",
                        config.language_codes().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        Some(slug)
    }
}

/// Whether any language version of article `key` exists (a range lookup, not a scan).
fn has_key(slugs: &BTreeMap<(&str, &str), String>, key: &str) -> bool {
    slugs
        .range((key, "")..)
        .next()
        .is_some_and(|((k, _), _)| *k == key)
}

fn check_related(
    h: &Head<'_>,
    slugs: &BTreeMap<(&str, &str), String>,
    drafts: &BTreeSet<&str>,
    unreadable: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) {
    for key in &h.fm.related {
        if unreadable.contains(key.as_str()) {
            continue;
        }
        if key == &h.src.key {
            diags.push(
                h.error("an article cannot be related to itself")
                    .at(h.at("related", Some(key)))
                    .help("remove it from `related:`"),
            );
        } else if drafts.contains(key.as_str()) {
            diags.push(
                h.error(format!("related article `{key}` is a draft"))
                    .at(h.at("related", Some(key)))
                    .help("publish it first, or remove it from `related:`"),
            );
        } else if !has_key(slugs, key) {
            diags.push(
                h.error(format!("related article `{key}` does not exist"))
                    .at(h.at("related", Some(key)))
                    .help(format!(
                        "{}`related:` lists article keys: folder names in content/articles/",
                        suggestion(key, slugs.keys().map(|(k, _)| *k))
                    )),
            );
        }
    }
}

/// Marks translations whose source changed after they were made, and warns about each.
fn mark_outdated(
    articles: &mut [Article],
    heads: &[Head<'_>],
    unreadable: &BTreeSet<(&str, &str)>,
    diags: &mut Diagnostics,
) {
    // Each article read in parallel; then the marks set and the warnings added in order.
    let found: Vec<(bool, Diagnostics)> = {
        // Each version's date and text hash, by (key, language, easy-to-read).
        let updated: FxHashMap<(&str, &str, bool), (Date, &str)> = articles
            .iter()
            .map(|a| {
                (
                    (a.key.as_str(), a.lang.as_str(), a.easy),
                    (a.updated, a.text_hash.as_str()),
                )
            })
            .collect();
        articles
            .par_iter()
            .zip(heads)
            .map(|(article, h)| {
                let mut found = Diagnostics::new();
                let outdated = check_outdated(article, h, &updated, unreadable, &mut found);
                (outdated, found)
            })
            .collect()
    };
    for (article, (outdated, found)) in articles.iter_mut().zip(found) {
        article.possibly_outdated |= outdated;
        diags.extend(found);
    }
}

/// What [`mark_outdated`] finds of one article: whether it is possibly out of date, and why.
fn check_outdated(
    article: &Article,
    h: &Head<'_>,
    updated: &FxHashMap<(&str, &str, bool), (Date, &str)>,
    unreadable: &BTreeSet<(&str, &str)>,
    diags: &mut Diagnostics,
) -> bool {
    let mut outdated = false;
    if let Some(reviewed) = &article.review_hash
        && *reviewed != article.text_hash
    {
        diags.push(
            Diagnostic::warning(
                &article.source,
                format!(
                    "the text changed after its review on {} by {}: the page still shows that review",
                    article.reviewed, article.reviewer.name
                ),
            )
            .at(h.at("review_hash", None))
            .help(format!(
                "have the text reviewed, then run `vardguide review {} --lang {}{} --by \"NAME\" --role \"ROLE\"`",
                article.key, article.lang, if article.easy { " --easy" } else { "" }
            )),
        );
    }
    let Some(tf) = &article.translated_from else {
        return outdated;
    };
    let from_easy = tf.version == frontmatter::SourceVersion::Easy;
    let original = if from_easy {
        format!("{} easy-to-read", tf.lang)
    } else {
        tf.lang.clone()
    };
    match updated.get(&(article.key.as_str(), tf.lang.as_str(), from_easy)) {
        Some((_, source_hash)) if tf.revision.as_ref().is_some_and(|r| r != source_hash) => {
            outdated = true;
            diags.push(
                Diagnostic::warning(&article.source, format!(
                    "possibly out of date: the {original} original changed after this translation was checked against it"
                ))
                .at(h.at("translated_from", None))
                .help(format!(
                    "update the translation, then run `vardguide review {} --lang {}{} --by \"NAME\" --role \"ROLE\"`",
                    article.key, article.lang, if article.easy { " --easy" } else { "" }
                )),
            );
        }
        // A recorded revision decides alone: the translation was checked against that text.
        Some(_) if tf.revision.is_some() => {}
        Some((source_updated, _)) if *source_updated > tf.date => {
            outdated = true;
            diags.push(
                Diagnostic::warning(&article.source, format!(
                    "possibly out of date: the {original} original was updated {source_updated}, after this translation ({})",
                    tf.date
                ))
                .at(h.at("translated_from", None))
                .help(format!("update the translation and set translated_from.date to {source_updated}")),
            );
        }
        Some(_) => {}
        None if unreadable.contains(&(article.key.as_str(), tf.lang.as_str())) => {}
        None => diags.push(
            h.error(format!(
                "`translated_from` names `{}`, but there is no {original} version of this article",
                tf.lang
            ))
            .at(h.at("translated_from", None))
            .help(format!(
                "add content/articles/{}/{}{}.md or correct the language",
                article.key,
                tf.lang,
                if from_easy {
                    crate::source::load::EASY_SUFFIX
                } else {
                    ""
                }
            )),
        ),
    }
    outdated
}

fn validate_pages<R>(
    sources: &Sources,
    config: &Config,
    regions: &[&str],
    sanitizer: &Sanitizer,
    resolve: &R,
    (slugs, images): (
        &BTreeMap<(&str, &str), String>,
        &crate::source::images::InfosByOwner<'_>,
    ),
    diags: &mut Diagnostics,
) -> Vec<Page>
where
    R: Fn(&str, &str) -> Result<String, String> + Sync,
{
    let no_images = BTreeMap::new();
    let mut pages = Vec::new();
    for src in &sources.pages {
        let path = &src.file.path;
        if config.language(&src.lang).is_none() {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("`{}` is not a language of this site", src.lang),
                )
                .help("name the file after a language in site.yaml"),
            );
            continue;
        }
        if RESERVED_SEGMENTS.contains(&src.key.as_str()) {
            diags.push(
                Diagnostic::error(path, format!("page name `{}` is reserved", src.key))
                    .help("rename the folder"),
            );
            continue;
        }
        if let Some(((key, _), _)) = slugs
            .iter()
            .find(|((_, l), s)| *l == src.lang && **s == src.key)
        {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("page `{}` has the same URL as article `{key}`", src.key),
                )
                .help("change the article's slug or rename the page folder"),
            );
            continue;
        }
        let split = match frontmatter::split(&src.file.text, path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let fm = match frontmatter::parse_page(&split, path) {
            Ok(fm) => fm,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if fm.title.trim().is_empty() {
            diags.push(
                Diagnostic::error(path, "the title is empty")
                    .at(yaml::locate(split.yaml, "title", None)
                        .map(|(l, c)| Position::new(l + 1, c))),
            );
        }
        let owner = crate::source::load::page_images(&src.key);
        let ctx = BodyContext {
            file: path,
            regions,
            images: images.get(owner.as_str()).unwrap_or(&no_images),
            key: &owner,
            base_path: &config.base_path,
            resolve,
            sanitizer,
        };
        let (body, body_diags) = markdown::render(split.body, split.body_line, &ctx);
        diags.extend(body_diags);
        pages.push(Page {
            key: src.key.clone(),
            lang: src.lang.clone(),
            source: path.clone(),
            title: fm.title.trim().to_string(),
            summary: fm.summary.trim().to_string(),
            keywords: fm.keywords,
            body,
        });
    }
    pages
}
