//! View structs: exactly what the templates see, built from the site model. Templates never get
//! domain types, so a theme can only depend on these fields.

use crate::graph::pages::PageId;
use serde::Serialize;

use crate::markdown::SegmentKind;
use crate::model::{Article, Site};
use crate::source::frontmatter::{Date, Kind};
use crate::source::translations::LookupError;

/// A link in the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
    /// Set when the link goes to the language's home page because the page is not translated.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub home: String,
    pub a_o: String,
    pub topics: String,
    pub languages: String,
    /// Plain pages the theme links to, when the site has them.
    pub about: Option<String>,
    pub accessibility: Option<String>,
    pub search: String,
    pub clinics: String,
    pub fees: String,
    pub eservices: String,
    pub choose: Option<String>,
}

/// What every page template gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    pub lang: String,
    pub dir: &'static str,
    pub site_title: String,
    pub title: String,
    pub description: String,
    /// The page's own absolute URL; none on pages search engines should not index.
    pub canonical: Option<String>,
    /// Pages left out of the sitemap carry `<meta name="robots" content="noindex">`.
    pub noindex: bool,
    pub alternates: Vec<Alternate>,
    pub languages: Vec<LangLink>,
    pub home_url: String,
    pub nav: Nav,
    pub section: &'static str,
    pub breadcrumbs: Vec<Crumb>,
    pub offline: OfflineLinks,
}

/// Where a page finds the service worker and its language's web app manifest.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineLinks {
    pub worker: String,
    /// The worker's scope: the site's base path.
    pub scope: String,
    pub manifest: String,
    /// The language's offline page, which also lists and forgets the pages kept.
    pub page: String,
}

/// An entry in an article list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleItem {
    pub title: String,
    pub summary: String,
    pub url: String,
    /// Its easy-to-read version in the same language, if it has one (lists mark it).
    pub easy_url: Option<String>,
}

impl ArticleItem {
    pub fn new(site: &Site, a: &Article) -> Self {
        ArticleItem {
            title: a.title.clone(),
            summary: a.summary.clone(),
            url: site.article_path(a),
            easy_url: site.easy(&a.key, &a.lang).map(|e| site.article_path(e)),
        }
    }
}

/// A tile linking to a list (topic or kind) with its article count.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    pub key: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub count_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockView {
    pub care: Option<&'static str>,
    pub region: Option<String>,
    /// The card's or note's visible label.
    pub label: String,
    /// Screen-reader prefix naming the care level.
    pub sr_prefix: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedLink {
    pub title: String,
    pub url: String,
    pub lang: String,
    pub lang_name: String,
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub kind_name: String,
    pub blocks: Vec<BlockView>,
    /// The sections of a long article, for its contents list (empty for a short one).
    pub contents: Vec<crate::markdown::Section>,
    pub reviewed_iso: String,
    pub reviewed_text: String,
    pub next_review_text: String,
    pub topics: Vec<TopicLink>,
    pub translations: Vec<TranslationLink>,
    pub related: Vec<RelatedLink>,
    pub outdated: bool,
    pub outdated_text: String,
    pub source_url: String,
    pub source_lang: String,
    pub source_link_text: String,
    /// This is the easy-to-read version.
    pub easy: bool,
    /// On a full version: its easy-to-read version in the same language, if there is one.
    pub easy_url: Option<String>,
    /// On an easy-to-read version: its full version.
    pub full_url: Option<String>,
}

/// Formats a date the way the language writes it (`date.format` and `date.months`).
pub fn format_date(site: &Site, lang: &str, date: Date) -> Result<String, LookupError> {
    use chrono::Datelike;
    let months = site.translations.list(lang, "date.months")?;
    let month = months
        .get(date.0.month0() as usize)
        .cloned()
        .unwrap_or_else(|| date.0.month().to_string());
    let day = date.0.day().to_string();
    let year = date.0.year().to_string();
    site.translations.format(
        lang,
        "date.format",
        None,
        &[("day", &day), ("month", &month), ("year", &year)],
    )
}

pub fn kind_name(site: &Site, lang: &str, kind: Kind) -> Result<String, LookupError> {
    site.translations
        .text(lang, &format!("kind.{}", kind.as_str()))
}

pub fn dir_of(site: &Site, lang: &str) -> &'static str {
    site.config.language(lang).map_or("ltr", |l| l.dir.as_str())
}

pub fn lang_name(site: &Site, lang: &str) -> String {
    site.config
        .language(lang)
        .map_or_else(|| lang.to_string(), |l| l.name.clone())
}

/// An article of this many `##` sections or more gets a contents list.
pub const LONG_ARTICLE_SECTIONS: usize = 4;

