//! Output files that are not pages: their groups (made together and reused together), and the
//! path of each file in the output folder. A page's file is named by [`super::pages::PageId`];
//! every other file the build writes is named here, so nothing else formats an output path. The
//! one exception is the illustrations' copies: Markdown bodies link to them while they are
//! rendered, before there is a graph, so [`crate::source::images`] names them.

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

/// The site-wide error page (a copy of the default language's), for servers that have one.
pub const NOT_FOUND: &str = "404.html";

/// Server configuration, written beside the site (never served: the servers' own rules and the
/// hosting guide keep `_*` paths out of reach). Netlify and Cloudflare Pages read the first two.
pub const NETLIFY_HEADERS: &str = "_headers";
pub const NETLIFY_REDIRECTS: &str = "_redirects";
pub const NGINX_HEADERS: &str = "_nginx/security-headers.conf";
pub const NGINX_SERVER: &str = "_nginx/vardguide.conf";
pub const APACHE: &str = "_apache/vardguide.conf";
pub const CADDY: &str = "_caddy/Caddyfile";

/// Where the theme's assets and the search module go, with hashed names.
pub const ASSETS_DIR: &str = "assets";

/// The output file of an asset, by its hashed name.
pub fn asset(hashed_name: &str) -> String {
    format!("{ASSETS_DIR}/{hashed_name}")
}

/// Whether `path` is an asset's output file.
pub fn is_asset(path: &str) -> bool {
    path.strip_prefix(ASSETS_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `path` is a search index's hot file (`<lang>/search/<hash>.hot`): named by its
/// content like an asset, and fetched whole by every visit to a large index's search page.
pub fn is_search_hot(path: &str) -> bool {
    path.ends_with(".hot") && path.split('/').rev().nth(1) == Some("search")
}

/// Whether `path`'s precompressed copies are made at the best level: the assets and the search
/// indexes' hot files, few files fetched by many visits and named by their content. Pages and
/// the rest get a fast level ([`crate::output`] says why).
pub fn compressed_hard(path: &str) -> bool {
    is_asset(path) || is_search_hot(path)
}

/// The URL path of the assets folder under `base_path`, ending in `/`.
pub fn assets_url(base_path: &str) -> String {
    format!("{base_path}{ASSETS_DIR}/")
}

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

/// The URL of `lang`'s health-centre data under `base_path`.
pub fn finder_data_url(base_path: &str, lang: &str) -> String {
    format!("{base_path}{}", finder_data(lang))
}

/// The folder of `lang`'s search index, beside its search page (the browser's search module
/// fetches it relative to the page).
pub fn search_index(lang: &str) -> String {
    format!("{lang}/search")
}

/// A file of `lang`'s search index.
pub fn search_index_file(lang: &str, name: &str) -> String {
    format!("{}/{name}", search_index(lang))
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
    /// The assets (theme and search module), the illustrations' copies and the server
    /// configuration: made from the settings, the theme and the images.
    Assets,
}

impl<'a> SiteFiles<'a> {
    /// Every group of `site`.
    pub fn all(site: &'a Site) -> Vec<SiteFiles<'a>> {
        std::iter::once(SiteFiles::Sitemap)
            .chain(site.config.language_codes().map(SiteFiles::Finder))
            .chain([SiteFiles::Offline, SiteFiles::Assets])
            .collect()
    }

    /// A name for the build cache.
    pub fn name(self) -> String {
        match self {
            SiteFiles::Sitemap => "sitemap".to_string(),
            SiteFiles::Finder(lang) => format!("finder:{lang}"),
            SiteFiles::Offline => "offline".to_string(),
            SiteFiles::Assets => "assets".to_string(),
        }
    }
}
