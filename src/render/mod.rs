//! Stage 3, render: `&Site` → HTML pages, in parallel. Decides which pages exist (per language:
//! home, articles, lists by kind and topic, A–Ö, other languages, plain pages, 404; site-wide: the
//! language chooser, sitemap and robots.txt), builds each page's view and renders its template.

mod care;
mod eservices;
mod fees;
pub mod sitemap;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::collation::{Collation, group_by_letter};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::Kind;
use crate::model::{Article, Site};
use crate::translations::{LookupError, Translations};
use templates::Templates;
use views::*;

/// One rendered output file: a path relative to the output root and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// A page of the site in one language, before rendering.
#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    Home(&'a str),
    Article(&'a Article),
    Kind(&'a str, Kind),
    Topics(&'a str),
    Topic(&'a str, &'a str),
    AO(&'a str),
    Languages(&'a str),
    Page(&'a str, &'a str),
    NotFound(&'a str),
    Search(&'a str),
    Finder(&'a str),
    Compare(&'a str),
    Clinic(&'a str, &'a crate::clinics::Clinic),
    Region(&'a str, &'a crate::config::RegionConfig),
    Fees(&'a str),
    FeeRegion(&'a str, &'a crate::fees::FeeTable),
    EServices(&'a str),
    EService(&'a str, &'a crate::eservices::EService),
}

/// Where a page lives in every language, for the switcher and hreflang links.
pub(super) enum Route<'a> {
    /// The page exists in every language at `/<lang>/<rest>`.
    Same(String),
    /// An article: only the languages it is translated into.
    Article(&'a str),
}

/// Renders every page. `tick` is called once per page (for a progress bar).
pub fn render(
    site: &Site,
    translations: Arc<Translations>,
    asset_urls: Arc<BTreeMap<String, String>>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    Renderer::new(site, translations, asset_urls)?.all(site, tick)
}

/// The parsed templates, kept between renders (by `serve`).
pub struct Renderer {
    templates: Templates,
}

/// What an article's change re-rendered.
pub struct ArticleUpdate {
    /// The article's own page: render and serve this first.
    pub page: OutputFile,
    /// Everything else that shows the article: its translations' pages, articles that list it as
    /// related, lists, A–Ö, the language overview, region pages, the sitemap.
    pub dependents: Vec<OutputFile>,
}

impl Renderer {
    pub fn new(
        site: &Site,
        translations: Arc<Translations>,
        asset_urls: Arc<BTreeMap<String, String>>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let langs: Vec<String> = site.config.language_codes().map(String::from).collect();
        Ok(Renderer {
            templates: Templates::new(&site.templates, &langs, translations, asset_urls)?,
        })
    }

    /// The page of the article `key` in `lang` only.
    pub fn article_page(
        &self,
        site: &Site,
        key: &str,
        lang: &str,
    ) -> Result<OutputFile, Diagnostic> {
        let a = site.article(key, lang).ok_or_else(|| {
            Diagnostic::error(
                format!("content/articles/{key}/{lang}.md"),
                "article not found",
            )
        })?;
        render_job(site, &self.templates, Job::Article(a)).map(|(p, h)| (p, h.into_bytes()))
    }

    /// Re-renders what depends on the article `key` in `lang` (see [`ArticleUpdate`]).
    pub fn article_update(
        &self,
        site: &Site,
        key: &str,
        lang: &str,
    ) -> Result<ArticleUpdate, Vec<Diagnostic>> {
        let page = self.article_page(site, key, lang).map_err(|d| vec![d])?;
        let mut deps: Vec<Job<'_>> = Vec::new();
        deps.extend(
            site.versions(key)
                .into_iter()
                .filter(|a| a.lang != lang)
                .map(Job::Article),
        );
        deps.extend(
            site.articles
                .iter()
                .filter(|a| a.related.iter().any(|r| r == key) && a.key != key)
                .map(Job::Article),
        );
        deps.push(Job::Home(lang));
        deps.extend(Kind::ALL.iter().map(|k| Job::Kind(lang, *k)));
        deps.push(Job::Topics(lang));
        deps.extend(
            site.config
                .topics
                .iter()
                .map(|t| Job::Topic(lang, t.as_str())),
        );
        deps.push(Job::AO(lang));
        deps.extend(site.config.regions.iter().map(|r| Job::Region(lang, r)));
        deps.extend(site.config.language_codes().map(Job::Languages));
        let results: Vec<Result<(String, String), Diagnostic>> = deps
            .par_iter()
            .map(|job| render_job(site, &self.templates, *job))
            .collect();
        let mut dependents = Vec::with_capacity(results.len() + 1);
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok((path, html)) => dependents.push((path, html.into_bytes())),
                Err(d) => errors.push(d),
            }
        }
        dependents.push((
            "sitemap.xml".to_string(),
            sitemap::sitemap(site).into_bytes(),
        ));
        if errors.is_empty() {
            Ok(ArticleUpdate { page, dependents })
        } else {
            Err(errors)
        }
    }

    /// Every page of the site.
    /// Every page of the site, collected in memory (for `serve`).
    pub fn all(
        &self,
        site: &Site,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::new());
        self.each(site, tick, &|path, bytes| {
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path, bytes));
            Ok(())
        })?;
        Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// Renders every page in parallel and hands each to `sink` as soon as it is ready, so a build
    /// never holds the whole site in memory.
    pub fn each(
        &self,
        site: &Site,
        tick: &(dyn Fn() + Sync),
        sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Vec<Diagnostic>> {
        let templates = &self.templates;
        let default_404 = format!("{}/404.html", site.config.default_language);
        let errors: Vec<Diagnostic> = jobs(site)
            .par_iter()
            .filter_map(|job| {
                let r = render_job(site, templates, *job).and_then(|(path, html)| {
                    let bytes = html.into_bytes();
                    if path == default_404 {
                        // The site-wide 404 is the default language's.
                        sink("404.html".to_string(), bytes.clone())?;
                    }
                    sink(path, bytes)
                });
                tick();
                r.err()
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut extra = vec![
            (
                "sitemap.xml".to_string(),
                sitemap::sitemap(site).into_bytes(),
            ),
            ("robots.txt".to_string(), sitemap::robots(site).into_bytes()),
        ];
        extra.push((
            "index.html".to_string(),
            root_page(site, templates)
                .map_err(|d| vec![d])?
                .into_bytes(),
        ));
        for lang in site.config.language_codes() {
            extra.push((
                format!("{lang}/clinics/data.json"),
                care::finder_data(site, lang)
                    .map_err(|d| vec![d])?
                    .into_bytes(),
            ));
        }
        for (path, bytes) in extra {
            sink(path, bytes).map_err(|d| vec![d])?;
        }
        Ok(())
    }
}

/// Number of pages `render` will produce per language (for summaries).
pub fn page_count(site: &Site) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for job in jobs(site) {
        *counts.entry(job_lang(job).to_string()).or_insert(0) += 1;
    }
    counts
}

fn job_lang(job: Job<'_>) -> &str {
    match job {
        Job::Article(a) => &a.lang,
        Job::Home(l)
        | Job::Kind(l, _)
        | Job::Topics(l)
        | Job::Topic(l, _)
        | Job::AO(l)
        | Job::Languages(l)
        | Job::Page(l, _)
        | Job::NotFound(l)
        | Job::Search(l)
        | Job::Finder(l)
        | Job::Compare(l)
        | Job::Clinic(l, _)
        | Job::Region(l, _)
        | Job::Fees(l)
        | Job::FeeRegion(l, _)
        | Job::EServices(l)
        | Job::EService(l, _) => l,
    }
}

fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = site.articles.iter().map(Job::Article).collect();
    for lang in site.config.language_codes() {
        jobs.push(Job::Home(lang));
        jobs.extend(Kind::ALL.iter().map(|k| Job::Kind(lang, *k)));
        jobs.push(Job::Topics(lang));
        jobs.extend(
            site.config
                .topics
                .iter()
                .map(|t| Job::Topic(lang, t.as_str())),
        );
        jobs.push(Job::AO(lang));
        jobs.push(Job::Languages(lang));
        jobs.extend(site.page_keys().into_iter().map(|k| Job::Page(lang, k)));
        jobs.push(Job::NotFound(lang));
        jobs.push(Job::Search(lang));
        jobs.push(Job::Finder(lang));
        jobs.push(Job::Compare(lang));
        jobs.extend(site.clinics.iter().map(|c| Job::Clinic(lang, c)));
        jobs.extend(site.config.regions.iter().map(|r| Job::Region(lang, r)));
        jobs.push(Job::Fees(lang));
        jobs.extend(site.fees.iter().map(|f| Job::FeeRegion(lang, f)));
        if !site.config.eservices.services.is_empty() {
            jobs.push(Job::EServices(lang));
            jobs.extend(
                site.config
                    .eservices
                    .services
                    .iter()
                    .map(|s| Job::EService(lang, s)),
            );
        }
    }
    jobs
}

pub(super) fn lookup(e: LookupError) -> Diagnostic {
    let lang = match &e {
        LookupError::MissingKey { lang, .. } | LookupError::WrongShape { lang, .. } => lang.clone(),
    };
    Diagnostic::error(format!("translations/{lang}.yaml"), e.to_string())
        .help("add the key to every translations file")
}

fn render_job(
    site: &Site,
    templates: &Templates,
    job: Job<'_>,
) -> Result<(String, String), Diagnostic> {
    let t = &site.translations;
    let mut ctx = Context::new();
    let (path, template, chrome) = match job {
        Job::Article(a) => {
            let lang = a.lang.as_str();
            let view = article_view(site, a).map_err(lookup)?;
            let kind_url = site.path(lang, &format!("kinds/{}/", a.kind.as_str()));
            let crumbs = vec![
                Crumb {
                    title: t.text(lang, "nav.home").map_err(lookup)?,
                    url: site.path(lang, ""),
                },
                Crumb {
                    title: t
                        .text(lang, &format!("kinds.{}", a.kind.as_str()))
                        .map_err(lookup)?,
                    url: kind_url,
                },
                Crumb {
                    title: a.title.clone(),
                    url: site.article_path(a),
                },
            ];
            let chrome = chrome(
                site,
                lang,
                "article",
                &a.title,
                &a.summary,
                Route::Article(&a.key),
                crumbs,
            )?;
            ctx.insert("article", &view);
            (
                format!("{lang}/{}/index.html", a.slug),
                "article.html",
                chrome,
            )
        }
        Job::Home(lang) => {
            let title = t.text(lang, "home.title").map_err(lookup)?;
            let desc = t.text(lang, "home.intro").map_err(lookup)?;
            let chrome = chrome(
                site,
                lang,
                "home",
                &title,
                &desc,
                Route::Same(String::new()),
                Vec::new(),
            )?;
            ctx.insert("kinds", &kind_tiles(site, lang)?);
            ctx.insert("topics", &topic_tiles(site, lang)?);
            let mut recent: Vec<&Article> = site.articles_in(lang).collect();
            recent.sort_by(|a, b| b.reviewed.cmp(&a.reviewed).then_with(|| a.key.cmp(&b.key)));
            let recent: Vec<ArticleItem> = recent
                .iter()
                .take(6)
                .map(|a| ArticleItem::new(site, a))
                .collect();
            ctx.insert("recent", &recent);
            // The main e-service entry points.
            let home = site.path(lang, "");
            let main: Vec<_> = ["book", "journal", "renew-prescription"]
                .iter()
                .filter_map(|id| site.config.eservices.get(id))
                .map(|s| eservices::service_view(site, lang, s, None, &home))
                .collect::<Result<_, _>>()?;
            ctx.insert("eservices", &main);
            (format!("{lang}/index.html"), "home.html", chrome)
        }
        Job::Kind(lang, kind) => {
            let title = t
                .text(lang, &format!("kinds.{}", kind.as_str()))
                .map_err(lookup)?;
            let items = sorted_items(site, lang, |a| a.kind == kind);
            let rest = format!("kinds/{}/", kind.as_str());
            let crumbs = vec![home_crumb(site, lang)?];
            list_page(site, lang, "kinds", title, rest, crumbs, items, &mut ctx)?
        }
        Job::Topics(lang) => {
            let title = t.text(lang, "topics.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.path(lang, "topics/"),
                },
            ];
            let chrome = chrome(
                site,
                lang,
                "topics",
                &title,
                &title,
                Route::Same("topics/".into()),
                crumbs,
            )?;
            ctx.insert("topics", &topic_tiles(site, lang)?);
            ctx.insert("kinds", &kind_tiles(site, lang)?);
            (format!("{lang}/topics/index.html"), "topics.html", chrome)
        }
        Job::Topic(lang, topic) => {
            let title = t.text(lang, &format!("topic.{topic}")).map_err(lookup)?;
            let items = sorted_items(site, lang, |a| a.topics.iter().any(|x| x == topic));
            let rest = format!("topics/{topic}/");
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: t.text(lang, "topics.heading").map_err(lookup)?,
                    url: site.path(lang, "topics/"),
                },
            ];
            list_page(site, lang, "topics", title, rest, crumbs, items, &mut ctx)?
        }
        Job::AO(lang) => {
            let title = t.text(lang, "a_o.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.path(lang, "a-o/"),
                },
            ];
            let desc = t.text(lang, "a_o.intro").map_err(lookup)?;
            let chrome = chrome(
                site,
                lang,
                "a-o",
                &title,
                &desc,
                Route::Same("a-o/".into()),
                crumbs,
            )?;
            ctx.insert("groups", &a_o_groups(site, lang)?);
            (format!("{lang}/a-o/index.html"), "a_o.html", chrome)
        }
        Job::Languages(lang) => {
            let title = t.text(lang, "languages.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.path(lang, "languages/"),
                },
            ];
            let desc = t.text(lang, "languages.intro").map_err(lookup)?;
            let chrome = chrome(
                site,
                lang,
                "languages",
                &title,
                &desc,
                Route::Same("languages/".into()),
                crumbs,
            )?;
            let (langs, rows) = languages_table(site, lang)?;
            ctx.insert("languages", &langs);
            ctx.insert("rows", &rows);
            (
                format!("{lang}/languages/index.html"),
                "languages.html",
                chrome,
            )
        }
        Job::Page(lang, key) => {
            let page = site.page(key, lang).ok_or_else(|| {
                Diagnostic::error(format!("content/pages/{key}"), "page vanished")
            })?;
            let rest = format!("{key}/");
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: page.title.clone(),
                    url: site.path(lang, &rest),
                },
            ];
            let section = if key == "about" { "about" } else { "page" };
            let chrome = chrome(
                site,
                lang,
                section,
                &page.title,
                &page.summary,
                Route::Same(rest.clone()),
                crumbs,
            )?;
            ctx.insert(
                "content",
                &PageContent {
                    lang: page.lang.clone(),
                    dir: dir_of(site, &page.lang),
                    title: page.title.clone(),
                    summary: page.summary.clone(),
                    blocks: page
                        .body
                        .blocks
                        .iter()
                        .map(|b| HtmlBlock {
                            html: b.html.clone(),
                        })
                        .collect(),
                },
            );
            (format!("{lang}/{rest}index.html"), "page.html", chrome)
        }
        Job::Search(lang) => {
            let title = t.text(lang, "search.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.path(lang, "search/"),
                },
            ];
            let chrome = chrome(
                site,
                lang,
                "search",
                &title,
                &title,
                Route::Same("search/".into()),
                crumbs,
            )?;
            ctx.insert("search", &search_view(site, lang)?);
            (format!("{lang}/search/index.html"), "search.html", chrome)
        }
        Job::Finder(lang) => care::finder(site, lang, &mut ctx)?,
        Job::Compare(lang) => care::compare(site, lang, &mut ctx)?,
        Job::Clinic(lang, clinic) => care::clinic(site, lang, clinic, &mut ctx)?,
        Job::Region(lang, region) => care::region(site, lang, region, &mut ctx)?,
        Job::Fees(lang) => fees::overview(site, lang, &mut ctx)?,
        Job::FeeRegion(lang, table) => fees::region(site, lang, table, &mut ctx)?,
        Job::EServices(lang) => eservices::overview(site, lang, &mut ctx)?,
        Job::EService(lang, s) => eservices::service(site, lang, s, &mut ctx)?,
        Job::NotFound(lang) => {
            let title = t.text(lang, "not_found.heading").map_err(lookup)?;
            let desc = t.text(lang, "not_found.text").map_err(lookup)?;
            let chrome = chrome(
                site,
                lang,
                "404",
                &title,
                &desc,
                Route::Same("404.html".into()),
                Vec::new(),
            )?;
            let others: Vec<LangLink> = site
                .config
                .languages
                .iter()
                .filter(|l| l.code != lang)
                .map(|l| LangLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: l.dir.as_str(),
                    url: site.path(&l.code, ""),
                    current: false,
                    note: None,
                })
                .collect();
            ctx.insert("others", &others);
            (format!("{lang}/404.html"), "404.html", chrome)
        }
    };
    ctx.insert("page", &chrome);
    let html = templates.render(template, job_lang(job), &ctx)?;
    Ok((path, html))
}

