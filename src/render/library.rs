//! The health library's pages: articles, home, lists by kind and topic, A–Ö, the languages
//! overview, plain pages, search, 404 and the root language chooser. Each function fills the
//! template context for one page of the page table and returns its template and chrome.

use serde::Serialize;
use tera::Context;

use super::templates::Templates;
use super::views::*;
use super::{Rendered, chrome, eservices, home_crumb, section_chrome};
use crate::collation::{Collation, group_by_letter};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::Kind;
use crate::model::{Article, Site};
use crate::pages::PageId;

/// An article in one language.
pub(super) fn article(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    key: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let a = site.article(key, lang).ok_or_else(|| {
        Diagnostic::error(
            format!("content/articles/{key}/{lang}.md"),
            "article not found",
        )
    })?;
    article_of(site, page, a, ctx)
}

/// The page of `a`, which may be a newer version of the site's article of the same key and
/// language (`serve` renders a saved body before the rest of the site catches up).
pub(super) fn article_of(
    site: &Site,
    page: PageId<'_>,
    a: &crate::model::Article,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let lang = a.lang.as_str();
    let t = &site.translations;
    let view = article_view(site, a)?;
    let kind_url = site.url(&PageId::Kind(lang, a.kind));
    let crumbs = vec![
        Crumb {
            title: t.text(lang, "nav.home")?,
            url: site.url(&PageId::Home(lang)),
        },
        Crumb {
            title: t.text(lang, &format!("kinds.{}", a.kind.as_str()))?,
            url: kind_url,
        },
        Crumb {
            title: a.title.clone(),
            url: site.article_path(a),
        },
    ];
    let chrome = chrome(site, lang, "article", &a.title, &a.summary, page, crumbs)?;
    ctx.insert("article", &view);
    Ok(("article.html", chrome))
}

/// A language's home page.
pub(super) fn home(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "home.title")?;
    let desc = t.text(lang, "home.intro")?;
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
    Ok(("home.html", chrome))
}

/// The articles of one kind.
pub(super) fn kind_list(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    kind: Kind,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, &format!("kinds.{}", kind.as_str()))?;
    let items = sorted_items(site, lang, |a| a.kind == kind);
    let crumbs = vec![home_crumb(site, lang)?];
    list_page(site, page, "kinds", title, crumbs, items, ctx)
}

/// Every topic.
pub(super) fn topics(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "topics.heading")?;
    let chrome = section_chrome(site, page, "topics", &title, &title)?;
    ctx.insert("topics", &topic_tiles(site, lang)?);
    ctx.insert("kinds", &kind_tiles(site, lang)?);
    Ok(("topics.html", chrome))
}

/// The articles of one topic.
pub(super) fn topic_list(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    topic: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, &format!("topic.{topic}"))?;
    let items = sorted_items(site, lang, |a| a.topics.iter().any(|x| x == topic));
    let crumbs = vec![
        home_crumb(site, lang)?,
        Crumb {
            title: t.text(lang, "topics.heading")?,
            url: site.url(&PageId::Topics(lang)),
        },
    ];
    list_page(site, page, "topics", title, crumbs, items, ctx)
}

/// Every article from A to Ö.
pub(super) fn a_o(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "a_o.heading")?;
    ctx.insert("untranslated", &untranslated(site, lang, |_| true));
    let desc = t.text(lang, "a_o.intro")?;
    let chrome = section_chrome(site, page, "a-o", &title, &desc)?;
    ctx.insert("groups", &a_o_groups(site, lang)?);
    Ok(("a_o.html", chrome))
}

/// The languages of the site and which articles each has.
pub(super) fn languages(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "languages.heading")?;
    let desc = t.text(lang, "languages.intro")?;
    let chrome = section_chrome(site, page, "languages", &title, &desc)?;
    let (langs, rows) = languages_table(site, lang)?;
    ctx.insert("languages", &langs);
    ctx.insert("rows", &rows);
    Ok(("languages.html", chrome))
}

/// A plain page such as About (in the default language where it is not translated).
pub(super) fn plain_page(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    key: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let content = site
        .page(key, lang)
        .ok_or_else(|| Diagnostic::error(format!("content/pages/{key}"), "page vanished"))?;
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
                    html: site.resolve_links(&b.html(), lang).into_owned(),
                })
                .collect(),
        },
    );
    Ok(("page.html", chrome))
}

/// The search page.
pub(super) fn search(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "search.heading")?;
    let chrome = section_chrome(site, page, "search", &title, &title)?;
    ctx.insert("search", &search_view(site, lang)?);
    Ok(("search.html", chrome))
}

/// A language's 404 page.
pub(super) fn not_found(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "not_found.heading")?;
    let desc = t.text(lang, "not_found.text")?;
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
    Ok(("404.html", chrome))
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
        "count": t.plural_forms(lang, "search.count")?,
        "none": t.text(lang, "search.none")?,
        "loading": t.text(lang, "search.loading")?,
        "failed": t.text(lang, "search.failed")?,
        "prompt": t.text(lang, "search.prompt")?,
        "shown": t.text(lang, "search.shown")?,
        "clinic": t.text(lang, "search.type_clinic")?,
    });
    Ok(SearchView {
        index: site.url(&PageId::Search(lang)),
        strings: strings.to_string(),
    })
}

