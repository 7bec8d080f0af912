//! `site.yaml`: the site's languages, regions, topics, base URL and defaults. Parsed strictly and
//! checked here, so later stages can rely on a consistent configuration.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Position, suggestion};
use crate::source::names::is_key;
use crate::source::yaml;

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// BCP 47 code, e.g. `sv`, `en`, `ar`.
    pub code: String,
    /// The language's name in itself, e.g. `Svenska`, `العربية`.
    pub name: String,
    pub dir: Direction,
    #[serde(default)]
    pub default: bool,
    /// How search analyses the language's text: a Snowball stemmer and normalisers, e.g.
    /// `{stemmer: finnish, normalise: [keep-nordic-letters]}`. Without it: no stemming, accents
    /// folded.
    #[serde(default)]
    pub search: vardguide_search::analyzer::AnalyzerSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionConfig {
    pub code: String,
    /// Name per language code.
    pub name: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// A language whose index is larger than this (bytes) is searched with range requests
    /// instead of being downloaded whole.
    #[serde(default = "default_lazy_threshold")]
    pub lazy_threshold_bytes: u64,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            lazy_threshold_bytes: default_lazy_threshold(),
        }
    }
}

fn default_lazy_threshold() -> u64 {
    4 * 1024 * 1024
}

/// `lists:` in site.yaml: how long lists are shown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSettings {
    /// A list (A–Ö, a kind, a topic) of more articles than this gets one page per letter, and
    /// the languages overview shows its table of every article only up to this many articles.
    #[serde(default = "default_split_above")]
    pub split_above: usize,
}

impl Default for ListSettings {
    fn default() -> Self {
        ListSettings {
            split_above: default_split_above(),
        }
    }
}

/// About what a reader scrolls through on a phone, and what a page of links stays fast at.
fn default_split_above() -> usize {
    400
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationSettings {
    #[serde(default)]
    pub fallback_to_default: bool,
}

/// `site.yaml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    pub languages: Vec<LanguageConfig>,
    #[serde(default)]
    pub translations: TranslationSettings,
    #[serde(default)]
    pub regions: Vec<RegionConfig>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub search: SearchSettings,
    #[serde(default)]
    pub lists: ListSettings,
    #[serde(default)]
    pub eservices: Option<crate::source::eservices::EServicesConfig>,
}

fn default_review_interval() -> u32 {
    24
}

/// The validated configuration the rest of the build uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute base URL, always ending in `/`, e.g. `https://example.org/health/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`, e.g. `/health/`.
    pub base_path: String,
    pub review_interval_months: u32,
    /// Languages in site.yaml order; the default one is `languages[default_index]`.
    pub languages: Vec<LanguageConfig>,
    pub default_language: String,
    pub fallback_to_default: bool,
    pub regions: Vec<RegionConfig>,
    pub topics: Vec<String>,
    pub search_lazy_threshold: u64,
    /// See [`ListSettings::split_above`].
    pub split_lists_above: usize,
    pub eservices: crate::source::eservices::EServices,
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn region(&self, code: &str) -> Option<&RegionConfig> {
        self.regions.iter().find(|r| r.code == code)
    }

    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }
}

/// An unknown stemmer or normaliser in a language's `search:` settings, at its line, with the
/// valid names and a suggestion.
fn check_search_settings(lang: &LanguageConfig, text: &str, file: &Path, diags: &mut Diagnostics) {
    use vardguide_search::analyzer::{NORMALISERS, STEMMERS};
    let mut check = |value: &str, valid: &[&str], what: &str| {
        if valid.contains(&value) {
            return;
        }
        let line = text
            .lines()
            .position(|l| l.contains(value) && (l.contains(what) || l.contains("normalise")));
        diags.push(
            Diagnostic::error(
                file,
                format!("unknown {what} `{value}` for language `{}`", lang.code),
            )
            .at(line.map(|i| {
                let col = text.lines().nth(i).and_then(|l| l.find(value)).unwrap_or(0);
                Position::new(i + 1, col + 1)
            }))
            .help(format!(
                "{}{what}s: {}",
                suggestion(value, valid.iter().copied()),
                valid.join(", ")
            )),
        );
    };
    if let Some(s) = &lang.search.stemmer {
        check(s, STEMMERS, "stemmer");
    }
    for n in &lang.search.normalise {
        check(n, NORMALISERS, "normaliser");
    }
}