/// What the search page's script needs: where the module, worker and index are, and the UI
/// strings (plural forms included) as JSON.
#[derive(Serialize)]
struct SearchView {
    index: String,
    strings: String,
}

fn search_view(site: &Site, lang: &str) -> Result<SearchView, Diagnostic> {
    let t = &site.translations;
    let strings = serde_json::json!({
        "count": t.plural_forms(lang, "search.count").map_err(lookup)?,
        "none": t.text(lang, "search.none").map_err(lookup)?,
        "loading": t.text(lang, "search.loading").map_err(lookup)?,
        "failed": t.text(lang, "search.failed").map_err(lookup)?,
        "prompt": t.text(lang, "search.prompt").map_err(lookup)?,
        "clinic": t.text(lang, "search.type_clinic").map_err(lookup)?,
    });
    Ok(SearchView {
        index: site.path(lang, "search/"),
        strings: strings.to_string(),
    })
}

/// A list of articles (by kind or topic) at `/<lang>/<rest>`, under the breadcrumbs `crumbs`.
#[allow(clippy::too_many_arguments)]
fn list_page(
    site: &Site,
    lang: &str,
    section: &'static str,
    title: String,
    rest: String,
    mut crumbs: Vec<Crumb>,
    items: Vec<ArticleItem>,
    ctx: &mut Context,
) -> Result<(String, &'static str, Chrome), Diagnostic> {
    crumbs.push(Crumb {
        title: title.clone(),
        url: site.path(lang, &rest),
    });
    let chrome = chrome(
        site,
        lang,
        section,
        &title,
        &title,
        Route::Same(rest.clone()),
        crumbs,
    )?;
    let count_label = site
        .translations
        .format(lang, "articles.count", Some(items.len() as u64), &[])
        .map_err(lookup)?;
    ctx.insert(
        "list",
        &ListView {
            count_label,
            title,
            intro: None,
            items,
        },
    );
    Ok((format!("{lang}/{rest}index.html"), "list.html", chrome))
}

