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
use crate::pages::PageId;
use crate::translations::{LookupError, Translations};
use templates::Templates;
use views::*;

/// One rendered output file: a path relative to the output root and its bytes.
pub type OutputFile = (String, Vec<u8>);

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

    /// Renders the pages `ids` in parallel: their output files (the default language's 404 page
    /// also as the site-wide `404.html`), or every error.
    pub fn pages(
        &self,
        site: &Site,
        ids: &[PageId<'_>],
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::new());
        let errors: Vec<Diagnostic> = ids
            .par_iter()
            .filter_map(|id| {
                self.page_files(site, *id, &|path, bytes| {
                    files
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((path, bytes));
                    Ok(())
                })
                .err()
            })
            .collect();
        if errors.is_empty() {
            let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
            files.sort();
            Ok(files)
        } else {
            Err(errors)
        }
    }

    /// Renders one page and hands its file(s) to `sink`.
    fn page_files(
        &self,
        site: &Site,
        id: PageId<'_>,
        sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Diagnostic> {
        let (path, html) = render_job(site, &self.templates, id)?;
        let bytes = html.into_bytes();
        if id == PageId::NotFound(&site.config.default_language) {
            // The site-wide 404 is the default language's.
            sink("404.html".to_string(), bytes.clone())?;
        }
        sink(path, bytes)
    }

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
        let errors: Vec<Diagnostic> = site
            .page_ids()
            .par_iter()
            .filter_map(|id| {
                let r = self.page_files(site, *id, sink);
                tick();
                r.err()
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        for (path, bytes) in site_files(site).map_err(|d| vec![d])? {
            sink(path, bytes).map_err(|d| vec![d])?;
        }
        Ok(())
    }
}

/// The files besides pages that are made from the site model: the sitemap (one file, or an
/// index and several files past the protocol's limit), robots.txt, and each language's finder
/// data.
pub fn site_files(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files: Vec<OutputFile> = sitemap::files(site, sitemap::MAX_URLS)
        .into_iter()
        .map(|(p, t)| (p, t.into_bytes()))
        .collect();
    files.push(("robots.txt".to_string(), sitemap::robots(site).into_bytes()));
    for lang in site.config.language_codes() {
        files.push((
            format!("{lang}/clinics/data.json"),
            care::finder_data(site, lang)?.into_bytes(),
        ));
    }
    Ok(files)
}

/// Number of pages `render` will produce per language (for summaries; the root page is not in a
/// language and not counted).
pub fn page_count(site: &Site) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in site.page_ids() {
        if let Some(lang) = id.lang() {
            *counts.entry(lang.to_string()).or_insert(0) += 1;
        }
    }
    counts
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
    page: PageId<'_>,
) -> Result<(String, String), Diagnostic> {
    let t = &site.translations;
    let mut ctx = Context::new();
    let (template, chrome) = match page {
        PageId::Root => return Ok((page.file(), root_page(site, templates)?)),
        PageId::Article { lang, key, .. } => {
            let a = site.article(key, lang).ok_or_else(|| {
                Diagnostic::error(
                    format!("content/articles/{key}/{lang}.md"),
                    "article not found",
                )
            })?;
            let view = article_view(site, a).map_err(lookup)?;
            let kind_url = site.url(&PageId::Kind(lang, a.kind));
            let crumbs = vec![
                Crumb {
                    title: t.text(lang, "nav.home").map_err(lookup)?,
                    url: site.url(&PageId::Home(lang)),
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
            let chrome = chrome(site, lang, "article", &a.title, &a.summary, page, crumbs)?;
            ctx.insert("article", &view);
            ("article.html", chrome)
        }
        PageId::Home(lang) => {
            let title = t.text(lang, "home.title").map_err(lookup)?;
            let desc = t.text(lang, "home.intro").map_err(lookup)?;
            let chrome = chrome(site, lang, "home", &title, &desc, page, Vec::new())?;
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
            let home = site.url(&PageId::Home(lang));
            let main: Vec<_> = ["book", "journal", "renew-prescription"]
                .iter()
                .filter_map(|id| site.config.eservices.get(id))
                .map(|s| eservices::service_view(site, lang, s, None, &home))
                .collect::<Result<_, _>>()?;
            ctx.insert("eservices", &main);
            ("home.html", chrome)
        }
        PageId::Kind(lang, kind) => {
            let title = t
                .text(lang, &format!("kinds.{}", kind.as_str()))
                .map_err(lookup)?;
            let items = sorted_items(site, lang, |a| a.kind == kind);
            let crumbs = vec![home_crumb(site, lang)?];
            list_page(site, page, "kinds", title, crumbs, items, &mut ctx)?
        }
        PageId::Topics(lang) => {
            let title = t.text(lang, "topics.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.url(&PageId::Topics(lang)),
                },
            ];
            let chrome = chrome(site, lang, "topics", &title, &title, page, crumbs)?;
            ctx.insert("topics", &topic_tiles(site, lang)?);
            ctx.insert("kinds", &kind_tiles(site, lang)?);
            ("topics.html", chrome)
        }
        PageId::Topic(lang, topic) => {
            let title = t.text(lang, &format!("topic.{topic}")).map_err(lookup)?;
            let items = sorted_items(site, lang, |a| a.topics.iter().any(|x| x == topic));
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: t.text(lang, "topics.heading").map_err(lookup)?,
                    url: site.url(&PageId::Topics(lang)),
                },
            ];
            list_page(site, page, "topics", title, crumbs, items, &mut ctx)?
        }
        PageId::AO(lang) => {
            let title = t.text(lang, "a_o.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.url(&PageId::AO(lang)),
                },
            ];
            let desc = t.text(lang, "a_o.intro").map_err(lookup)?;
            let chrome = chrome(site, lang, "a-o", &title, &desc, page, crumbs)?;
            ctx.insert("groups", &a_o_groups(site, lang)?);
            ("a_o.html", chrome)
        }
        PageId::Languages(lang) => {
            let title = t.text(lang, "languages.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.url(&PageId::Languages(lang)),
                },
            ];
            let desc = t.text(lang, "languages.intro").map_err(lookup)?;
            let chrome = chrome(site, lang, "languages", &title, &desc, page, crumbs)?;
            let (langs, rows) = languages_table(site, lang)?;
            ctx.insert("languages", &langs);
            ctx.insert("rows", &rows);
            ("languages.html", chrome)
        }
        PageId::Page(lang, key) => {
            let content = site.page(key, lang).ok_or_else(|| {
                Diagnostic::error(format!("content/pages/{key}"), "page vanished")
            })?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: content.title.clone(),
                    url: site.url(&page),
                },
            ];
            let section = if key == "about" { "about" } else { "page" };
            let chrome = chrome(
                site,
                lang,
                section,
                &content.title,
                &content.summary,
                page,
                crumbs,
            )?;
            ctx.insert(
                "content",
                &PageContent {
                    lang: content.lang.clone(),
                    dir: dir_of(site, &content.lang),
                    title: content.title.clone(),
                    summary: content.summary.clone(),
                    blocks: content
                        .body
                        .blocks
                        .iter()
                        .map(|b| HtmlBlock {
                            html: b.html.clone(),
                        })
                        .collect(),
                },
            );
            ("page.html", chrome)
        }
        PageId::Search(lang) => {
            let title = t.text(lang, "search.heading").map_err(lookup)?;
            let crumbs = vec![
                home_crumb(site, lang)?,
                Crumb {
                    title: title.clone(),
                    url: site.url(&PageId::Search(lang)),
                },
            ];
            let chrome = chrome(site, lang, "search", &title, &title, page, crumbs)?;
            ctx.insert("search", &search_view(site, lang)?);
            ("search.html", chrome)
        }
        PageId::Finder(lang) => care::finder(site, lang, &mut ctx)?,
        PageId::Compare(lang) => care::compare(site, lang, &mut ctx)?,
        PageId::Clinic(lang, key) => {
            let clinic = site.clinic(key).ok_or_else(|| missing(page))?;
            care::clinic(site, lang, clinic, &mut ctx)?
        }
        PageId::Region(lang, code) => {
            let region = site.config.region(code).ok_or_else(|| missing(page))?;
            care::region(site, lang, region, &mut ctx)?
        }
        PageId::Fees(lang) => fees::overview(site, lang, &mut ctx)?,
        PageId::FeeRegion(lang, region) => {
            let table = site.fee_table(region).ok_or_else(|| missing(page))?;
            fees::region(site, lang, table, &mut ctx)?
        }
        PageId::EServices(lang) => eservices::overview(site, lang, &mut ctx)?,
        PageId::EService(lang, id) => {
            let service = site.config.eservices.get(id).ok_or_else(|| missing(page))?;
            eservices::service(site, lang, service, &mut ctx)?
        }
        PageId::NotFound(lang) => {
            let title = t.text(lang, "not_found.heading").map_err(lookup)?;
            let desc = t.text(lang, "not_found.text").map_err(lookup)?;
            let chrome = chrome(site, lang, "404", &title, &desc, page, Vec::new())?;
            let others: Vec<LangLink> = site
                .config
                .languages
                .iter()
                .filter(|l| l.code != lang)
                .map(|l| LangLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: l.dir.as_str(),
                    url: site.url(&PageId::Home(&l.code)),
                    current: false,
                    note: None,
                })
                .collect();
            ctx.insert("others", &others);
            ("404.html", chrome)
        }
    };
    ctx.insert("page", &chrome);
    let html = templates.render(template, &chrome.lang, &ctx)?;
    Ok((page.file(), html))
}