/// Parses and checks `site.yaml`. `base_url_override` replaces `base_url` (for `--base-url`).
pub fn load(
    text: &str,
    file: &Path,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let raw: SiteConfig = match yaml::parse(text, file, 1) {
        Ok(raw) => raw,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.error_count();
    let at = |key: &str, value: Option<&str>| {
        yaml::locate(text, key, value).map(|(l, c)| crate::base::diagnostics::Position::new(l, c))
    };

    if raw.languages.is_empty() {
        diags.push(
            Diagnostic::error(file, "no languages configured")
                .at(at("languages", None))
                .help("add at least one entry under `languages:` with code, name, dir and `default: true`"),
        );
    }
    let defaults: Vec<&LanguageConfig> = raw.languages.iter().filter(|l| l.default).collect();
    if defaults.len() != 1 && !raw.languages.is_empty() {
        diags.push(
            Diagnostic::error(
                file,
                format!(
                    "{} languages are marked `default: true`; exactly one must be",
                    defaults.len()
                ),
            )
            .at(at("languages", None))
            .help("mark the site's main language with `default: true`"),
        );
    }
    let mut seen = BTreeSet::new();
    for lang in &raw.languages {
        if !is_language_code(&lang.code) {
            diags.push(
                Diagnostic::error(file, format!("`{}` is not a language code", lang.code))
                    .at(at("languages", Some(&lang.code)))
                    .help("use a BCP 47 code such as `sv`, `en`, `ar`, `so`, `fa` or `zh-Hant`"),
            );
        }
        if !seen.insert(lang.code.as_str()) {
            diags.push(
                Diagnostic::error(file, format!("language `{}` is listed twice", lang.code))
                    .at(at("languages", Some(&lang.code)))
                    .help("remove one of the entries"),
            );
        }
        check_search_settings(lang, text, file, diags);
    }
    let mut region_codes = BTreeSet::new();
    for region in &raw.regions {
        if !is_key(&region.code) {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("region code `{}` is not a valid key", region.code),
                )
                .at(at("regions", Some(&region.code)))
                .help("use lowercase ASCII letters, digits and `-`, e.g. `vastra-gotaland`"),
            );
        }
        if !region_codes.insert(region.code.as_str()) {
            diags.push(
                Diagnostic::error(file, format!("region `{}` is listed twice", region.code))
                    .at(at("regions", Some(&region.code))),
            );
        }
        for lang in &raw.languages {
            if !region.name.contains_key(&lang.code) && !raw.translations.fallback_to_default {
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "region `{}` has no name in language `{}`",
                            region.code, lang.code
                        ),
                    )
                    .at(at("regions", Some(&region.code)))
                    .help(format!("add `{}: …` under the region's `name:`", lang.code)),
                );
            }
        }
    }
    let mut topic_set = BTreeSet::new();
    for topic in &raw.topics {
        if !is_key(topic) {
            diags.push(
                Diagnostic::error(file, format!("topic `{topic}` is not a valid key"))
                    .at(at("topics", Some(topic)))
                    .help("use lowercase ASCII letters, digits and `-`"),
            );
        }
        if !topic_set.insert(topic.as_str()) {
            diags.push(
                Diagnostic::error(file, format!("topic `{topic}` is listed twice"))
                    .at(at("topics", Some(topic))),
            );
        }
    }

    let base_url_text = base_url_override.unwrap_or(&raw.base_url);
    let (base_url, base_path) = match parse_base_url(base_url_text) {
        Ok(v) => v,
        Err(why) => {
            let help = "write the full address the site is served from, e.g. `https://example.org/` or `https://example.org/health/`";
            diags.push(match base_url_override {
                // The value came from the command line, not from site.yaml.
                Some(_) => {
                    Diagnostic::error("--base-url", format!("--base-url `{base_url_text}` {why}"))
                        .help(help)
                }
                None => Diagnostic::error(file, format!("base_url `{base_url_text}` {why}"))
                    .at(at("base_url", None))
                    .help(help),
            });
            (String::new(), String::from("/"))
        }
    };

    let eservices = match raw.eservices.clone() {
        Some(e) if !base_url.is_empty() => {
            let mut found = Vec::new();
            let checked = crate::source::eservices::check(e, text, file, &base_url, &mut found);
            diags.extend(found);
            checked
        }
        _ => crate::source::eservices::EServices::default(),
    };
    if diags.error_count() > before {
        return None;
    }
    // Exactly one default when there are no errors (checked above).
    let default_language = defaults.first()?.code.clone();
    Some(Config {
        title: raw.title,
        base_url,
        base_path,
        review_interval_months: raw.review_interval_months,
        languages: raw.languages,
        default_language,
        fallback_to_default: raw.translations.fallback_to_default,
        regions: raw.regions,
        topics: raw.topics,
        search_lazy_threshold: raw.search.lazy_threshold_bytes,
        split_lists_above: raw.lists.split_above,
        eservices,
    })
}

/// `(https://host/path/, /path/)` from a base URL.
fn parse_base_url(text: &str) -> Result<(String, String), &'static str> {
    let url = url::Url::parse(text).map_err(|_| "is not a valid URL")?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err("must start with https:// (or http:// for local testing)");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query or fragment");
    }
    let mut path = url.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut full = url.clone();
    full.set_path(&path);
    Ok((full.to_string(), path))
}

fn is_language_code(s: &str) -> bool {
    icu_locale_core::LanguageIdentifier::try_from_str(s).is_ok()
        && !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gives_sub_path() {
        assert_eq!(
            parse_base_url("https://example.org/health").map(|v| v.1),
            Ok("/health/".to_string())
        );
        assert_eq!(
            parse_base_url("https://example.org").map(|v| v.0),
            Ok("https://example.org/".to_string())
        );
        assert!(parse_base_url("ftp://x/").is_err());
    }
}