#[derive(Serialize)]
struct ListView {
    title: String,
    intro: Option<String>,
    count_label: String,
    items: Vec<ArticleItem>,
}

#[derive(Serialize)]
struct PageContent {
    lang: String,
    dir: &'static str,
    title: String,
    summary: String,
    blocks: Vec<HtmlBlock>,
}

#[derive(Serialize)]
struct HtmlBlock {
    html: String,
}

pub(super) fn home_crumb(site: &Site, lang: &str) -> Result<Crumb, Diagnostic> {
    Ok(Crumb {
        title: site.translations.text(lang, "nav.home").map_err(lookup)?,
        url: site.path(lang, ""),
    })
}

fn sorted_items(site: &Site, lang: &str, keep: impl Fn(&Article) -> bool) -> Vec<ArticleItem> {
    let collation = Collation::new(lang);
    let mut items: Vec<&Article> = site.articles_in(lang).filter(|a| keep(a)).collect();
    items.sort_by(|a, b| collation.compare(&a.title, &b.title));
    items.iter().map(|a| ArticleItem::new(site, a)).collect()
}

fn kind_tiles(site: &Site, lang: &str) -> Result<Vec<Tile>, Diagnostic> {
    Kind::ALL
        .iter()
        .map(|k| {
            let count = site.articles_in(lang).filter(|a| a.kind == *k).count();
            Ok(Tile {
                key: k.as_str().to_string(),
                name: site
                    .translations
                    .text(lang, &format!("kinds.{}", k.as_str()))
                    .map_err(lookup)?,
                url: site.path(lang, &format!("kinds/{}/", k.as_str())),
                count,
                count_label: site
                    .translations
                    .format(lang, "articles.count", Some(count as u64), &[])
                    .map_err(lookup)?,
            })
        })
        .collect()
}