/// A page whose model object is gone: only possible when the page list and the site disagree.
fn missing(page: PageId<'_>) -> Diagnostic {
    Diagnostic::error("content", format!("{page:?} has nothing to render"))
        .help("this is a bug in vardguide; please report it with the site that triggers it")
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
        index: site.url(&PageId::Search(lang)),
        strings: strings.to_string(),
    })
}

/// A list of articles (by kind or topic) at `/<lang>/<rest>`, under the breadcrumbs `crumbs`.
#[allow(clippy::too_many_arguments)]
fn list_page(
    site: &Site,
    page: PageId<'_>,
    section: &'static str,
    title: String,
    mut crumbs: Vec<Crumb>,
    items: Vec<ArticleItem>,
    ctx: &mut Context,
) -> Result<(&'static str, Chrome), Diagnostic> {
    let lang = page.lang().unwrap_or_default();
    crumbs.push(Crumb {
        title: title.clone(),
        url: site.url(&page),
    });
    let chrome = chrome(site, lang, section, &title, &title, page, crumbs)?;
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
    Ok(("list.html", chrome))
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
        url: site.url(&PageId::Home(lang)),
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
                url: site.url(&PageId::Kind(lang, *k)),
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
                url: site.url(&PageId::Topic(lang, k)),
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
                url: site.url(&PageId::Home(&l.code)),
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

/// The chrome of a page in `lang`: switcher, hreflang alternates, canonical link or `noindex`,
/// navigation. Every URL comes from the page table.
pub(super) fn chrome(
    site: &Site,
    lang: &str,
    section: &'static str,
    title: &str,
    description: &str,
    page: PageId<'_>,
    breadcrumbs: Vec<Crumb>,
) -> Result<Chrome, Diagnostic> {
    let versions = site.alternates(&page);
    let url_in = |l: &str| {
        versions
            .iter()
            .find(|(code, _)| *code == l)
            .map(|(_, p)| site.url(p))
    };
    let indexed = page.indexed();
    let mut languages = Vec::new();
    let mut alternates = Vec::new();
    for l in &site.config.languages {
        let target = url_in(&l.code);
        if indexed && let Some((_, p)) = versions.iter().find(|(code, _)| *code == l.code) {
            alternates.push(Alternate {
                hreflang: l.code.clone(),
                href: site.absolute_url(p),
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
            url: target.unwrap_or_else(|| site.url(&PageId::Home(&l.code))),
            current: l.code == lang,
            note,
        });
    }
    if indexed
        && let Some((_, p)) = versions
            .iter()
            .find(|(code, _)| *code == site.config.default_language)
    {
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: site.absolute_url(p),
        });
    }
    let page_url = |key: &str| {
        site.page_keys()
            .contains(&key)
            .then(|| site.url(&PageId::Page(lang, key)))
    };
    Ok(Chrome {
        lang: lang.to_string(),
        dir: dir_of(site, lang),
        site_title: site.config.title.clone(),
        title: title.to_string(),
        description: description.to_string(),
        canonical: indexed.then(|| site.absolute_url(&page)),
        noindex: !indexed,
        alternates,
        languages,
        home_url: site.url(&PageId::Home(lang)),
        nav: Nav {
            home: site.url(&PageId::Home(lang)),
            a_o: site.url(&PageId::AO(lang)),
            topics: site.url(&PageId::Topics(lang)),
            languages: site.url(&PageId::Languages(lang)),
            about: page_url("about"),
            accessibility: page_url("accessibility"),
            search: site.url(&PageId::Search(lang)),
            clinics: site.url(&PageId::Finder(lang)),
            fees: site.url(&PageId::Fees(lang)),
            eservices: site.url(&PageId::EServices(lang)),
            choose: page_url("choose-health-centre"),
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
                url: site.url(&PageId::Home(&l.code)),
                label: site
                    .translations
                    .text(&l.code, "root.enter")
                    .map_err(lookup)?,
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    // The same alternates as the default language's home page, so `/`, `/<lang>/` and the
    // sitemap declare one x-default.
    let home = PageId::Home(default);
    let alternates: Vec<Alternate> = site
        .alternates(&home)
        .iter()
        .map(|(l, p)| Alternate {
            hreflang: l.to_string(),
            href: site.absolute_url(p),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default".into(),
            href: site.absolute_url(&home),
        }))
        .collect();
    ctx.insert("lang", default);
    ctx.insert("dir", dir_of(site, default));
    ctx.insert("site_title", &site.config.title);
    ctx.insert("default_url", &site.url(&PageId::Home(default)));
    ctx.insert("canonical", &site.absolute_url(&PageId::Root));
    ctx.insert("alternates", &alternates);
    ctx.insert("languages", &languages);
    templates.render("root.html", default, &ctx)
}
