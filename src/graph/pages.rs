//! The page graph: one typed identity per page of the site ([`PageId`]) and the one place that
//! says, for each page, its URL under `base_url`, its output file, its language, its versions in
//! the other languages, whether search engines should index it, its last-modified date and the
//! inputs it is rendered from. Rendering, the sitemap, navigation, link resolution, the search
//! index and `serve`'s rebuild decisions read it; nothing else formats a site URL.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::graph::files::SiteFiles;
use crate::model::lists::List;
use crate::model::{Article, Site};
use crate::source::frontmatter::{Date, Kind};

/// URL segments the generator uses for its own pages, right after `/<lang>/`. Article slugs and
/// page keys may not use them. Every segment [`PageId::rest`] writes is listed here.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "a-o",
    "topics",
    "kinds",
    "languages",
    "search",
    "assets",
    "clinics",
    "fees",
    "eservices",
    "regions",
    "404",
    "404.html",
    "offline",
];

/// The URL segment of an easy-to-read version, after its full version's slug.
pub const EASY_SEGMENT: &str = "easy";

/// One page of the site. Borrowed from the site model, so it is cheap to make and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageId<'a> {
    /// `/`: sends readers to the default language and lists every language.
    Root,
    Home(&'a str),
    Article {
        lang: &'a str,
        key: &'a str,
        slug: &'a str,
    },
    /// An article's easy-to-read version, below the full version: `/<lang>/<slug>/easy/`.
    EasyArticle {
        lang: &'a str,
        key: &'a str,
        slug: &'a str,
    },
    Kind(&'a str, Kind),
    Topics(&'a str),
    Topic(&'a str, &'a str),
    AO(&'a str),
    /// One letter of a long list ([`crate::model::lists`]): `letter` is its URL segment (`å`, `other`).
    Letter {
        lang: &'a str,
        list: List<'a>,
        letter: &'a str,
    },
    Languages(&'a str),
    /// A plain page such as About, by key (shown in every language, falling back to the default).
    Page(&'a str, &'a str),
    Search(&'a str),
    Finder(&'a str),
    Compare(&'a str),
    Clinic(&'a str, &'a str),
    Region(&'a str, &'a str),
    Fees(&'a str),
    FeeRegion(&'a str, &'a str),
    EServices(&'a str),
    EService(&'a str, &'a str),
    NotFound(&'a str),
    /// What a reader sees for a page they have not kept when their device is offline (served by
    /// the service worker, [`crate::render::offline`]).
    Offline(&'a str),
}

impl<'a> PageId<'a> {
    /// The page's language (`None` for the root page, which serves all of them).
    pub fn lang(&self) -> Option<&'a str> {
        match *self {
            PageId::Root => None,
            PageId::Article { lang, .. }
            | PageId::EasyArticle { lang, .. }
            | PageId::Home(lang)
            | PageId::Kind(lang, _)
            | PageId::Topics(lang)
            | PageId::Topic(lang, _)
            | PageId::AO(lang)
            | PageId::Letter { lang, .. }
            | PageId::Languages(lang)
            | PageId::Page(lang, _)
            | PageId::Search(lang)
            | PageId::Finder(lang)
            | PageId::Compare(lang)
            | PageId::Clinic(lang, _)
            | PageId::Region(lang, _)
            | PageId::Fees(lang)
            | PageId::FeeRegion(lang, _)
            | PageId::EServices(lang)
            | PageId::EService(lang, _)
            | PageId::NotFound(lang)
            | PageId::Offline(lang) => Some(lang),
        }
    }

    /// The part of the URL after `/<lang>/`, e.g. `clinics/ekbrynet-farsta/`.
    pub fn rest(&self) -> String {
        match *self {
            PageId::Root | PageId::Home(_) => String::new(),
            PageId::Article { slug, .. } => format!("{slug}/"),
            PageId::EasyArticle { slug, .. } => format!("{slug}/{EASY_SEGMENT}/"),
            PageId::Kind(_, kind) => format!("kinds/{}/", kind.as_str()),
            PageId::Topics(_) => "topics/".into(),
            PageId::Topic(_, topic) => format!("topics/{topic}/"),
            PageId::AO(_) => "a-o/".into(),
            PageId::Letter { list, letter, .. } => format!("{}{letter}/", list.rest()),
            PageId::Languages(_) => "languages/".into(),
            PageId::Page(_, key) => format!("{key}/"),
            PageId::Search(_) => "search/".into(),
            PageId::Finder(_) => "clinics/".into(),
            PageId::Compare(_) => "clinics/compare/".into(),
            PageId::Clinic(_, key) => format!("clinics/{key}/"),
            PageId::Region(_, code) => format!("regions/{code}/"),
            PageId::Fees(_) => "fees/".into(),
            PageId::FeeRegion(_, region) => format!("fees/{region}/"),
            PageId::EServices(_) => "eservices/".into(),
            PageId::EService(_, id) => format!("eservices/{id}/"),
            PageId::NotFound(_) => "404.html".into(),
            PageId::Offline(_) => "offline/".into(),
        }
    }

    /// The URL path under the site's `base_path` (which starts and ends with `/`).
    pub fn path(&self, base_path: &str) -> String {
        match self.lang() {
            None => base_path.to_string(),
            Some(lang) => format!("{base_path}{lang}/{}", self.rest()),
        }
    }

    /// The output file, relative to the output folder.
    pub fn file(&self) -> String {
        match self.lang() {
            None => "index.html".into(),
            Some(lang) => {
                let rest = self.rest();
                if rest.ends_with(".html") {
                    format!("{lang}/{rest}")
                } else {
                    format!("{lang}/{rest}index.html")
                }
            }
        }
    }

    /// Whether search engines should index the page: listed in the sitemap, no `noindex`.
    /// Error pages, the comparison view (its content is chosen in the browser) and the search
    /// page (its results are made in the browser) are not.
    pub fn indexed(&self) -> bool {
        !matches!(
            self,
            PageId::NotFound(_) | PageId::Compare(_) | PageId::Search(_) | PageId::Offline(_)
        )
    }

    /// The page of `list` in `lang`.
    pub fn of_list(lang: &'a str, list: List<'a>) -> PageId<'a> {
        match list {
            List::AO => PageId::AO(lang),
            List::Kind(kind) => PageId::Kind(lang, kind),
            List::Topic(topic) => PageId::Topic(lang, topic),
        }
    }

    /// The list a list page shows, for the pages of lists.
    pub fn list(&self) -> Option<List<'a>> {
        match *self {
            PageId::AO(_) => Some(List::AO),
            PageId::Kind(_, kind) => Some(List::Kind(kind)),
            PageId::Topic(_, topic) => Some(List::Topic(topic)),
            PageId::Letter { list, .. } => Some(list),
            _ => None,
        }
    }

    /// The same page in `lang`, for pages that exist in every language (not articles or root).
    fn in_lang(&self, lang: &'a str) -> Option<PageId<'a>> {
        Some(match *self {
            PageId::Root | PageId::Article { .. } | PageId::EasyArticle { .. } => return None,
            PageId::Home(_) => PageId::Home(lang),
            PageId::Kind(_, k) => PageId::Kind(lang, k),
            PageId::Topics(_) => PageId::Topics(lang),
            PageId::Topic(_, t) => PageId::Topic(lang, t),
            PageId::AO(_) => PageId::AO(lang),
            // Alphabets differ between languages: a letter page has no version in another.
            PageId::Letter { lang: own, .. } if own != lang => return None,
            PageId::Letter { .. } => *self,
            PageId::Languages(_) => PageId::Languages(lang),
            PageId::Page(_, k) => PageId::Page(lang, k),
            PageId::Search(_) => PageId::Search(lang),
            PageId::Finder(_) => PageId::Finder(lang),
            PageId::Compare(_) => PageId::Compare(lang),
            PageId::Clinic(_, k) => PageId::Clinic(lang, k),
            PageId::Region(_, c) => PageId::Region(lang, c),
            PageId::Fees(_) => PageId::Fees(lang),
            PageId::FeeRegion(_, r) => PageId::FeeRegion(lang, r),
            PageId::EServices(_) => PageId::EServices(lang),
            PageId::EService(_, id) => PageId::EService(lang, id),
            PageId::NotFound(_) => PageId::NotFound(lang),
            PageId::Offline(_) => PageId::Offline(lang),
        })
    }
}

/// How a body stores a link to a page of the site until render time: `article:fever#x` in
/// Markdown becomes `/__vardguide_link__/article/fever#x`, a relative URL the HTML allow-list
/// keeps, and [`Site::resolve_links`] turns it into the page's URL in the page's language.
pub const LINK_TARGET_PREFIX: &str = "/__vardguide_link__/";

/// The placeholder for a link with `scheme` (`article`, `page`, …) to `key`.
pub fn link_placeholder(scheme: &str, key: &str) -> String {
    format!("{LINK_TARGET_PREFIX}{scheme}/{key}")
}

/// What a page is rendered from, for deciding what to re-render after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input<'a> {
    /// site.yaml, templates and theme assets: every page reads them.
    Site,
    /// `translations/<lang>.yaml`.
    Translations(&'a str),
    /// One article version, whole.
    Article(&'a str, &'a str),
    /// One easy-to-read version, whole.
    Easy(&'a str, &'a str),
    /// What other pages show of every article version of a key (title, slug, summary, dates):
    /// switchers, related lists and links read it.
    ArticleFace(&'a str),
    /// Every article in a language, whole (region notes, the search index).
    ArticlesIn(&'a str),
    /// What a region's page shows of the articles in a language with a note for the region:
    /// each such article whole.
    RegionNotes(&'a str, &'a str),
    /// Every article in a language but its body: what lists, A–Ö and the home page show.
    ListedIn(&'a str),
    /// What a list in a language shows of the list's articles that have no version in that
    /// language: each version but its body, or, when they are more than a list shows, their
    /// number and the languages they are in.
    MissingIn(&'a str, List<'a>),
    /// What a letter page of a long list shows: the articles of `list` in `lang` under the
    /// letter, but their bodies.
    Letter(&'a str, List<'a>, &'a str),
    /// Which letters of `list` in `lang` have articles (every letter page's navigation).
    Letters(&'a str, List<'a>),
    /// Every article in every language (the languages overview).
    AllArticles,
    /// How many articles each language has (the languages overview of a large site).
    Counts,
    /// A plain page, all its language versions.
    Page(&'a str),
    /// One health centre.
    Clinic(&'a str),
    /// Every health centre (finder, regions, e-services).
    Clinics,
    /// Every fee table.
    Fees,
    /// Every plain page, all versions (the search index).
    Pages,
}

impl Site {
    /// The URL path of `page` under `base_url`.
    pub fn url(&self, page: &PageId<'_>) -> String {
        page.path(&self.config.base_path)
    }

    /// The URL path of an article's page.
    pub fn article_path(&self, article: &Article) -> String {
        let (lang, key, slug) = (&article.lang, &article.key, &article.slug);
        self.url(&if article.easy {
            PageId::EasyArticle { lang, key, slug }
        } else {
            PageId::Article { lang, key, slug }
        })
    }

    /// The absolute URL of `page`.
    pub fn absolute_url(&self, page: &PageId<'_>) -> String {
        let base = &self.config.base_url;
        let origin_len = base.len() - self.config.base_path.len();
        format!("{}{}", &base[..origin_len], self.url(page))
    }

    /// Every page of the site, in a stable order: articles first, then each language's pages.
    pub fn page_ids(&self) -> Vec<PageId<'_>> {
        let mut ids: Vec<PageId<'_>> = self
            .articles
            .iter()
            .map(|a| PageId::Article {
                lang: &a.lang,
                key: &a.key,
                slug: &a.slug,
            })
            .collect();
        ids.extend(self.easy.iter().map(|a| PageId::EasyArticle {
            lang: &a.lang,
            key: &a.key,
            slug: &a.slug,
        }));
        for lang in self.config.language_codes() {
            ids.push(PageId::Home(lang));
            ids.push(PageId::Topics(lang));
            for list in List::all(&self.config) {
                ids.push(PageId::of_list(lang, list));
                ids.extend(
                    self.lists
                        .letter_pages(lang, list)
                        .into_iter()
                        .map(|(_, letter)| PageId::Letter { lang, list, letter }),
                );
            }
            ids.push(PageId::Languages(lang));
            ids.extend(self.page_keys().into_iter().map(|k| PageId::Page(lang, k)));
            ids.push(PageId::NotFound(lang));
            ids.push(PageId::Offline(lang));
            ids.push(PageId::Search(lang));
            ids.push(PageId::Finder(lang));
            ids.push(PageId::Compare(lang));
            ids.extend(self.clinics.iter().map(|c| PageId::Clinic(lang, &c.key)));
            ids.extend(
                self.config
                    .regions
                    .iter()
                    .map(|r| PageId::Region(lang, &r.code)),
            );
            ids.push(PageId::Fees(lang));
            ids.extend(self.fees.iter().map(|f| PageId::FeeRegion(lang, &f.region)));
            if !self.config.eservices.services.is_empty() {
                ids.push(PageId::EServices(lang));
                ids.extend(
                    self.config
                        .eservices
                        .services
                        .iter()
                        .map(|s| PageId::EService(lang, &s.id)),
                );
            }
        }
        ids.push(PageId::Root);
        ids
    }

    /// Whether the languages overview shows every article in every language (see
    /// [`crate::model::lists::ListIndex::shows_coverage_table`]).
    pub fn shows_coverage_table(&self) -> bool {
        self.lists.shows_coverage_table()
    }

    /// The page a link from a page in `lang` goes to: an article in that language, else in the
    /// default language, else in any; a plain page, health centre, region, fee table or
    /// e-service in that language. `None` for a target that does not exist.
    pub fn link_target(&self, lang: &str, scheme: &str, key: &str) -> Option<String> {
        self.link_page(lang, scheme, key).map(|p| self.url(&p))
    }

    /// The page [`Site::link_target`] links to.
    fn link_page(&self, lang: &str, scheme: &str, key: &str) -> Option<PageId<'_>> {
        let lang = self.config.language(lang).map(|l| l.code.as_str())?;
        let page = match scheme {
            "article" => std::iter::once(lang)
                .chain(std::iter::once(self.config.default_language.as_str()))
                .chain(self.config.language_codes())
                .find_map(|l| self.article_page(key, l))?,
            "page" => self
                .page_keys()
                .into_iter()
                .find(|k| *k == key)
                .map(|k| PageId::Page(lang, k))?,
            "clinic" => self.clinic(key).map(|c| PageId::Clinic(lang, &c.key))?,
            "region" => self
                .config
                .region(key)
                .map(|r| PageId::Region(lang, &r.code))?,
            "fees" if key.is_empty() => PageId::Fees(lang),
            "fees" => self
                .fee_table(key)
                .map(|f| PageId::FeeRegion(lang, &f.region))?,
            "eservice" if key.is_empty() => PageId::EServices(lang),
            "eservice" => self
                .config
                .eservices
                .get(key)
                .map(|s| PageId::EService(lang, &s.id))?,
            _ => return None,
        };
        Some(page)
    }

    /// `html` with every link placeholder ([`LINK_TARGET_PREFIX`]) replaced by the URL of its
    /// target as seen from a page in `lang`. A link to an article that opens in another language
    /// gets `hreflang` and, after its text, that language's name. Validation has checked every
    /// target, so one that does not resolve cannot occur; it would become `#`.
    pub fn resolve_links<'h>(&self, html: &'h str, lang: &str) -> std::borrow::Cow<'h, str> {
        if !html.contains(LINK_TARGET_PREFIX) {
            return std::borrow::Cow::Borrowed(html);
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find(LINK_TARGET_PREFIX) {
            out.push_str(&rest[..at]);
            let after = &rest[at + LINK_TARGET_PREFIX.len()..];
            let end = after
                .find(|c: char| matches!(c, '#' | '"' | '\'' | '<' | '>') || c.is_whitespace())
                .unwrap_or(after.len());
            let (scheme, key) = after[..end].split_once('/').unwrap_or((&after[..end], ""));
            let target = self.link_page(lang, scheme, key);
            let url = target.map_or_else(|| "#".to_string(), |p| self.url(&p));
            let foreign = target
                .and_then(|p| p.lang())
                .filter(|l| *l != lang)
                .and_then(|l| self.config.language(l));
            // As the Markdown renderer writes an href: non-ASCII bytes percent-encoded.
            for c in url.chars() {
                if c.is_ascii() {
                    out.push(c);
                } else {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
            rest = &after[end..];
            if let Some(l) = foreign
                && let Some(quote) = rest.find('"')
                && let Some(close) = rest.find("</a>")
                && quote < close
            {
                out.push_str(&rest[..quote + 1]);
                out.push_str(&format!(" hreflang=\"{}\"", l.code));
                out.push_str(&rest[quote + 1..close]);
                out.push_str(&format!(
                    " <span class=\"lang-note\" lang=\"{}\" dir=\"{}\">({})</span>",
                    l.code,
                    l.dir.as_str(),
                    html_escape::encode_text(&l.name)
                ));
                rest = &rest[close..];
            }
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
    }

    /// The page of the article `key` in `lang`, if that version exists.
    pub fn article_page(&self, key: &str, lang: &str) -> Option<PageId<'_>> {
        self.article(key, lang).map(|a| PageId::Article {
            lang: &a.lang,
            key: &a.key,
            slug: &a.slug,
        })
    }

    /// The versions of `page` in every language it exists in, in site.yaml order. The root page
    /// has none (it is the language chooser).
    pub fn alternates<'s>(&'s self, page: &PageId<'s>) -> Vec<(&'s str, PageId<'s>)> {
        match *page {
            PageId::Root => Vec::new(),
            PageId::Article { key, .. } => self
                .versions(key)
                .into_iter()
                .map(|a| {
                    (
                        a.lang.as_str(),
                        PageId::Article {
                            lang: &a.lang,
                            key: &a.key,
                            slug: &a.slug,
                        },
                    )
                })
                .collect(),
            PageId::EasyArticle { key, .. } => self
                .easy_versions(key)
                .into_iter()
                .map(|a| {
                    (
                        a.lang.as_str(),
                        PageId::EasyArticle {
                            lang: &a.lang,
                            key: &a.key,
                            slug: &a.slug,
                        },
                    )
                })
                .collect(),
            _ => self
                .config
                .language_codes()
                .filter_map(|l| page.in_lang(l).map(|p| (l, p)))
                .collect(),
        }
    }

    /// The page's own last-modified date, where it has one.
    pub fn lastmod(&self, page: &PageId<'_>) -> Option<Date> {
        match *page {
            PageId::Article { lang, key, .. } => self.article(key, lang).map(|a| a.updated),
            PageId::EasyArticle { lang, key, .. } => self.easy(key, lang).map(|a| a.updated),
            PageId::Clinic(_, key) => self.clinic(key).map(|c| c.updated),
            _ => None,
        }
    }

    /// What `page` is rendered from. Every page also reads [`Input::Site`] and its language's
    /// translations.
    pub fn inputs<'s>(&'s self, page: &PageId<'s>) -> Vec<Input<'s>> {
        let mut inputs = vec![Input::Site];
        if let Some(lang) = page.lang() {
            inputs.push(Input::Translations(lang));
        } else {
            inputs.extend(self.config.language_codes().map(Input::Translations));
        }
        match *page {
            PageId::Article { lang, key, .. } => {
                inputs.push(Input::Article(key, lang));
                inputs.push(Input::ArticleFace(key));
                if let Some(a) = self.article(key, lang) {
                    inputs.extend(a.related.iter().map(|r| Input::ArticleFace(r)));
                    inputs.extend(a.body.links().iter().map(|l| Input::ArticleFace(l)));
                }
            }
            PageId::EasyArticle { lang, key, .. } => {
                inputs.push(Input::Easy(key, lang));
                inputs.push(Input::ArticleFace(key));
                if let Some(a) = self.easy(key, lang) {
                    inputs.extend(a.related.iter().map(|r| Input::ArticleFace(r)));
                    inputs.extend(a.body.links().iter().map(|l| Input::ArticleFace(l)));
                }
            }
            PageId::Home(lang) | PageId::Topics(lang) => inputs.push(Input::ListedIn(lang)),
            // Lists also show the articles not yet translated into their language (a long list
            // its letters, their number and where to read those articles).
            PageId::Kind(lang, kind) => {
                inputs.extend([
                    Input::ListedIn(lang),
                    Input::MissingIn(lang, List::Kind(kind)),
                ]);
            }
            PageId::Topic(lang, topic) => {
                let list = List::Topic(topic);
                inputs.extend([Input::ListedIn(lang), Input::MissingIn(lang, list)]);
            }
            PageId::AO(lang) => {
                inputs.extend([Input::ListedIn(lang), Input::MissingIn(lang, List::AO)]);
            }
            PageId::Letter { lang, list, letter } => {
                inputs.extend([
                    Input::Letter(lang, list, letter),
                    Input::Letters(lang, list),
                ]);
            }
            PageId::Languages(_) if self.shows_coverage_table() => inputs.push(Input::AllArticles),
            PageId::Languages(_) => inputs.push(Input::Counts),
            PageId::Page(_, key) => {
                inputs.push(Input::Page(key));
                for p in self.pages.iter().filter(|p| p.key == key) {
                    inputs.extend(p.body.links().iter().map(|l| Input::ArticleFace(l)));
                }
            }
            PageId::Finder(_)
            | PageId::Compare(_)
            | PageId::EServices(_)
            | PageId::EService(..) => inputs.push(Input::Clinics),
            PageId::Clinic(_, key) => {
                inputs.push(Input::Clinic(key));
                inputs.push(Input::Fees);
            }
            PageId::Region(lang, code) => {
                inputs.extend([Input::Clinics, Input::Fees, Input::RegionNotes(lang, code)]);
            }
            PageId::Fees(_) | PageId::FeeRegion(..) => inputs.push(Input::Fees),
            PageId::Root | PageId::Search(_) | PageId::NotFound(_) | PageId::Offline(_) => {}
        }
        inputs.sort();
        inputs.dedup();
        inputs
    }
}

/// A hash of each input of a site ([`input_hashes`]).
pub type InputHashes<'a> = rustc_hash::FxHashMap<Input<'a>, u64>;

impl<'a> Input<'a> {
    /// What a language's search index is made from.
    pub fn of_index(lang: &'a str) -> [Input<'a>; 6] {
        [
            Input::Site,
            Input::Translations(lang),
            Input::ArticlesIn(lang),
            Input::Clinics,
            Input::Fees,
            Input::Pages,
        ]
    }
}

/// The hashes a later build compares with its own, by the input's name (`ArticlesIn("sv")`):
/// those of every language's search index ([`Input::of_index`]).
pub fn index_input_hashes(site: &Site, inputs: &InputHashes<'_>) -> BTreeMap<String, u64> {
    site.config
        .language_codes()
        .flat_map(Input::of_index)
        .filter_map(|i| inputs.get(&i).map(|h| (format!("{i:?}"), *h)))
        .collect()
}

/// Whether `lang`'s search index is made from the same inputs in `now` as in `before` (both
/// from [`index_input_hashes`]).
pub fn index_inputs_unchanged(
    lang: &str,
    now: &BTreeMap<String, u64>,
    before: &BTreeMap<String, u64>,
) -> bool {
    Input::of_index(lang).iter().all(|i| {
        let k = format!("{i:?}");
        now.get(&k).is_some_and(|h| before.get(&k) == Some(h))
    })
}

/// A hash of each input of the site. Equal hashes mean equal inputs, so a page whose inputs all
/// hash the same renders the same.
pub fn input_hashes(site: &Site) -> InputHashes<'_> {
    // About one input per version, one per key and a few per language and letter.
    let mut out = InputHashes::with_capacity_and_hasher(
        site.articles.len() + site.articles.len() / 2 + site.easy.len() + site.clinics.len() + 1024,
        Default::default(),
    );
    out.insert(
        Input::Site,
        hash_with(|h| {
            format!("{:?}", site.config).hash(h);
            // Which plain pages exist decides links in every page's navigation and footer.
            site.page_keys().hash(h);
            for (name, t) in &site.templates {
                (name, &t.text).hash(h);
            }
            for files in [&site.assets] {
                for (name, f) in files {
                    (name, &f.bytes).hash(h);
                }
            }
            for (key, images) in &site.images {
                key.hash(h);
                for img in images {
                    (&img.path, &img.bytes).hash(h);
                }
            }
        }),
    );
    // Each easy-to-read version, whole.
    use rayon::prelude::*;
    let easy: rustc_hash::FxHashMap<(&str, &str), u64> = site
        .easy
        .par_iter()
        .map(|a| ((a.key.as_str(), a.lang.as_str()), hash_with(|h| a.hash(h))))
        .collect();
    for a in &site.easy {
        out.insert(
            Input::Easy(&a.key, &a.lang),
            easy[&(a.key.as_str(), a.lang.as_str())],
        );
    }
    // Each article but its body, hashed once (with whether it has an easy-to-read version, which
    // lists mark); and each key's versions (articles are sorted by key).
    let listed: Vec<u64> = site
        .articles
        .par_iter()
        .map(|a| {
            hash_with(|h| {
                hash_listed(a, h);
                easy.contains_key(&(a.key.as_str(), a.lang.as_str()))
                    .hash(h);
            })
        })
        .collect();
    // And each article whole.
    let whole: Vec<u64> = site
        .articles
        .par_iter()
        .map(|a| hash_with(|h| a.hash(h)))
        .collect();
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, a) in site.articles.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if site.articles[g.start].key == a.key => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    for lang in site.config.language_codes() {
        let entries = site.translations.catalog(lang).map(|c| &c.entries);
        out.insert(
            Input::Translations(lang),
            hash_with(|h| format!("{entries:?}").hash(h)),
        );
        let mut all = DefaultHasher::new();
        let mut listed_in = DefaultHasher::new();
        let mut notes: Vec<DefaultHasher> = site
            .config
            .regions
            .iter()
            .map(|_| DefaultHasher::new())
            .collect();
        for group in &groups {
            let versions = &site.articles[group.clone()];
            if let Some(i) = versions.iter().position(|a| a.lang == lang) {
                let a = &versions[i];
                let v = whole[group.start + i];
                out.insert(Input::Article(&a.key, lang), v);
                v.hash(&mut all);
                // The search index has the easy-to-read version too.
                easy.get(&(a.key.as_str(), lang)).hash(&mut all);
                listed[group.start + i].hash(&mut listed_in);
                for (r, h) in site.config.regions.iter().zip(&mut notes) {
                    if a.body.regions().contains(&r.code) {
                        v.hash(h);
                    }
                }
            }
        }
        out.insert(Input::ArticlesIn(lang), all.finish());
        for (r, h) in site.config.regions.iter().zip(notes) {
            out.insert(Input::RegionNotes(lang, &r.code), h.finish());
        }
        out.insert(Input::ListedIn(lang), listed_in.finish());
        hash_letters(site, lang, &listed, &mut out);
    }
    hash_missing(site, &groups, &listed, &mut out);
    out.insert(
        Input::Counts,
        hash_with(|h| {
            for lang in site.config.language_codes() {
                site.lists.len(lang, List::AO).hash(h);
            }
        }),
    );
    let mut all_faces = DefaultHasher::new();
    let faces: Vec<(&str, u64)> = groups
        .par_iter()
        .map(|group| {
            let key = site.articles[group.start].key.as_str();
            (key, face_hash(site, key))
        })
        .collect();
    for (key, face) in faces {
        face.hash(&mut all_faces);
        out.insert(Input::ArticleFace(key), face);
    }
    out.insert(Input::AllArticles, all_faces.finish());
    let mut pages = DefaultHasher::new();
    for key in site.page_keys() {
        let v = hash_with(|h| {
            for p in site.pages.iter().filter(|p| p.key == key) {
                p.hash(h);
            }
        });
        v.hash(&mut pages);
        out.insert(Input::Page(key), v);
    }
    out.insert(Input::Pages, pages.finish());
    let mut clinics = DefaultHasher::new();
    for c in &site.clinics {
        let v = hash_with(|h| format!("{c:?}").hash(h));
        v.hash(&mut clinics);
        out.insert(Input::Clinic(&c.key), v);
    }
    out.insert(Input::Clinics, clinics.finish());
    out.insert(
        Input::Fees,
        hash_with(|h| format!("{:?}", site.fees).hash(h)),
    );
    out
}

/// What other pages show of the article `key`: each version's title, summary, dates and URL.
fn face_hash(site: &Site, key: &str) -> u64 {
    hash_with(|h| {
        for a in site
            .versions(key)
            .into_iter()
            .chain(site.easy_versions(key))
        {
            (
                &a.lang,
                a.easy,
                &a.slug,
                &a.title,
                &a.summary,
                a.kind,
                a.updated.0,
                a.reviewed.0,
                a.possibly_outdated,
            )
                .hash(h);
        }
    })
}

/// [`Input::MissingIn`] of every language and list, in one pass over the articles' versions
/// (`groups`, each key's range in `Site::articles`; `listed`, each version but its body).
fn hash_missing<'a>(
    site: &'a Site,
    groups: &[std::ops::Range<usize>],
    listed: &[u64],
    out: &mut InputHashes<'a>,
) {
    struct Missing {
        count: usize,
        listed: DefaultHasher,
        /// The languages the articles are shown in, by their place in site.yaml.
        shown: std::collections::BTreeSet<usize>,
    }
    let langs: Vec<&str> = site.config.language_codes().collect();
    let lists = List::all(&site.config);
    let mut missing: Vec<Vec<Missing>> = langs
        .iter()
        .map(|_| {
            lists
                .iter()
                .map(|_| Missing {
                    count: 0,
                    listed: DefaultHasher::new(),
                    shown: Default::default(),
                })
                .collect()
        })
        .collect();
    for group in groups {
        let versions = &site.articles[group.clone()];
        let held: Vec<bool> = lists
            .iter()
            .map(|l| versions.iter().any(|a| l.holds(a)))
            .collect();
        // The languages the lists show the article in when it is not translated.
        let shown: Vec<usize> = site
            .shown_versions(versions.iter().collect())
            .iter()
            .filter_map(|a| langs.iter().position(|l| *l == a.lang))
            .collect();
        for (li, lang) in langs.iter().enumerate() {
            if versions.iter().any(|a| a.lang == *lang) {
                continue;
            }
            for (m, _) in missing[li].iter_mut().zip(&held).filter(|(_, h)| **h) {
                m.count += 1;
                listed[group.clone()].hash(&mut m.listed);
                m.shown.extend(&shown);
            }
        }
    }
    let few = site.config.split_lists_above;
    for (lang, per_list) in langs.iter().zip(missing) {
        for (list, m) in lists.iter().zip(per_list) {
            let v = if m.count <= few {
                m.listed.finish()
            } else {
                hash_with(|h| (m.count, &m.shown).hash(h))
            };
            out.insert(Input::MissingIn(lang, *list), v);
        }
    }
}

/// The inputs of the letter pages of `lang`'s long lists: [`Input::Letter`] of each letter page
/// (its articles but their bodies, `listed`, in the site's order) and [`Input::Letters`].
fn hash_letters<'a>(site: &'a Site, lang: &'a str, listed: &[u64], out: &mut InputHashes<'a>) {
    let lists: Vec<List<'_>> = List::all(&site.config)
        .into_iter()
        .filter(|l| site.lists.is_split(lang, *l))
        .collect();
    if lists.is_empty() {
        return;
    }
    let letters = site.lists.alphabet(lang).map_or(0, |a| a.segments.len());
    let mut hashers: Vec<Vec<DefaultHasher>> = lists
        .iter()
        .map(|_| vec![DefaultHasher::new(); letters])
        .collect();
    for (i, a) in site.articles.iter().enumerate() {
        if a.lang != lang {
            continue;
        }
        let group = site.lists.group_of_article(i);
        for (l, list) in lists.iter().enumerate() {
            if list.holds(a)
                && let Some(h) = hashers[l].get_mut(group)
            {
                listed[i].hash(h);
            }
        }
    }
    for (list, hashers) in lists.into_iter().zip(hashers) {
        let pages = site.lists.letter_pages(lang, list);
        out.insert(Input::Letters(lang, list), hash_with(|h| pages.hash(h)));
        for (group, letter) in pages {
            out.insert(Input::Letter(lang, list, letter), hashers[group].finish());
        }
    }
}

/// Each page's output file and a fingerprint of everything it is rendered from: the hashes of
/// its inputs ([`Site::inputs`]) and its own identity.
pub fn fingerprints(site: &Site, inputs: &InputHashes<'_>) -> BTreeMap<String, u64> {
    use rayon::prelude::*;
    let pairs: Vec<(String, u64)> = site
        .page_ids()
        .par_iter()
        .map(|p| {
            let v = hash_with(|h| {
                p.hash(h);
                for i in site.inputs(p) {
                    // An input that is gone (a related article deleted) counts as changed.
                    inputs.get(&i).copied().unwrap_or(u64::MAX).hash(h);
                }
            });
            (p.file(), v)
        })
        .collect();
    // Sorted on every thread first: the map is then built in one pass.
    let mut pairs = pairs;
    pairs.par_sort_by(|a, b| a.0.cmp(&b.0));
    pairs.into_iter().collect()
}

/// A fingerprint of what a group of site files is made from, like a page's: the sitemap reads
/// which pages exist, the articles' URLs and dates and the health centres; a finder's data reads
/// the health centres and its language's UI strings.
pub fn site_file_fingerprint(
    site: &Site,
    group: SiteFiles<'_>,
    inputs: &InputHashes<'_>,
    pages: &BTreeMap<String, u64>,
) -> u64 {
    let read = match group {
        // Of the articles, the sitemap reads their URLs and dates only (below).
        SiteFiles::Sitemap => vec![Input::Site, Input::Clinics, Input::Fees],
        SiteFiles::Finder(lang) => vec![Input::Site, Input::Translations(lang), Input::Clinics],
        // The worker reads the site and the asset names (both in `Site`); the manifests, each
        // language's title and introduction.
        SiteFiles::Offline => std::iter::once(Input::Site)
            .chain(site.config.language_codes().map(Input::Translations))
            .collect(),
        // The settings, the templates, the theme's assets and the images are all the site's;
        // the search module is this binary's, which the build cache's key names.
        SiteFiles::Assets => vec![Input::Site],
    };
    hash_with(|h| {
        group.name().hash(h);
        for i in read {
            inputs.get(&i).copied().unwrap_or(u64::MAX).hash(h);
        }
        if group == SiteFiles::Sitemap {
            for file in pages.keys() {
                file.hash(h);
            }
            for a in site.articles.iter().chain(&site.easy) {
                (&a.key, &a.lang, a.easy, &a.slug, a.updated).hash(h);
            }
        }
        site.config.base_url.hash(h);
    })
}

/// Feeds every field of `a` but its body to `h` (a field added to [`Article`] must be named
/// here, so it cannot be forgotten). `text_hash` is left out too: it follows the body (it is
/// the hash a review covers), and no page that lists the article shows it or anything made
/// from it. With it, an edit of one article's text made every list of its language, and every
/// other language's list of articles it lacks, render again.
fn hash_listed(a: &crate::model::Article, h: &mut DefaultHasher) {
    let crate::model::Article {
        key,
        lang,
        easy,
        source,
        title,
        summary,
        kind,
        topics,
        reviewed,
        reviewer,
        next_review,
        updated,
        slug,
        related,
        draft,
        translated_from,
        keywords,
        possibly_outdated,
        text_hash: _,
        review_hash,
        body: _,
    } = a;
    (key, lang, easy, source, title, summary, kind, topics).hash(h);
    (reviewed, reviewer, next_review, updated, slug, related).hash(h);
    (
        draft,
        translated_from,
        keywords,
        possibly_outdated,
        review_hash,
    )
        .hash(h);
}

fn hash_with(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    f(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_segment_a_page_writes_is_reserved() {
        let pages = [
            PageId::Kind("sv", Kind::Symptom),
            PageId::Topics("sv"),
            PageId::AO("sv"),
            PageId::Languages("sv"),
            PageId::Search("sv"),
            PageId::Finder("sv"),
            PageId::Region("sv", "x"),
            PageId::Fees("sv"),
            PageId::EServices("sv"),
            PageId::NotFound("sv"),
        ];
        for p in pages {
            let rest = p.rest();
            let first = rest.split('/').next().unwrap_or_default();
            assert!(
                RESERVED_SEGMENTS.contains(&first),
                "{first} is not reserved"
            );
        }
    }

    #[test]
    fn urls_and_files_follow_one_formula() {
        let a = PageId::Article {
            lang: "sv",
            key: "fever",
            slug: "feber",
        };
        assert_eq!(a.path("/halsa/"), "/halsa/sv/feber/");
        assert_eq!(a.file(), "sv/feber/index.html");
        assert_eq!(PageId::NotFound("ar").file(), "ar/404.html");
        assert_eq!(PageId::NotFound("ar").path("/"), "/ar/404.html");
        assert_eq!(PageId::Root.path("/halsa/"), "/halsa/");
        assert_eq!(PageId::Root.file(), "index.html");
        assert_eq!(
            PageId::Compare("en").file(),
            "en/clinics/compare/index.html"
        );
        assert!(!PageId::Compare("en").indexed() && !PageId::NotFound("en").indexed());
        assert!(PageId::Clinic("en", "x").indexed() && PageId::Root.indexed());
    }
}