fn topic_tiles(site: &Site, lang: &str) -> Result<Vec<Tile>, Diagnostic> {
    let collation = Collation::new(lang);
    let mut tiles = site
        .config
        .topics
        .iter()
        .map(|k| {
            let count = site
                .articles_in(lang)
                .filter(|a| a.topics.contains(k))
                .count();
            Ok(Tile {
                key: k.clone(),
                name: site
                    .translations
                    .text(lang, &format!("topic.{k}"))
                    .map_err(lookup)?,
                url: site.path(lang, &format!("topics/{k}/")),
                count,
                count_label: site
                    .translations
                    .format(lang, "articles.count", Some(count as u64), &[])
                    .map_err(lookup)?,
            })
        })
        .collect::<Result<Vec<Tile>, Diagnostic>>()?;
    tiles.sort_by(|a, b| collation.compare(&a.name, &b.name));
    Ok(tiles)
}

#[derive(Serialize)]
struct LetterView {
    letter: String,
    id: String,
    items: Vec<ArticleItem>,
}

fn a_o_groups(site: &Site, lang: &str) -> Result<Vec<LetterView>, Diagnostic> {
    let alphabet = site
        .translations
        .list(lang, "a_o.alphabet")
        .map_err(lookup)?;
    let other = site.translations.text(lang, "a_o.other").map_err(lookup)?;
    let articles: Vec<&Article> = site.articles_in(lang).collect();
    let groups = group_by_letter(
        articles,
        |a| a.title.as_str(),
        &alphabet,
        &Collation::new(lang),
    );
    Ok(groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| LetterView {
            id: format!("letter-{}", i + 1),
            letter: g.letter.unwrap_or_else(|| other.clone()),
            items: g.items.iter().map(|a| ArticleItem::new(site, a)).collect(),
        })
        .collect())
}

