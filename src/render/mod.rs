//! Stage 3, render: `&Site` → HTML pages, in parallel. Decides which pages exist (per language:
//! home, articles, lists by kind and topic, A–Ö, other languages, plain pages, 404; site-wide: the
//! language chooser, sitemap and robots.txt), builds each page's view and renders its template.

pub mod assets;
mod care;
mod eservices;
mod fees;
pub mod headers;
pub mod hosting;
mod library;
pub mod offline;
pub mod sitemap;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::base::diagnostics::Diagnostic;
use crate::graph::files::{self, SiteFiles};
use crate::graph::pages::PageId;
use crate::model::Site;
use crate::source::images;
use templates::Templates;
use views::*;

/// A page's template and chrome, made by the page family's function.
type Rendered = (&'static str, Chrome);

/// One rendered output file: a path relative to the output root and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// The parsed templates and the assets pages link to, kept between renders (by `serve`).
pub struct Renderer {
    templates: Templates,
    /// The theme's assets and the embedded ones (the search module), with hashed names.
    assets: assets::Assets,
    /// Files that go out with the assets as they are (the search module's precompressed copies).
    prebuilt: Vec<OutputFile>,
}

/// A page's file handed on as soon as it is made.
pub type Sink<'a> = &'a (dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync);

impl Renderer {
    /// A renderer whose pages link to `assets`; `prebuilt` goes out with them as it is.
    pub fn new(
        site: &Site,
        assets: assets::Assets,
        prebuilt: Vec<OutputFile>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let langs: Vec<String> = site.config.language_codes().map(String::from).collect();
        let urls = Arc::new(assets.urls.clone());
        Ok(Renderer {
            templates: Templates::new(&site.templates, &langs, site.translations.clone(), urls)?,
            assets,
            prebuilt,
        })
    }

    /// Renders the pages `ids` in parallel and hands each file to `sink` as soon as it is ready
    /// (the default language's 404 page also as the site-wide one), so a build never holds the
    /// whole site in memory. A page `kept` says was kept from the previous run is not rendered.
    /// `tick` is called once per page. Returns every error.
    pub fn render_pages(
        &self,
        site: &Site,
        ids: &[PageId<'_>],
        kept: &(dyn Fn(PageId<'_>) -> Result<bool, Diagnostic> + Sync),
        sink: Sink<'_>,
        tick: &(dyn Fn() + Sync),
    ) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = ids
            .par_iter()
            .filter_map(|id| {
                let r = match kept(*id) {
                    Ok(true) => Ok(()),
                    Ok(false) => self.page_files(site, *id, sink),
                    Err(d) => Err(d),
                };
                tick();
                r.err()
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Renders one page and hands its file(s) to `sink`.
    fn page_files(&self, site: &Site, id: PageId<'_>, sink: Sink<'_>) -> Result<(), Diagnostic> {
        let (path, html) = render_job(site, &self.templates, id)?;
        let bytes = html.into_bytes();
        if id == PageId::NotFound(&site.config.default_language) {
            // The site-wide 404 is the default language's.
            sink(files::NOT_FOUND.to_string(), bytes.clone())?;
        }
        sink(path, bytes)
    }

    /// The page of `article`, a newer version of one of the site's articles (same key, language
    /// and slug), rendered against the rest of `site` (for `serve`).
    pub fn article_page(
        &self,
        site: &Site,
        article: &crate::model::Article,
    ) -> Result<OutputFile, Diagnostic> {
        let page = PageId::Article {
            lang: &article.lang,
            key: &article.key,
            slug: &article.slug,
        };
        let mut ctx = Context::new();
        let (template, chrome) = library::article_of(site, page, article, &mut ctx)?;
        ctx.insert("page", &chrome);
        let html = self.templates.render(template, &chrome.lang, &ctx)?;
        Ok((page.file(), html.into_bytes()))
    }

    /// The files of `group`, linking to this renderer's assets.
    pub fn site_files(
        &self,
        site: &Site,
        group: SiteFiles<'_>,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let asset_urls = &self.assets.urls;
        Ok(match group {
            SiteFiles::Sitemap => {
                let mut made: Vec<OutputFile> = sitemap::files(site, sitemap::MAX_URLS)
                    .into_iter()
                    .map(|(p, t)| (p, t.into_bytes()))
                    .collect();
                made.push((
                    files::ROBOTS.to_string(),
                    sitemap::robots(site).into_bytes(),
                ));
                made
            }
            SiteFiles::Finder(lang) => vec![(
                files::finder_data(lang),
                care::finder_data(site, lang)?.into_bytes(),
            )],
            SiteFiles::Offline => {
                let mut made = vec![(
                    files::WORKER.to_string(),
                    offline::worker(site, asset_urls).into_bytes(),
                )];
                for lang in site.config.language_codes() {
                    made.push((
                        files::manifest(lang),
                        offline::manifest(site, lang, asset_urls)?.into_bytes(),
                    ));
                }
                made
            }
            SiteFiles::Assets => self.asset_files(site)?,
        })
    }

    /// The assets, the illustrations' copies and the server configuration. In order: a file's
    /// precompressed copies come before it, which then gets no copies made for it.
    fn asset_files(&self, site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut out = self.prebuilt.clone();
        out.extend(self.assets.files.iter().cloned());
        // The images beside articles: their copies, once for every language.
        let copies: Vec<Result<images::Files, Diagnostic>> = site
            .images
            .par_iter()
            .flat_map_iter(|(key, files)| {
                let (infos, _) = images::infos(files);
                files
                    .iter()
                    .filter_map(|f| {
                        let name = f.path.file_name()?.to_string_lossy().into_owned();
                        let info = infos.get(&name)?.as_ref()?;
                        Some(images::copies(key, f, info))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        for copy in copies {
            out.extend(copy?);
        }
        let langs: Vec<&str> = site.config.language_codes().collect();
        let base_path = &site.config.base_path;
        let default = site.config.default_language.as_str();
        for (path, text) in [
            (files::NETLIFY_HEADERS, headers::netlify(base_path)),
            (
                files::NETLIFY_REDIRECTS,
                headers::netlify_redirects(base_path, &langs),
            ),
            (
                files::NGINX_HEADERS,
                hosting::nginx_snippet(base_path, &langs),
            ),
            (files::NGINX_SERVER, hosting::nginx_server(base_path)),
            (files::APACHE, hosting::apache(base_path, &langs, default)),
            (files::CADDY, hosting::caddy(base_path, &langs, default)),
        ] {
            out.push((path.to_string(), text.into_bytes()));
        }
        Ok(out)
    }
}

/// Number of pages `render` will produce per language (for summaries; the root page is not in a
/// language and not counted).
pub fn page_count(site: &Site) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in site.page_ids() {
        if let Some(lang) = id.lang() {
            *counts.entry(lang.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

fn render_job(
    site: &Site,
    templates: &Templates,
    page: PageId<'_>,
) -> Result<(String, String), Diagnostic> {
    let mut ctx = Context::new();
    let (template, chrome) = match page {
        PageId::Root => return Ok((page.file(), library::root_page(site, templates)?)),
        PageId::Article { lang, key, .. } | PageId::EasyArticle { lang, key, .. } => {
            library::article(site, page, lang, key, &mut ctx)?
        }
        PageId::Home(lang) => library::home(site, page, lang, &mut ctx)?,
        PageId::Kind(lang, kind) => library::kind_list(site, page, lang, kind, &mut ctx)?,
        PageId::Topics(lang) => library::topics(site, page, lang, &mut ctx)?,
        PageId::Topic(lang, topic) => library::topic_list(site, page, lang, topic, &mut ctx)?,
        PageId::AO(lang) => library::a_o(site, page, lang, &mut ctx)?,
        PageId::Letter { lang, list, letter } => {
            library::letter_page(site, page, lang, list, letter, &mut ctx)?
        }
        PageId::Languages(lang) => library::languages(site, page, lang, &mut ctx)?,
        PageId::Page(lang, key) => library::plain_page(site, page, lang, key, &mut ctx)?,
        PageId::Search(lang) => library::search(site, page, lang, &mut ctx)?,
        PageId::Finder(lang) => care::finder(site, lang, &mut ctx)?,
        PageId::Compare(lang) => care::compare(site, lang, &mut ctx)?,
        PageId::Clinic(lang, key) => {
            let clinic = site.clinic(key).ok_or_else(|| missing(page))?;
            care::clinic(site, lang, clinic, &mut ctx)?
        }
        PageId::Region(lang, code) => {
            let region = site.config.region(code).ok_or_else(|| missing(page))?;
            care::region(site, lang, region, &mut ctx)?
        }
        PageId::Fees(lang) => fees::overview(site, lang, &mut ctx)?,
        PageId::FeeRegion(lang, region) => {
            let table = site.fee_table(region).ok_or_else(|| missing(page))?;
            fees::region(site, lang, table, &mut ctx)?
        }
        PageId::EServices(lang) => eservices::overview(site, lang, &mut ctx)?,
        PageId::EService(lang, id) => {
            let service = site.config.eservices.get(id).ok_or_else(|| missing(page))?;
            eservices::service(site, lang, service, &mut ctx)?
        }
        PageId::NotFound(lang) => library::not_found(site, page, lang, &mut ctx)?,
        PageId::Offline(lang) => library::offline(site, page, lang)?,
    };
    ctx.insert("page", &chrome);
    let html = templates.render(template, &chrome.lang, &ctx)?;
    Ok((page.file(), html))
}

/// A page whose model object is gone: only possible when the page list and the site disagree.
pub(super) fn missing(page: PageId<'_>) -> Diagnostic {
    Diagnostic::error("content", format!("{page:?} has nothing to render")).bug()
}

/// The language of a page that has one (every page but the root's language choice).
pub(super) fn lang_of(page: PageId<'_>) -> Result<&str, Diagnostic> {
    page.lang()
        .ok_or_else(|| Diagnostic::error("content", format!("{page:?} has no language")).bug())
}

/// The chrome of a page directly below the home page: breadcrumbs Home › `title`.
pub(super) fn section_chrome(
    site: &Site,
    page: PageId<'_>,
    section: &'static str,
    title: &str,
    description: &str,
) -> Result<Chrome, Diagnostic> {
    let lang = lang_of(page)?;
    let crumbs = vec![
        home_crumb(site, lang)?,
        Crumb {
            title: title.to_string(),
            url: site.url(&page),
        },
    ];
    chrome(site, lang, section, title, description, page, crumbs)
}

pub(super) fn home_crumb(site: &Site, lang: &str) -> Result<Crumb, Diagnostic> {
    Ok(Crumb {
        title: site.translations.text(lang, "nav.home")?,
        url: site.url(&PageId::Home(lang)),
    })
}

/// The chrome of a page in `lang`: switcher, hreflang alternates, canonical link or `noindex`,
/// navigation. Every URL comes from the page table.
pub(super) fn chrome(
    site: &Site,
    lang: &str,
    section: &'static str,
    title: &str,
    description: &str,
    page: PageId<'_>,
    breadcrumbs: Vec<Crumb>,
) -> Result<Chrome, Diagnostic> {
    let versions = site.alternates(&page);
    let url_in = |l: &str| {
        versions
            .iter()
            .find(|(code, _)| *code == l)
            .map(|(_, p)| site.url(p))
    };
    let indexed = page.indexed();
    let mut languages = Vec::new();
    let mut alternates = Vec::new();
    for l in &site.config.languages {
        let target = url_in(&l.code);
        if indexed && let Some((_, p)) = versions.iter().find(|(code, _)| *code == l.code) {
            alternates.push(Alternate {
                hreflang: l.code.clone(),
                href: site.absolute_url(p),
            });
        }
        let note = match &target {
            Some(_) => None,
            None => Some(site.translations.text(&l.code, "switcher.home_only")?),
        };
        languages.push(LangLink {
            code: l.code.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            url: target.unwrap_or_else(|| site.url(&PageId::Home(&l.code))),
            current: l.code == lang,
            note,
        });
    }
    if indexed
        && let Some((_, p)) = versions
            .iter()
            .find(|(code, _)| *code == site.config.default_language)
    {
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: site.absolute_url(p),
        });
    }
    let page_url = |key: &str| {
        site.page_keys()
            .contains(&key)
            .then(|| site.url(&PageId::Page(lang, key)))
    };
    Ok(Chrome {
        lang: lang.to_string(),
        dir: dir_of(site, lang),
        site_title: site.config.title.clone(),
        title: title.to_string(),
        description: description.to_string(),
        canonical: indexed.then(|| site.absolute_url(&page)),
        noindex: !indexed,
        alternates,
        languages,
        home_url: site.url(&PageId::Home(lang)),
        nav: Nav {
            home: site.url(&PageId::Home(lang)),
            a_o: site.url(&PageId::AO(lang)),
            topics: site.url(&PageId::Topics(lang)),
            languages: site.url(&PageId::Languages(lang)),
            about: page_url("about"),
            accessibility: page_url("accessibility"),
            search: site.url(&PageId::Search(lang)),
            clinics: site.url(&PageId::Finder(lang)),
            fees: site.url(&PageId::Fees(lang)),
            eservices: site.url(&PageId::EServices(lang)),
            choose: page_url("choose-health-centre"),
        },
        section,
        breadcrumbs,
        offline: OfflineLinks {
            worker: offline::worker_url(&site.config.base_path),
            scope: site.config.base_path.clone(),
            manifest: offline::manifest_url(&site.config.base_path, lang),
            page: site.url(&PageId::Offline(lang)),
        },
    })
}