/// Builds the article view for `a`.
pub fn article_view(site: &Site, a: &Article) -> Result<ArticleView, LookupError> {
    let t = &site.translations;
    let lang = a.lang.as_str();
    let body = a.body.blocks();
    let mut blocks = Vec::with_capacity(body.len());
    for b in body.iter() {
        let view = match &b.kind {
            SegmentKind::Plain => BlockView {
                care: None,
                region: None,
                label: String::new(),
                sr_prefix: String::new(),
                html: site.resolve_links(&b.html(), lang).into_owned(),
            },
            SegmentKind::Care(level) => BlockView {
                care: Some(level.as_str()),
                region: None,
                label: t.text(lang, &format!("care.{}.label", level.as_str()))?,
                sr_prefix: t.text(lang, &format!("care.{}.sr", level.as_str()))?,
                html: site.resolve_links(&b.html(), lang).into_owned(),
            },
            SegmentKind::Region(code) => {
                let name = site.region_name(lang, code);
                BlockView {
                    care: None,
                    region: Some(code.clone()),
                    label: t.format(lang, "region.note", None, &[("region", &name)])?,
                    sr_prefix: String::new(),
                    html: site.resolve_links(&b.html(), lang).into_owned(),
                }
            }
        };
        blocks.push(view);
    }
    let reviewed = format_date(site, lang, a.reviewed)?;
    let next = format_date(site, lang, a.next_review)?;
    let topics = a
        .topics
        .iter()
        .map(|k| {
            Ok(TopicLink {
                name: t.text(lang, &format!("topic.{k}"))?,
                url: site.url(&PageId::Topic(lang, k)),
            })
        })
        .collect::<Result<Vec<_>, LookupError>>()?;
    let versions = if a.easy {
        site.easy_versions(&a.key)
    } else {
        site.versions(&a.key)
    };
    let translations = versions
        .into_iter()
        .map(|v| TranslationLink {
            code: v.lang.clone(),
            name: lang_name(site, &v.lang),
            dir: dir_of(site, &v.lang),
            url: site.article_path(v),
            current: v.lang == a.lang,
        })
        .collect();
    let related = a
        .related
        .iter()
        .filter_map(|k| {
            site.article(k, lang)
                .or_else(|| site.article(k, &site.config.default_language))
                .or_else(|| site.versions(k).into_iter().next())
        })
        .map(|r| RelatedLink {
            title: r.title.clone(),
            url: site.article_path(r),
            lang: r.lang.clone(),
            lang_name: lang_name(site, &r.lang),
            dir: dir_of(site, &r.lang),
        })
        .collect();
    // Only a translation whose source is in the site is marked possibly outdated
    // (`validate::mark_outdated`), so the notice always has its link.
    let outdated_source = match &a.translated_from {
        Some(tf) if a.possibly_outdated => match tf.version {
            crate::source::frontmatter::SourceVersion::Full => site.article(&a.key, &tf.lang),
            crate::source::frontmatter::SourceVersion::Easy => site.easy(&a.key, &tf.lang),
        },
        _ => None,
    };
    let (outdated_text, source_url, source_lang, source_link_text) = match outdated_source {
        Some(source) => (
            t.format(
                lang,
                "article.outdated_text",
                None,
                &[("language", &lang_name(site, &source.lang))],
            )?,
            site.article_path(source),
            source.lang.clone(),
            t.text(lang, "article.outdated_link")?,
        ),
        None => Default::default(),
    };
    let sections = a.body.sections();
    Ok(ArticleView {
        contents: if sections.len() >= LONG_ARTICLE_SECTIONS {
            sections.to_vec()
        } else {
            Vec::new()
        },
        title: a.title.clone(),
        summary: a.summary.clone(),
        kind: a.kind.as_str(),
        kind_name: kind_name(site, lang, a.kind)?,
        blocks,
        reviewed_iso: a.reviewed.to_string(),
        reviewed_text: {
            let text = t.format(
                lang,
                "article.reviewed",
                None,
                &[
                    ("date", &reviewed),
                    ("name", &a.reviewer.name),
                    ("role", &a.reviewer.role),
                ],
            )?;
            if a.reviewer.example {
                format!("{text} {}", t.text(lang, "article.reviewer_example")?)
            } else {
                text
            }
        },
        next_review_text: t.format(lang, "article.next_review", None, &[("date", &next)])?,
        topics,
        translations,
        related,
        outdated: a.possibly_outdated,
        outdated_text,
        easy: a.easy,
        easy_url: (!a.easy)
            .then(|| site.easy(&a.key, &a.lang))
            .flatten()
            .map(|e| site.article_path(e)),
        full_url: a
            .easy
            .then(|| site.article(&a.key, &a.lang))
            .flatten()
            .map(|f| site.article_path(f)),
        source_url,
        source_lang,
        source_link_text,
    })
}
