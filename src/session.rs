//! A site kept in memory between rebuilds (for `vardguide serve`): a full build, or the fast path
//! for changed articles, which re-validates just those files against the rest of the site and
//! re-renders the pages that show them. Search indexes are rebuilt separately, after the pages.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::load::ContentSource;
use crate::render::OutputFile;
use crate::{BuildFailure, BuildOptions, Planned};

/// The in-memory site.
pub struct Session {
    options: BuildOptions,
    planned: Planned,
}

/// What a changed article re-rendered.
pub struct Update {
    /// The changed article's own page (serve it first).
    pub page: OutputFile,
    /// Paths that no longer exist (the article's slug changed).
    pub removed: Vec<String>,
    /// How long re-validating and rendering the article's own page took.
    pub page_time: Duration,
}

impl Session {
    /// Builds the whole site in memory.
    pub fn build(options: BuildOptions) -> Result<Session, BuildFailure> {
        let planned = crate::plan(&options, &|_| {}, &|| {})?;
        Ok(Session { options, planned })
    }

    /// Every output file (path, bytes).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.planned
            .plan
            .paths()
            .filter_map(|p| self.planned.plan.get(p).map(|b| (p, b)))
    }

    pub fn site(&self) -> &crate::model::Site {
        &self.planned.site
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.planned.diagnostics.iter()
    }

    /// Re-reads the article `key` in `lang` and re-renders what shows it. On errors the session
    /// is unchanged.
    pub fn update_article(&mut self, key: &str, lang: &str) -> Result<Update, Vec<Diagnostic>> {
        let started = Instant::now();
        let path = self
            .options
            .root
            .join("content/articles")
            .join(key)
            .join(format!("{lang}.md"));
        let file = crate::load::read_text(&self.options.root, &path).map_err(|d| vec![d])?;
        let src = ContentSource {
            key: key.to_string(),
            lang: lang.to_string(),
            file,
        };
        let site = &self.planned.site;
        let images: BTreeSet<String> = site
            .images
            .get(key)
            .map(|files| {
                files
                    .iter()
                    .filter_map(|f| f.path.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let article = crate::validate::revalidate_article(site, &src, &images)?;
        let new_slug = article.slug.clone();
        let old = self.planned.site.replace_article(article);
        let site = &self.planned.site;
        let page = self
            .planned
            .renderer
            .article_page(site, key, lang)
            .map_err(|d| vec![d])?;
        let page_time = started.elapsed();
        let mut removed = Vec::new();
        if let Some(old) = old
            && old.slug != new_slug
        {
            removed.push(format!("{lang}/{}/index.html", old.slug));
        }
        Ok(Update {
            page,
            removed,
            page_time,
        })
    }

    /// Re-renders the pages that show the article `key` in `lang`, after
    /// [`Session::update_article`]: its translations, articles that list it as related, lists,
    /// A–Ö, overviews and the sitemap.
    pub fn dependents(&self, key: &str, lang: &str) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        Ok(self
            .planned
            .renderer
            .article_update(&self.planned.site, key, lang)?
            .dependents)
    }

    /// Rebuilds the search index of `lang` from the current site.
    pub fn reindex(&self, lang: &str) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        crate::index::build_language(&self.planned.site, lang)
    }
}
