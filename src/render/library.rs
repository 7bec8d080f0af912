//! The health library's pages: articles, home, lists by kind and topic, A–Ö, the languages
//! overview, plain pages, search, 404 and the root language chooser. Each function fills the
//! template context for one page of the page table and returns its template and chrome.

use serde::Serialize;
use tera::Context;

use super::templates::Templates;
use super::views::*;
use super::{Rendered, chrome, eservices, home_crumb, section_chrome};
use crate::base::collation::{Collation, group_by_letter};
use crate::base::diagnostics::Diagnostic;
use crate::graph::pages::PageId;
use crate::model::lists::List;
use crate::model::{Article, Site};
use crate::source::frontmatter::Kind;

/// An article in one language: its full text or its easy-to-read version.
pub(super) fn article(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    key: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    // The full text, or the easy-to-read version (`<lang>.easy.md`).
    let (found, suffix) = match page {
        PageId::EasyArticle { .. } => (site.easy(key, lang), crate::source::load::EASY_SUFFIX),
        _ => (site.article(key, lang), ""),
    };
    let a = found.ok_or_else(|| {
        Diagnostic::error(
            format!("content/articles/{key}/{lang}{suffix}.md"),
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
    let title = list_title(site, lang, List::Kind(kind))?;
    let crumbs = list_crumbs(site, lang, List::Kind(kind))?;
    if site.lists.is_split(lang, List::Kind(kind)) {
        return letters_overview(site, page, List::Kind(kind), title, None, crumbs, ctx);
    }
    let items = sorted_items(site, lang, |a| a.kind == kind);
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
    let title = list_title(site, lang, List::Topic(topic))?;
    let crumbs = list_crumbs(site, lang, List::Topic(topic))?;
    if site.lists.is_split(lang, List::Topic(topic)) {
        return letters_overview(site, page, List::Topic(topic), title, None, crumbs, ctx);
    }
    let items = sorted_items(site, lang, |a| a.topics.iter().any(|x| x == topic));
    list_page(site, page, "topics", title, crumbs, items, ctx)
}

/// Every article from A to Ö.
pub(super) fn a_o(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let title = list_title(site, lang, List::AO)?;
    let desc = site.translations.text(lang, "a_o.intro")?;
    if site.lists.is_split(lang, List::AO) {
        let crumbs = list_crumbs(site, lang, List::AO)?;
        return letters_overview(site, page, List::AO, title, Some(desc), crumbs, ctx);
    }
    let (missing, elsewhere) = untranslated_section(site, lang, List::AO)?;
    ctx.insert("untranslated", &missing);
    ctx.insert("elsewhere", &elsewhere);
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
    // A large site's table would hold every article: each language's A–Ö index lists them.
    let note = if site.shows_coverage_table() {
        None
    } else {
        Some(t.text(lang, "languages.table_omitted")?)
    };
    ctx.insert("table_omitted", &note);
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
                .blocks()
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

/// The page the service worker shows for a page the reader has not kept while offline: the
/// emergency numbers (calls need no internet) and the pages kept on the device, listed by
/// `js/offline.js`.
pub(super) fn offline(site: &Site, page: PageId<'_>, lang: &str) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "offline.heading")?;
    let desc = t.text(lang, "offline.text")?;
    // The template takes its texts from the translations (the help section is a macro).
    let chrome = chrome(site, lang, "offline", &title, &desc, page, Vec::new())?;
    Ok(("offline.html", chrome))
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
        "group": t.text(lang, "number.group")?,
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
    let lang = super::lang_of(page)?;
    crumbs.push(Crumb {
        title: title.clone(),
        url: site.url(&page),
    });
    let chrome = chrome(site, lang, section, &title, &title, page, crumbs)?;
    let count_label =
        site.translations
            .format(lang, "articles.count", Some(items.len() as u64), &[])?;
    let list = page.list().unwrap_or(List::AO);
    let (untranslated, elsewhere) = untranslated_section(site, lang, list)?;
    ctx.insert(
        "list",
        &ListView {
            count_label,
            title,
            intro: None,
            items,
            untranslated,
            elsewhere,
            letters: Vec::new(),
        },
    );
    Ok(("list.html", chrome))
}

/// The breadcrumbs above a list's own: home, and the topics overview for a topic.
fn list_crumbs(site: &Site, lang: &str, list: List<'_>) -> Result<Vec<Crumb>, Diagnostic> {
    let mut crumbs = vec![home_crumb(site, lang)?];
    if let List::Topic(_) = list {
        crumbs.push(Crumb {
            title: site.translations.text(lang, "topics.heading")?,
            url: site.url(&PageId::Topics(lang)),
        });
    }
    Ok(crumbs)
}

/// The name of `list` in `lang`, as its page's heading.
fn list_title(site: &Site, lang: &str, list: List<'_>) -> Result<String, Diagnostic> {
    let key = match list {
        List::AO => "a_o.heading".to_string(),
        List::Kind(kind) => format!("kinds.{}", kind.as_str()),
        List::Topic(topic) => format!("topic.{topic}"),
    };
    Ok(site.translations.text(lang, &key)?)
}

fn list_section(list: List<'_>) -> &'static str {
    match list {
        List::AO => "a-o",
        List::Kind(_) => "kinds",
        List::Topic(_) => "topics",
    }
}

/// A letter of a long list's navigation: a link to its page, or the letter alone when no
/// article is listed under it.
#[derive(Serialize)]
struct LetterLink {
    label: String,
    url: Option<String>,
    current: bool,
}

fn letter_links(site: &Site, lang: &str, list: List<'_>, current: Option<&str>) -> Vec<LetterLink> {
    let Some(alphabet) = site.lists.alphabet(lang) else {
        return Vec::new();
    };
    let pages = site.lists.letter_pages(lang, list);
    alphabet
        .labels
        .iter()
        .zip(&alphabet.segments)
        .enumerate()
        .filter_map(|(group, (label, segment))| {
            let page = pages.iter().find(|(g, _)| *g == group);
            // The group of titles outside the alphabet is shown only when it has articles.
            if page.is_none() && group + 1 == alphabet.segments.len() {
                return None;
            }
            Some(LetterLink {
                label: label.clone(),
                url: page.map(|(_, letter)| site.url(&PageId::Letter { lang, list, letter })),
                current: current == Some(segment.as_str()),
            })
        })
        .collect()
}

/// Where a long list's articles that are not in the page's language can be read: the same list
/// in each language they are shown in.
#[derive(Serialize)]
struct Elsewhere {
    text: String,
    links: Vec<ForeignList>,
}

#[derive(Serialize)]
struct ForeignList {
    url: String,
    lang: String,
    dir: &'static str,
    language: String,
}

#[derive(Serialize)]
struct LettersView {
    title: String,
    intro: Option<String>,
    count_label: String,
    letters: Vec<LetterLink>,
    untranslated: Vec<Untranslated>,
    elsewhere: Option<Elsewhere>,
}

/// A long list's own page: its letters, each linking to the letter's page, and where its
/// articles not yet in the page's language can be read.
#[allow(clippy::too_many_arguments)]
fn letters_overview(
    site: &Site,
    page: PageId<'_>,
    list: List<'_>,
    title: String,
    intro: Option<String>,
    mut crumbs: Vec<Crumb>,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let lang = super::lang_of(page)?;
    crumbs.push(Crumb {
        title: title.clone(),
        url: site.url(&page),
    });
    let desc = intro.clone().unwrap_or_else(|| title.clone());
    let chrome = chrome(site, lang, list_section(list), &title, &desc, page, crumbs)?;
    let count = site.lists.len(lang, list) as u64;
    let count_label = site
        .translations
        .format(lang, "articles.count", Some(count), &[])?;
    let (untranslated, elsewhere) = untranslated_section(site, lang, list)?;
    ctx.insert(
        "list",
        &LettersView {
            title,
            intro,
            count_label,
            letters: letter_links(site, lang, list, None),
            untranslated,
            elsewhere,
        },
    );
    Ok(("letters.html", chrome))
}

/// The articles of `list` not yet in `lang`: listed when they are few, else where to read them
/// (a long list's letter pages, or many untranslated articles, would otherwise repeat the
/// other languages' lists on every list).
fn untranslated_section(
    site: &Site,
    lang: &str,
    list: List<'_>,
) -> Result<(Vec<Untranslated>, Option<Elsewhere>), Diagnostic> {
    let missing = untranslated_versions(site, lang, |a| list.holds(a));
    if missing.len() <= site.config.split_lists_above {
        return Ok((untranslated_views(site, missing), None));
    }
    let shown: Vec<&str> = missing
        .iter()
        .flat_map(|versions| versions.iter().map(|a| a.lang.as_str()))
        .collect();
    let links = site
        .config
        .languages
        .iter()
        .filter(|l| shown.contains(&l.code.as_str()))
        .map(|l| ForeignList {
            url: site.url(&PageId::of_list(&l.code, list)),
            lang: l.code.clone(),
            dir: l.dir.as_str(),
            language: l.name.clone(),
        })
        .collect();
    let text = site.translations.format(
        lang,
        "lists.untranslated_elsewhere",
        Some(missing.len() as u64),
        &[],
    )?;
    Ok((Vec::new(), Some(Elsewhere { text, links })))
}

/// One letter of a long list: the list's articles in the page's language under that letter.
pub(super) fn letter_page(
    site: &Site,
    page: PageId<'_>,
    lang: &str,
    list: List<'_>,
    letter: &str,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let alphabet = site.lists.alphabet(lang);
    let (group, label) = alphabet
        .and_then(|a| {
            let g = a.group_named(letter)?;
            Some((g, a.labels[g].clone()))
        })
        .ok_or_else(|| super::missing(page))?;
    let list_name = list_title(site, lang, list)?;
    let mut crumbs = list_crumbs(site, lang, list)?;
    crumbs.push(Crumb {
        title: list_name.clone(),
        url: site.url(&PageId::of_list(lang, list)),
    });
    let title = site.translations.format(
        lang,
        "lists.letter_title",
        None,
        &[("list", &list_name), ("letter", &label)],
    )?;
    crumbs.push(Crumb {
        title: label.clone(),
        url: site.url(&page),
    });
    let chrome = chrome(site, lang, list_section(list), &title, &title, page, crumbs)?;
    let collation = Collation::new(lang);
    let mut items: Vec<&Article> = site
        .lists
        .members(lang, group)
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .filter(|a| list.holds(a))
        .collect();
    items.sort_by(|a, b| collation.compare(&a.title, &b.title));
    let count_label =
        site.translations
            .format(lang, "articles.count", Some(items.len() as u64), &[])?;
    ctx.insert(
        "list",
        &ListView {
            title,
            intro: None,
            count_label,
            items: items.iter().map(|a| ArticleItem::new(site, a)).collect(),
            untranslated: Vec::new(),
            elsewhere: None,
            letters: letter_links(site, lang, list, Some(letter)),
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

/// The views of untranslated articles, each given by the versions it is shown in.
fn untranslated_views(site: &Site, missing: Vec<Vec<&Article>>) -> Vec<Untranslated> {
    missing
        .into_iter()
        .map(|shown| Untranslated {
            versions: shown
                .into_iter()
                .map(|a| ForeignVersion {
                    title: a.title.clone(),
                    url: site.article_path(a),
                    lang: a.lang.clone(),
                    dir: dir_of(site, &a.lang),
                    // Every version's language is configured (validation); the code is a
                    // readable fallback, never an empty link.
                    language: site
                        .config
                        .language(&a.lang)
                        .map_or_else(|| a.lang.clone(), |l| l.name.clone()),
                })
                .collect(),
        })
        .collect()
}

/// For each article matching `keep` that is not translated into `lang`, by key, the versions
/// shown ([`Site::shown_versions`]).
fn untranslated_versions<'s>(
    site: &'s Site,
    lang: &str,
    keep: impl Fn(&Article) -> bool,
) -> Vec<Vec<&'s Article>> {
    let mut keys: Vec<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
    keys.dedup();
    keys.into_iter()
        .filter(|k| site.article(k, lang).is_none())
        .filter_map(|k| {
            let versions = site.versions(k);
            if !versions.iter().any(|a| keep(a)) {
                return None;
            }
            Some(site.shown_versions(versions))
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
    /// Where to read them instead, when they are too many to list.
    elsewhere: Option<Elsewhere>,
    /// On a letter page of a long list: every letter of the list.
    letters: Vec<LetterLink>,
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
    let prefixes = crate::model::lists::prefixes(&site.translations, lang);
    let articles: Vec<&Article> = site.articles_in(lang).collect();
    let groups = group_by_letter(
        articles,
        |a| a.title.as_str(),
        &alphabet,
        &Collation::new(lang),
        &prefixes,
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
    if !site.shows_coverage_table() {
        return Ok((langs, Vec::new()));
    }
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
                .map_or_else(|| key.to_string(), |a| a.title.clone());
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
