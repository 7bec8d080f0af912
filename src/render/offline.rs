//! Offline reading: the service worker (`sw.js` at the top of the site, so that its scope is the
//! whole site under `base_url`) and each language's web app manifest (`<lang>/manifest.json`).
//! Both are written from the page graph and the hashed asset names; the worker's code is
//! `sw.js` beside this file.

use std::collections::BTreeMap;

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::base::diagnostics::Diagnostic;
use crate::graph::files;
use crate::graph::pages::PageId;
use crate::model::Site;

const WORKER_CODE: &str = include_str!("sw.js");

/// The URL of the service worker.
pub fn worker_url(base_path: &str) -> String {
    format!("{base_path}{}", files::WORKER)
}

/// The URL of `lang`'s web app manifest.
pub fn manifest_url(base_path: &str, lang: &str) -> String {
    format!("{base_path}{}", files::manifest(lang))
}

/// What the worker is told about the build (its `CONFIG`).
#[derive(Serialize)]
struct WorkerConfig<'a> {
    version: String,
    base: &'a str,
    default: &'a str,
    /// Assets every page may use (style sheets, scripts, icons), kept at install.
    assets: Vec<&'a str>,
    languages: BTreeMap<&'a str, LanguagePages>,
}

#[derive(Serialize)]
struct LanguagePages {
    home: String,
    offline: String,
    /// Pages made in the browser from data fetched as they open (search, the finder, the
    /// comparison): not kept, since they would not work offline.
    live: Vec<String>,
}

/// A web app manifest (https://www.w3.org/TR/appmanifest/).
#[derive(Serialize)]
struct Manifest<'a> {
    lang: &'a str,
    dir: &'a str,
    name: &'a str,
    short_name: &'a str,
    description: String,
    id: String,
    start_url: String,
    scope: &'a str,
    display: &'a str,
    background_color: &'a str,
    theme_color: &'a str,
    icons: Vec<Icon>,
}

#[derive(Serialize)]
struct Icon {
    src: String,
    sizes: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
}

/// Whether the worker keeps an asset at install: what pages need to show (not the search
/// module or data files, which are fetched when used).
fn kept_at_install(name: &str) -> bool {
    name.ends_with(".css")
        || name.ends_with(".svg")
        || (name.ends_with(".js") && name.starts_with("js/"))
}

/// The worker's source for `site` with the hashed asset URLs in `asset_urls`.
pub fn worker(site: &Site, asset_urls: &BTreeMap<String, String>) -> String {
    let base = site.config.base_path.as_str();
    let mut config = WorkerConfig {
        version: String::new(),
        base,
        default: &site.config.default_language,
        assets: asset_urls
            .iter()
            .filter(|(name, _)| kept_at_install(name))
            .map(|(_, url)| url.as_str())
            .collect(),
        languages: site
            .config
            .language_codes()
            .map(|l| {
                (
                    l,
                    LanguagePages {
                        home: site.url(&PageId::Home(l)),
                        offline: site.url(&PageId::Offline(l)),
                        live: [PageId::Search(l), PageId::Finder(l), PageId::Compare(l)]
                            .iter()
                            .map(|p| site.url(p))
                            .collect(),
                    },
                )
            })
            .collect(),
    };
    // The version names what the worker keeps and how: equal for equal builds, new when an
    // asset, a page address or the worker's code changes.
    let without_version = serde_json::to_string(&config).expect("plain data serialises");
    config.version = format!(
        "{:016x}",
        xxh3_64(format!("{without_version}\n{WORKER_CODE}").as_bytes())
    );
    let json = serde_json::to_string(&config).expect("plain data serialises");
    format!("'use strict';\nconst CONFIG = {json};\n{WORKER_CODE}")
}

/// `lang`'s web app manifest.
pub fn manifest(
    site: &Site,
    lang: &str,
    asset_urls: &BTreeMap<String, String>,
) -> Result<String, Diagnostic> {
    let language = site
        .config
        .language(lang)
        .ok_or_else(|| Diagnostic::error("site.yaml", format!("no language `{lang}`")).bug())?;
    let home = site.url(&PageId::Home(lang));
    let icons = asset_urls
        .get("favicon.svg")
        .map(|src| Icon {
            src: src.clone(),
            sizes: "any",
            kind: "image/svg+xml",
            purpose: "any",
        })
        .into_iter()
        .collect();
    let manifest = Manifest {
        lang,
        dir: language.dir.as_str(),
        name: &site.config.title,
        short_name: &site.config.title,
        description: site.translations.text(lang, "home.intro")?,
        id: home.clone(),
        start_url: home,
        scope: &site.config.base_path,
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0b5394",
        icons,
    };
    serde_json::to_string_pretty(&manifest)
        .map(|s| s + "\n")
        .map_err(|e| Diagnostic::error("site.yaml", format!("manifest for `{lang}`: {e}")).bug())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_at_install_is_what_pages_show() {
        assert!(kept_at_install("style.css"));
        assert!(kept_at_install("favicon.svg"));
        assert!(kept_at_install("js/listen.js"));
        assert!(!kept_at_install("places-se.json"));
        assert!(!kept_at_install("search/vardguide_search_bg.wasm"));
    }
}
