//! One language version of an article or plain page, with its Markdown already rendered.

use std::path::PathBuf;
use std::sync::Arc;

use crate::markdown::RenderedBody;
use crate::source::frontmatter::{Date, Kind, Reviewer, TranslatedFrom};

/// One language version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Article {
    /// The folder name that ties translations together.
    pub key: String,
    pub lang: String,
    /// The easy-to-read version (`<lang>.easy.md`, [`crate::model::Site::easy`]); its slug is the full
    /// version's, and its page is below the full version's.
    pub easy: bool,
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub topics: Vec<String>,
    pub reviewed: Date,
    pub reviewer: Reviewer,
    pub next_review: Date,
    /// Last change to the text (defaults to `reviewed`).
    pub updated: Date,
    pub slug: String,
    pub related: Vec<String>,
    pub draft: bool,
    pub translated_from: Option<TranslatedFrom>,
    /// Words readers may search for that the text does not use (indexed, never shown).
    pub keywords: Vec<String>,
    /// The source changed after this translation was made.
    pub possibly_outdated: bool,
    /// The hash of the title, summary and body as they are ([`crate::source::review::text_hash`]).
    pub text_hash: String,
    /// The hash its review covered (`review_hash`), if it was recorded.
    pub review_hash: Option<String>,
    /// Shared with `serve`'s cache of rendered bodies, so an unchanged body is never copied.
    pub body: Arc<RenderedBody>,
}

/// A plain page such as About.
#[derive(Debug, Clone, Hash)]
pub struct Page {
    pub key: String,
    pub lang: String,
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    /// Search keywords (indexed, never shown).
    pub keywords: Vec<String>,
    pub body: RenderedBody,
}
