//! The typed site model the validate stage produces and every later stage reads: plain data, no
//! I/O. Articles and pages have their Markdown already rendered (parsed exactly once).

pub mod article;
pub mod lists;

pub use article::{Article, Page};

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::source::clinics::Clinic;
use crate::source::config::Config;
use crate::source::fees::FeeTable;
use crate::source::files::{BinaryFile, SourceFile};
use crate::source::translations::Translations;

/// The whole validated site.
pub struct Site {
    pub config: Config,
    pub translations: Arc<Translations>,
    /// Sorted by key, then language code.
    pub articles: Vec<Article>,
    /// Easy-to-read versions, sorted by key, then language code; each has a full version in
    /// `articles` in its language.
    pub easy: Vec<Article>,
    pub pages: Vec<Page>,
    /// Health-care units, sorted by key.
    pub clinics: Vec<Clinic>,
    /// Fee tables, sorted by region.
    pub fees: Vec<FeeTable>,
    /// Images beside articles, by article key.
    pub images: BTreeMap<String, Vec<BinaryFile>>,
    pub templates: BTreeMap<String, SourceFile>,
    pub assets: BTreeMap<String, BinaryFile>,
    /// The letter each article is listed under and which lists get a page per letter.
    pub lists: lists::ListIndex,
    /// Where each article is in `articles`, by [`place_key`]: [`Site::article`] is asked for
    /// every link and every other language of every page, and a binary search over a national
    /// site's 240,000 articles reads eighteen of them, each a cache miss.
    places: rustc_hash::FxHashMap<u64, usize>,
}

/// The key [`Site::article`] finds an article's place by.
fn place_key(key: &str, lang: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (key, lang).hash(&mut h);
    h.finish()
}

impl Site {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: Config,
        translations: Translations,
        articles: Vec<Article>,
        pages: Vec<Page>,
        clinics: Vec<Clinic>,
        fees: Vec<FeeTable>,
        images: BTreeMap<String, Vec<BinaryFile>>,
        templates: BTreeMap<String, SourceFile>,
        assets: BTreeMap<String, BinaryFile>,
    ) -> Self {
        // The easy-to-read versions taken out, the rest left where they are: at national size
        // the articles are a few hundred megabytes, not to be copied into a new vector.
        let mut articles = articles;
        let mut easy: Vec<Article> = articles.extract_if(.., |a| a.easy).collect();
        // Already in this order when they come from validation; `article` relies on it.
        articles.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
        easy.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
        let lists = crate::model::lists::ListIndex::new(&config, &translations, &articles);
        let places = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (place_key(&a.key, &a.lang), i))
            .collect();
        Site {
            lists,
            places,
            config,
            translations: Arc::new(translations),
            articles,
            easy,
            pages,
            clinics,
            fees,
            images,
            templates,
            assets,
        }
    }

    /// Frees the articles' plain text, for a build whose search indexes are built (the pages
    /// show the HTML alone). A body shared with `serve`'s cache is left as it is.
    pub fn release_body_text(&mut self) {
        for a in self.articles.iter_mut().chain(&mut self.easy) {
            if let Some(body) = Arc::get_mut(&mut a.body) {
                body.release_text();
            }
        }
    }

    /// The article `key` in `lang`. (`articles` keeps the order [`Site::new`] gave it, which
    /// its places and the binary search rely on.)
    pub fn article(&self, key: &str, lang: &str) -> Option<&Article> {
        let place = self.places.get(&place_key(key, lang))?;
        match self.articles.get(*place) {
            Some(a) if a.key == key && a.lang == lang => Some(a),
            // Two articles whose keys hash alike (one place is kept): the slow way.
            _ => self
                .articles
                .binary_search_by(|a| (a.key.as_str(), a.lang.as_str()).cmp(&(key, lang)))
                .ok()
                .map(|i| &self.articles[i]),
        }
    }

    /// The easy-to-read version of the article `key` in `lang`, if it has one.
    pub fn easy(&self, key: &str, lang: &str) -> Option<&Article> {
        self.easy
            .binary_search_by(|a| (a.key.as_str(), a.lang.as_str()).cmp(&(key, lang)))
            .ok()
            .map(|i| &self.easy[i])
    }

    /// Every easy-to-read version of an article, in site.yaml language order.
    pub fn easy_versions(&self, key: &str) -> Vec<&Article> {
        self.config
            .language_codes()
            .filter_map(|l| self.easy(key, l))
            .collect()
    }

    /// Every language version of an article, in site.yaml language order.
    pub fn versions(&self, key: &str) -> Vec<&Article> {
        self.config
            .language_codes()
            .filter_map(|l| self.article(key, l))
            .collect()
    }

    /// Of an article's `versions` (site.yaml order), those a page in a language without one
    /// shows: the default language's and English, else the first.
    pub fn shown_versions<'s>(&self, versions: Vec<&'s Article>) -> Vec<&'s Article> {
        let preferred: Vec<&Article> = versions
            .iter()
            .filter(|a| a.lang == self.config.default_language || a.lang == "en")
            .copied()
            .collect();
        if preferred.is_empty() {
            versions.into_iter().take(1).collect()
        } else {
            preferred
        }
    }

    pub fn articles_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles.iter().filter(move |a| a.lang == lang)
    }

    /// The page with `key` in `lang`, or in the default language when it is not translated.
    pub fn page(&self, key: &str, lang: &str) -> Option<&Page> {
        let find = |l: &str| self.pages.iter().find(|p| p.key == key && p.lang == l);
        find(lang).or_else(|| find(&self.config.default_language))
    }

    /// Keys of all pages, sorted and unique.
    pub fn page_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.pages.iter().map(|p| p.key.as_str()).collect();
        keys.dedup();
        keys
    }

    /// A region's name in `lang` (or the default language, or its code).
    pub fn region_name(&self, lang: &str, code: &str) -> String {
        self.config
            .region(code)
            .and_then(|r| {
                r.name
                    .get(lang)
                    .or_else(|| r.name.get(&self.config.default_language))
            })
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    pub fn clinic(&self, key: &str) -> Option<&Clinic> {
        self.clinics.iter().find(|c| c.key == key)
    }

    pub fn fee_table(&self, region: &str) -> Option<&FeeTable> {
        self.fees.iter().find(|f| f.region == region)
    }

    /// Clinics of a region, sorted by municipality and name.
    pub fn clinics_in<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a Clinic> + 'a {
        self.clinics.iter().filter(move |c| c.region == region)
    }
}
