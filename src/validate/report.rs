//! `vardguide check`'s editorial report: what needs attention beyond errors. Translation coverage
//! per language, reviews that are due, UI strings missing per language, and the findings in the
//! text (skipped heading levels, plain-http links; an image without alt text is an error), and
//! each article version's readability (LIX, [`crate::base::readability`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::markdown::NoteKind;
use crate::model::Site;

/// Article translations of one language, measured against the default language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageCoverage {
    pub lang: String,
    /// Articles of the default language that exist in this language.
    pub translated: usize,
    pub total: usize,
    /// Keys of default-language articles with no version in this language.
    pub missing: Vec<String>,
    /// Keys of translations whose source changed after they were made.
    pub outdated: Vec<String>,
}

/// An article whose next review is due.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewDue {
    pub file: String,
    pub title: String,
    pub next_review: String,
    /// Days until the review is due; negative when overdue.
    pub days: i64,
}

/// A finding in an article's text.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    #[serde(flatten)]
    pub kind: NoteKind,
}

/// UI strings one language lacks (they fall back to the default language).
#[derive(Debug, Clone, Serialize)]
pub struct MissingStrings {
    pub lang: String,
    pub keys: Vec<String>,
}

/// One article version's readability.
#[derive(Debug, Clone, Serialize)]
pub struct ReadabilityRow {
    pub file: String,
    pub lang: String,
    /// The easy-to-read version (held to [`crate::base::readability::EASY_MAX_LIX`]).
    pub easy: bool,
    /// LIX, to one decimal.
    pub lix: f64,
    /// Its band on the LIX scale ("very easy" … "very hard").
    pub band: &'static str,
    pub words: usize,
    pub sentences: usize,
    /// The longest sentences, longest first: their lines and lengths in words.
    pub longest: Vec<LongSentence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LongSentence {
    pub line: usize,
    pub words: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: String,
    pub review_window_days: i64,
    pub coverage: Vec<LanguageCoverage>,
    pub reviews: Vec<ReviewDue>,
    pub heading_skips: Vec<Finding>,
    pub insecure_links: Vec<Finding>,
    pub missing_ui_strings: Vec<MissingStrings>,
    /// LIX of every article version in a language it fits ([`crate::base::readability::LIX_LANGUAGES`]).
    pub readability: Vec<ReadabilityRow>,
}

impl Report {
    /// Number of items that need attention.
    pub fn attention(&self) -> usize {
        self.coverage
            .iter()
            .map(|c| c.outdated.len())
            .sum::<usize>()
            + self.reviews.len()
            + self.heading_skips.len()
            + self.insecure_links.len()
            + self
                .missing_ui_strings
                .iter()
                .map(|m| m.keys.len())
                .sum::<usize>()
    }
}

/// Builds the report for `site` as of `today`, listing reviews due within `window_days`.
pub fn report(site: &Site, today: NaiveDate, window_days: i64) -> Report {
    let default = site.config.default_language.as_str();
    let source_keys: BTreeSet<&str> = site.articles_in(default).map(|a| a.key.as_str()).collect();
    let coverage = site
        .config
        .language_codes()
        .filter(|l| *l != default)
        .map(|lang| {
            let have: BTreeSet<&str> = site.articles_in(lang).map(|a| a.key.as_str()).collect();
            LanguageCoverage {
                lang: lang.to_string(),
                translated: source_keys.iter().filter(|k| have.contains(*k)).count(),
                total: source_keys.len(),
                missing: source_keys
                    .iter()
                    .filter(|k| !have.contains(*k))
                    .map(|k| k.to_string())
                    .collect(),
                // An easy-to-read version is named `<key>.easy`.
                outdated: site
                    .articles_in(lang)
                    .chain(site.easy.iter().filter(|a| a.lang == lang))
                    .filter(|a| a.possibly_outdated)
                    .map(|a| {
                        if a.easy {
                            format!("{}{}", a.key, crate::source::load::EASY_SUFFIX)
                        } else {
                            a.key.clone()
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut reviews: Vec<ReviewDue> = site
        .articles
        .iter()
        .chain(&site.easy)
        .filter_map(|a| {
            let days = (a.next_review.0 - today).num_days();
            (days <= window_days).then(|| ReviewDue {
                file: a.source.display().to_string(),
                title: a.title.clone(),
                next_review: a.next_review.to_string(),
                days,
            })
        })
        .collect();
    reviews.sort_by(|a, b| (a.days, &a.file).cmp(&(b.days, &b.file)));
    let (mut headings, mut links) = (Vec::new(), Vec::new());
    for a in site.articles.iter().chain(&site.easy) {
        for n in a.body.notes() {
            let f = Finding {
                file: a.source.display().to_string(),
                line: n.line,
                column: n.column,
                kind: n.kind.clone(),
            };
            match n.kind {
                // An error, reported by the build (a site with one has no report).
                NoteKind::ImageWithoutAlt { .. } => {}
                NoteKind::HeadingSkip { .. } => headings.push(f),
                NoteKind::InsecureLink { .. } => links.push(f),
            }
        }
    }
    let missing_ui_strings = match site.translations.catalog(default) {
        Some(reference) => site
            .config
            .language_codes()
            .filter(|l| *l != default)
            .filter_map(|lang| {
                let catalog = site.translations.catalog(lang)?;
                let keys: Vec<String> = reference
                    .entries
                    .keys()
                    .filter(|k| !catalog.entries.contains_key(*k))
                    .cloned()
                    .collect();
                (!keys.is_empty()).then(|| MissingStrings {
                    lang: lang.to_string(),
                    keys,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let mut versions: Vec<&crate::model::Article> =
        site.articles.iter().chain(&site.easy).collect();
    versions.sort_by(|a, b| (&a.key, &a.lang, a.easy).cmp(&(&b.key, &b.lang, b.easy)));
    let readability = versions
        .into_iter()
        .filter(|a| crate::base::readability::LIX_LANGUAGES.contains(&a.lang.as_str()))
        .filter_map(|a| {
            let r = &a.body.face().readability;
            let lix = r.lix()?;
            Some(ReadabilityRow {
                file: a.source.display().to_string(),
                lang: a.lang.clone(),
                easy: a.easy,
                lix: (lix * 10.0).round() / 10.0,
                band: crate::base::readability::band(lix),
                words: r.words,
                sentences: r.sentences,
                longest: r
                    .longest
                    .iter()
                    .map(|&(line, words)| LongSentence { line, words })
                    .collect(),
            })
        })
        .collect();
    Report {
        today: today.to_string(),
        review_window_days: window_days,
        coverage,
        reviews,
        heading_skips: headings,
        insecure_links: links,
        missing_ui_strings,
        readability,
    }
}

/// The report as text for a terminal.
pub fn to_text(r: &Report) -> String {
    let mut out = String::new();
    out.push_str("Translation coverage\n");
    for c in &r.coverage {
        let pct = (c.translated * 100).checked_div(c.total).unwrap_or(100);
        out.push_str(&format!(
            "  {}: {} of {} articles ({pct} %), {} possibly out of date\n",
            c.lang,
            c.translated,
            c.total,
            c.outdated.len()
        ));
        if !c.missing.is_empty() {
            out.push_str(&format!("    not translated: {}\n", c.missing.join(", ")));
        }
        if !c.outdated.is_empty() {
            out.push_str(&format!(
                "    possibly out of date: {}\n",
                c.outdated.join(", ")
            ));
        }
    }
    out.push_str(&format!(
        "Reviews due by {} + {} days\n",
        r.today, r.review_window_days
    ));
    if r.reviews.is_empty() {
        out.push_str("  none\n");
    }
    for d in &r.reviews {
        let when = if d.days < 0 {
            format!("{} days overdue", -d.days)
        } else {
            format!("due in {} days", d.days)
        };
        out.push_str(&format!(
            "  {}: {} ({}, {when})\n",
            d.file, d.title, d.next_review
        ));
    }
    for (title, list) in [
        ("Headings that skip a level", &r.heading_skips),
        ("Plain-http links", &r.insecure_links),
    ] {
        out.push_str(&format!("{title}: {}\n", list.len()));
        for f in list {
            out.push_str(&format!("  {}:{}:{}\n", f.file, f.line, f.column));
        }
    }
    out.push_str(&format!(
        "Readability (LIX; {} only, where the measure fits: under 30 easy, 30-40 medium, 40-50 hard)\n",
        crate::base::readability::LIX_LANGUAGES.join(" and ")
    ));
    for row in &r.readability {
        let longest = row
            .longest
            .first()
            .map(|l| format!(", longest sentence line {} ({} words)", l.line, l.words))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}: {:.1} {} ({} words, {} sentences{longest})\n",
            row.file, row.lix, row.band, row.words, row.sentences
        ));
    }
    out.push_str("UI strings missing\n");
    if r.missing_ui_strings.is_empty() {
        out.push_str("  none\n");
    }
    for m in &r.missing_ui_strings {
        out.push_str(&format!(
            "  {}: {} (shown in the default language)\n",
            m.lang,
            m.keys.join(", ")
        ));
    }
    out
}