#[derive(Serialize)]
struct LanguageTile {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    count_label: String,
}

#[derive(Serialize)]
struct CoverageRow {
    title: String,
    cells: Vec<CoverageCell>,
}

#[derive(Serialize)]
struct CoverageCell {
    code: String,
    dir: &'static str,
    url: Option<String>,
    title: String,
}

fn languages_table(
    site: &Site,
    lang: &str,
) -> Result<(Vec<LanguageTile>, Vec<CoverageRow>), Diagnostic> {
    let langs = site
        .config
        .languages
        .iter()
        .map(|l| {
            let count = site.articles_in(&l.code).count();
            Ok(LanguageTile {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir.as_str(),
                url: site.path(&l.code, ""),
                count_label: site
                    .translations
                    .format(lang, "articles.count", Some(count as u64), &[])
                    .map_err(lookup)?,
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let mut keys: Vec<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
    keys.dedup();
    let collation = Collation::new(lang);
    let mut rows: Vec<CoverageRow> = keys
        .into_iter()
        .map(|key| {
            let versions = site.versions(key);
            let title = site
                .article(key, lang)
                .or_else(|| site.article(key, &site.config.default_language))
                .or(versions.first().copied())
                .map(|a| a.title.clone())
                .unwrap_or_default();
            let cells = site
                .config
                .languages
                .iter()
                .map(|l| {
                    let v = site.article(key, &l.code);
                    CoverageCell {
                        code: l.code.clone(),
                        dir: l.dir.as_str(),
                        url: v.map(|a| site.article_path(a)),
                        title: v.map(|a| a.title.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            CoverageRow { title, cells }
        })
        .collect();
    rows.sort_by(|a, b| collation.compare(&a.title, &b.title));
    Ok((langs, rows))
}

/// The chrome of a page in `lang`: switcher, hreflang alternates, navigation.
pub(super) fn chrome(
    site: &Site,
    lang: &str,
    section: &'static str,
    title: &str,
    description: &str,
    route: Route<'_>,
    breadcrumbs: Vec<Crumb>,
) -> Result<Chrome, Diagnostic> {
    let base = &site.config.base_url;
    let origin_len = base.len() - site.config.base_path.len();
    let absolute = |path: &str| format!("{}{}", &base[..origin_len], path);
    let url_in = |l: &str| -> Option<String> {
        match &route {
            Route::Same(rest) => Some(site.path(l, rest)),
            Route::Article(key) => site.article(key, l).map(|a| site.article_path(a)),
        }
    };
    let mut languages = Vec::new();
    let mut alternates = Vec::new();
    for l in &site.config.languages {
        let target = url_in(&l.code);
        if let Some(url) = &target
            && section != "404"
        {
            alternates.push(Alternate {
                hreflang: l.code.clone(),
                href: absolute(url),
            });
        }
        let note = match &target {
            Some(_) => None,
            None => Some(
                site.translations
                    .text(&l.code, "switcher.home_only")
                    .map_err(lookup)?,
            ),
        };
        languages.push(LangLink {
            code: l.code.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: target.unwrap_or_else(|| site.path(&l.code, "")),
            current: l.code == lang,
            note,
        });
    }
    if let Some(default) = url_in(&site.config.default_language)
        && section != "404"
    {
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: absolute(&default),
        });
    }
    let own = url_in(lang).unwrap_or_else(|| site.path(lang, ""));
    Ok(Chrome {
        lang: lang.to_string(),
        dir: dir_of(site, lang),
        site_title: site.config.title.clone(),
        title: title.to_string(),
        description: description.to_string(),
        canonical: absolute(&own),
        alternates,
        languages,
        home_url: site.path(lang, ""),
        nav: Nav {
            home: site.path(lang, ""),
            a_o: site.path(lang, "a-o/"),
            topics: site.path(lang, "topics/"),
            languages: site.path(lang, "languages/"),
            about: site.path(lang, "about/"),
            search: site.path(lang, "search/"),
            clinics: site.path(lang, "clinics/"),
            fees: site.path(lang, "fees/"),
            eservices: site.path(lang, "eservices/"),
            choose: site.path(lang, "choose-health-centre/"),
        },
        section,
        breadcrumbs,
    })
}

#[derive(Serialize)]
struct RootLanguage {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    label: String,
}

/// `/index.html`: sends readers to the default language and lists every language (works without JS).
fn root_page(site: &Site, templates: &Templates) -> Result<String, Diagnostic> {
    let default = &site.config.default_language;
    let mut ctx = Context::new();
    let languages = site
        .config
        .languages
        .iter()
        .map(|l| {
            Ok(RootLanguage {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir.as_str(),
                url: site.path(&l.code, ""),
                label: site
                    .translations
                    .text(&l.code, "root.enter")
                    .map_err(lookup)?,
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let alternates: Vec<Alternate> = site
        .config
        .languages
        .iter()
        .map(|l| Alternate {
            hreflang: l.code.clone(),
            href: format!("{}{}/", site.config.base_url, l.code),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default".into(),
            href: site.config.base_url.clone(),
        }))
        .collect();
    ctx.insert("lang", default);
    ctx.insert("dir", dir_of(site, default));
    ctx.insert("site_title", &site.config.title);
    ctx.insert("default_url", &site.path(default, ""));
    ctx.insert("canonical", &site.config.base_url);
    ctx.insert("alternates", &alternates);
    ctx.insert("languages", &languages);
    templates.render("root.html", default, &ctx)
}
