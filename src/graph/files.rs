//! Output files that are not pages: their groups (made together and reused together), and the
//! path of each file in the output folder. A page's file is named by [`super::pages::PageId`];
//! every other file the build writes is named here, so nothing else formats an output path.

use crate::model::Site;

/// The file that marks a folder as vardguide's output: a build replaces only such a folder, and
/// the build cache reads its identity to know the output is the one it described.
pub const MARKER: &str = ".vardguide-output";

/// The service worker, at the root of the base path (its scope is the whole site).
pub const WORKER: &str = "sw.js";

/// The sitemap, or the sitemap index past the protocol's limit.
pub const SITEMAP: &str = "sitemap.xml";

/// The crawlers' rules.
pub const ROBOTS: &str = "robots.txt";

/// The `n`-th (from 1) sitemap under the sitemap index.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// `lang`'s web app manifest.
pub fn manifest(lang: &str) -> String {
    format!("{lang}/manifest.json")
}

/// `lang`'s health-centre data, read by the finder and the comparison; beside the finder page.
pub fn finder_data(lang: &str) -> String {
    format!("{lang}/clinics/data.json")
}

/// The files besides pages that are made from the site model, in groups made together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFiles<'a> {
    /// The sitemap (one file, or an index and several files past the protocol's limit) and
    /// robots.txt.
    Sitemap,
    /// A language's health-centre finder data.
    Finder(&'a str),
    /// The service worker and every language's web app manifest.
    Offline,
}

impl<'a> SiteFiles<'a> {
    /// Every group of `site`.
    pub fn all(site: &'a Site) -> Vec<SiteFiles<'a>> {
        std::iter::once(SiteFiles::Sitemap)
            .chain(site.config.language_codes().map(SiteFiles::Finder))
            .chain(std::iter::once(SiteFiles::Offline))
            .collect()
    }

    /// A name for the build cache.
    pub fn name(self) -> String {
        match self {
            SiteFiles::Sitemap => "sitemap".to_string(),
            SiteFiles::Finder(lang) => format!("finder:{lang}"),
            SiteFiles::Offline => "offline".to_string(),
        }
    }
}