/// A list of articles (by kind or topic) at `/<lang>/<rest>`, under the breadcrumbs `crumbs`.
#[allow(clippy::too_many_arguments)]
pub(super) fn list_page(
    site: &Site,
    page: PageId<'_>,
    section: &'static str,
    title: String,
    mut crumbs: Vec<Crumb>,
    items: Vec<ArticleItem>,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let lang = page.lang().unwrap_or_default();
    crumbs.push(Crumb {
        title: title.clone(),
        url: site.url(&page),
    });
    let chrome = chrome(site, lang, section, &title, &title, page, crumbs)?;
    let count_label =
        site.translations
            .format(lang, "articles.count", Some(items.len() as u64), &[])?;
    let untranslated = untranslated(site, lang, |a| match page {
        PageId::Kind(_, kind) => a.kind == kind,
        PageId::Topic(_, topic) => a.topics.iter().any(|t| t == topic),
        _ => true,
    });
    ctx.insert(
        "list",
        &ListView {
            count_label,
            title,
            intro: None,
            items,
            untranslated,
        },
    );
    Ok(("list.html", chrome))
}

/// An article that has no version in the page's language, with links to the versions a reader
/// is most likely to manage: the default language's and English, else any.
#[derive(Serialize)]
pub(super) struct Untranslated {
    versions: Vec<ForeignVersion>,
}

/// One version of an untranslated article, marked with the language it opens in.
#[derive(Serialize)]
struct ForeignVersion {
    title: String,
    url: String,
    lang: String,
    dir: &'static str,
    /// The language's name in itself.
    language: String,
}

/// The articles matching `keep` that are not translated into `lang`, sorted by key.
pub(super) fn untranslated(
    site: &Site,
    lang: &str,
    keep: impl Fn(&Article) -> bool,
) -> Vec<Untranslated> {
    let mut keys: Vec<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
    keys.dedup();
    keys.into_iter()
        .filter(|k| site.article(k, lang).is_none())
        .filter_map(|k| {
            let versions = site.versions(k);
            if !versions.iter().any(|a| keep(a)) {
                return None;
            }
            let preferred: Vec<&Article> = versions
                .iter()
                .filter(|a| a.lang == site.config.default_language || a.lang == "en")
                .copied()
                .collect();
            let shown = if preferred.is_empty() {
                versions.into_iter().take(1).collect()
            } else {
                preferred
            };
            Some(Untranslated {
                versions: shown
                    .into_iter()
                    .map(|a| ForeignVersion {
                        title: a.title.clone(),
                        url: site.article_path(a),
                        lang: a.lang.clone(),
                        dir: dir_of(site, &a.lang),
                        language: site
                            .config
                            .language(&a.lang)
                            .map(|l| l.name.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct ListView {
    title: String,
    intro: Option<String>,
    count_label: String,
    items: Vec<ArticleItem>,
    /// Articles of the list not yet translated into the page's language.
    untranslated: Vec<Untranslated>,
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
                    .text(lang, &format!("kinds.{}", k.as_str()))?,
                url: site.url(&PageId::Kind(lang, *k)),
                count,
                count_label: site.translations.format(
                    lang,
                    "articles.count",
                    Some(count as u64),
                    &[],
                )?,
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
                name: site.translations.text(lang, &format!("topic.{k}"))?,
                url: site.url(&PageId::Topic(lang, k)),
                count,
                count_label: site.translations.format(
                    lang,
                    "articles.count",
                    Some(count as u64),
                    &[],
                )?,
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
    let alphabet = site.translations.list(lang, "a_o.alphabet")?;
    let other = site.translations.text(lang, "a_o.other")?;
    let ignore = site.translations.list(lang, "a_o.ignore_prefixes")?;
    let articles: Vec<&Article> = site.articles_in(lang).collect();
    let groups = group_by_letter(
        articles,
        |a| a.title.as_str(),
        &alphabet,
        &Collation::new(lang),
        &ignore,
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
    /// One per language, in the order of `languages`: the version's URL and title, or nothing.
    /// Pairs, not maps: a site with 10,000 articles has 60,000 cells on each language's page,
    /// and Tera holds every cell as a value while it renders.
    cells: Vec<Option<(String, String)>>,
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
                count_label: site.translations.format(
                    lang,
                    "articles.count",
                    Some(count as u64),
                    &[],
                )?,
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
                    site.article(key, &l.code)
                        .map(|a| (site.article_path(a), a.title.clone()))
                })
                .collect();
            CoverageRow { title, cells }
        })
        .collect();
    rows.sort_by(|a, b| collation.compare(&a.title, &b.title));
    Ok((langs, rows))
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
pub(super) fn root_page(site: &Site, templates: &Templates) -> Result<String, Diagnostic> {
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
                label: site.translations.text(&l.code, "root.enter")?,
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
