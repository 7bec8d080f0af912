//! Front matter: splits a Markdown file into its YAML header and body, and parses the header into
//! the strict structs editors write. Value checks that need the whole site (topics, related keys,
//! slugs) happen in the validate stage.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use crate::base::diagnostics::Diagnostic;
use crate::source::yaml;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| serde::de::Error::custom(format!("`{s}` is not a date")))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// What an article is about; decides the list it appears in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Symptom,
    Illness,
    Treatment,
    Advice,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Symptom, Kind::Illness, Kind::Treatment, Kind::Advice];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Symptom => "symptom",
            Kind::Illness => "illness",
            Kind::Treatment => "treatment",
            Kind::Advice => "advice",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub name: String,
    pub role: String,
    /// The reviewer is part of example content (the bundled starter site's editorial team is
    /// invented): the page says so next to the name, in the reader's language.
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedFrom {
    pub lang: String,
    /// The source's `updated` date this translation is based on.
    pub date: Date,
    /// The source's text hash ([`crate::source::review::text_hash`]) when the translation was last
    /// checked against it (`vardguide review`).
    #[serde(default)]
    pub revision: Option<String>,
    /// Which version of the source it was made from: the full text (the default) or the
    /// easy-to-read one (`version: easy`), as many translations of health information are.
    #[serde(default)]
    pub version: SourceVersion,
}

/// The version of an article a translation was made from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceVersion {
    #[default]
    Full,
    Easy,
}

/// An article's front matter as written. (Serialize: the build cache keeps it, and reads it back
/// through the same checks.)
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFrontMatter {
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub topics: Vec<String>,
    pub reviewed: Date,
    pub reviewer: Reviewer,
    #[serde(default)]
    pub next_review: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
    /// Words readers may search for that the text does not use (synonyms, other names):
    /// indexed for search, never shown.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// What the review covered: the text hash ([`crate::source::review::text_hash`]) written by
    /// `vardguide review`.
    #[serde(default)]
    pub review_hash: Option<String>,
}

/// A plain page's front matter (About and similar).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    pub summary: String,
    /// Search keywords, as for articles.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A file split into front matter and body, with the line numbers needed for diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error(file, "the file does not start with front matter")
            .at_line(1, 1)
            .help("start the file with a line `---`, the YAML fields (title, summary, …), and another `---` line"));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front matter is not closed")
        .at_line(1, 1)
        .help("add a line `---` after the last front-matter field"))
}

pub fn parse_article(split: &Split<'_>, file: &Path) -> Result<ArticleFrontMatter, Diagnostic> {
    yaml::parse(split.yaml, file, split.yaml_line)
}

pub fn parse_page(split: &Split<'_>, file: &Path) -> Result<PageFrontMatter, Diagnostic> {
    yaml::parse(split.yaml, file, split.yaml_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_tracks_lines() {
        let s = split("---\ntitle: a\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert!(split("no front matter", Path::new("a.md")).is_err());
        assert!(split("---\ntitle: a\n", Path::new("a.md")).is_err());
    }

    #[test]
    fn bad_date_names_the_line() {
        let text = "---\ntitle: T\nsummary: S\nkind: symptom\ntopics: [skin]\nreviewed: 2026-13-01\nreviewer: {name: A, role: B}\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = parse_article(&s, Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("not a date"), "{e}");
        assert_eq!(e.position.map(|p| p.line), Some(6), "{e}");
    }
}
