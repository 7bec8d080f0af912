//! The page graph seen from the output: every indexable page is in the sitemap and nothing else
//! is, every sitemap URL and hreflang alternate is a file, and every internal link, source and
//! fragment in every page resolves, on the bundled site and on a generated one under a sub-path.
//! Links to every kind of page target work, and broken ones name file, line and a suggestion.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::harness::{TestSite, article, expect_error, repo};

/// A built site read back: HTML pages by URL path, and every file's URL path.
struct Output {
    /// The site's absolute base URL and its path (`https://x.example/halsa/`, `/halsa/`).
    base_url: String,
    base_path: String,
    pages: BTreeMap<String, String>,
    files: BTreeSet<String>,
}

impl Output {
    fn read(dir: &Path, base_url: &str) -> Output {
        let url = url::Url::parse(base_url).expect("base url");
        let base_path = url.path().to_string();
        let mut pages = BTreeMap::new();
        let mut files = BTreeSet::new();
        for e in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            let path = format!("{base_path}{rel}");
            if rel.ends_with(".html") {
                pages.insert(
                    path.clone(),
                    std::fs::read_to_string(e.path()).expect("read"),
                );
            }
            files.insert(path);
        }
        Output {
            base_url: base_url.to_string(),
            base_path,
            pages,
            files,
        }
    }

    /// The file a URL path is served from: `/sv/feber/` → `/sv/feber/index.html`.
    fn file_for(&self, path: &str) -> Option<String> {
        let decoded = percent_decode(path);
        let candidates = if decoded.ends_with('/') {
            vec![format!("{decoded}index.html")]
        } else {
            vec![decoded.clone(), format!("{decoded}/index.html")]
        };
        candidates.into_iter().find(|c| self.files.contains(c))
    }

    /// The URL path of an absolute URL on this site, or `None` for another site.
    fn local(&self, absolute: &str) -> Option<String> {
        let origin = &self.base_url[..self.base_url.len() - self.base_path.len()];
        absolute
            .strip_prefix(origin)
            .map(|p| p.to_string())
            .filter(|p| p.starts_with(&self.base_path))
    }

    /// Every URL the sitemap lists (following a sitemap index).
    fn sitemap_urls(&self, dir: &Path) -> Vec<String> {
        let mut urls = Vec::new();
        let text = std::fs::read_to_string(dir.join("sitemap.xml")).expect("sitemap");
        let locs = values(&text, "<loc>", "</loc>");
        if text.contains("<sitemapindex") {
            for loc in locs {
                let path = self.local(&loc).expect("local sitemap");
                let name = path.trim_start_matches(&self.base_path);
                let part = std::fs::read_to_string(dir.join(name)).expect("sitemap part");
                urls.extend(values(&part, "<loc>", "</loc>"));
            }
        } else {
            urls = locs;
        }
        urls.into_iter().map(|u| xml_unescape(&u)).collect()
    }
}

fn values(text: &str, open: &str, close: &str) -> Vec<String> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split_once(close).map(|(v, _)| v.to_string()))
        .collect()
}

/// The values of `attr="…"` in `html`.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(&needle)
        .skip(1)
        .filter_map(|s| s.split_once('"').map(|(v, _)| xml_unescape(v)))
        .collect()
}

fn xml_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// `%C3%B6` → `ö`.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ids(html: &str) -> BTreeSet<String> {
    attributes(html, "id").into_iter().collect()
}

/// Checks the whole output; returns every problem found.
fn check_output(dir: &Path, base_url: &str) -> Vec<String> {
    let out = Output::read(dir, base_url);
    let mut problems = Vec::new();
    let sitemap: BTreeSet<String> = out.sitemap_urls(dir).into_iter().collect();
    assert!(!sitemap.is_empty(), "empty sitemap");
    for url in &sitemap {
        match out.local(url) {
            Some(path) if out.file_for(&path).is_some() => {}
            _ => problems.push(format!("sitemap URL {url} is not a file of the output")),
        }
    }
    let in_sitemap: BTreeSet<String> = sitemap
        .iter()
        .filter_map(|u| out.local(u))
        .filter_map(|p| out.file_for(&p))
        .collect();
    for (path, html) in &out.pages {
        let noindex = html.contains("<meta name=\"robots\" content=\"noindex\">");
        if !noindex && !in_sitemap.contains(path) {
            problems.push(format!("{path} has no noindex but is not in the sitemap"));
        }
        if noindex && in_sitemap.contains(path) {
            problems.push(format!("{path} is noindex but in the sitemap"));
        }
        if noindex && html.contains("rel=\"canonical\"") {
            problems.push(format!("{path} is noindex but has a canonical link"));
        }
        for alternate in values(html, "<link rel=\"alternate\" hreflang=\"", ">") {
            let href = attributes(&format!(" {alternate}"), "href");
            for h in href {
                match out.local(&h) {
                    Some(p) if out.file_for(&p).is_some() => {}
                    _ => problems.push(format!("{path}: hreflang alternate {h} is not a file")),
                }
            }
        }
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            if let Some(problem) = check_link(&out, path, &link) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// `/sv/about/../accessibility/` → `/sv/accessibility/`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if path.ends_with('/') && !joined.ends_with('/') {
        format!("{joined}/")
    } else {
        joined
    }
}

/// `None` when `link` on the page at `path` resolves (file and fragment), else the problem.
fn check_link(out: &Output, path: &str, link: &str) -> Option<String> {
    if link.starts_with("mailto:") || link.starts_with("tel:") || link.starts_with("data:") {
        return None;
    }
    let target = if link.starts_with("http://") || link.starts_with("https://") {
        out.local(link)?
    } else if link.starts_with('/') {
        link.to_string()
    } else if let Some(fragment) = link.strip_prefix('#') {
        return (!fragment.is_empty() && !ids(&out.pages[path]).contains(fragment))
            .then(|| format!("{path}: fragment #{fragment} has no element"));
    } else {
        // Relative to the page's folder.
        let folder = &path[..=path.rfind('/').unwrap_or(0)];
        format!("{folder}{link}")
    };
    let (target, fragment) = match target.split_once('#') {
        Some((t, f)) => (t.to_string(), Some(f.to_string())),
        None => (target, None),
    };
    let target = normalise(target.split('?').next().unwrap_or_default());
    let Some(file) = out.file_for(&target) else {
        return Some(format!("{path}: link {link} is not a file of the output"));
    };
    if let Some(fragment) = fragment
        && let Some(html) = out.pages.get(&file)
        && !ids(html).contains(&fragment)
    {
        return Some(format!(
            "{path}: link {link}: no element with id {fragment}"
        ));
    }
    None
}

/// Ensure the bundled site's sitemap, noindex marks, hreflang alternates and every internal link
/// (fragments too) agree with the files in the output.
#[test]
fn bundled_output_links_and_sitemap_agree() {
    let site = TestSite::bundled();
    site.build();
    let problems = check_output(&site.out(), "https://vardguide.example/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let sitemap = site.read("sitemap.xml");
    for page in [
        "https://vardguide.example/",
        "https://vardguide.example/sv/clinics/",
        "https://vardguide.example/sv/clinics/ekbrynet-farsta/",
        "https://vardguide.example/en/fees/skane/",
        "https://vardguide.example/ar/regions/stockholm/",
        "https://vardguide.example/sv/eservices/book/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{page}</loc>")), "{page}");
    }
    assert!(!sitemap.contains("404.html") && !sitemap.contains("/compare/"));
    assert!(
        sitemap.contains("<lastmod>"),
        "pages with dates have lastmod"
    );
    // The check itself catches planted defects: a page missing from the sitemap with a broken
    // link, a missing fragment and an alternate that does not exist.
    std::fs::write(
        site.out().join("sv/planted.html"),
        "<html><head><link rel=\"alternate\" hreflang=\"en\" href=\"https://vardguide.example/en/gone/\"></head>\
         <body><a href=\"/sv/no-such-page/\">x</a><a href=\"/sv/#nowhere\">y</a></body></html>",
    )
    .expect("plant");
    let found = check_output(&site.out(), "https://vardguide.example/").join("\n");
    for expected in [
        "/sv/planted.html has no noindex but is not in the sitemap",
        "link /sv/no-such-page/ is not a file",
        "no element with id nowhere",
        "hreflang alternate https://vardguide.example/en/gone/ is not a file",
    ] {
        assert!(found.contains(expected), "{expected} not caught:\n{found}");
    }
}

/// A generated site under a sub-path, linking to every kind of target.
fn generated() -> TestSite {
    let body = "Se [hosta](article:cough), [om oss](page:about), \
        [en vårdcentral](clinic:ekbrynet-farsta), [Skåne](region:skane), \
        [avgifter i Skåne](fees:skane), [alla avgifter](fees:), [boka tid](eservice:book), \
        [alla e-tjänster](eservice:) och [relaterat](article:cough#related-heading).\n";
    let mut site = TestSite::new()
        .base_url("https://region.example/halsa/")
        .article("fever", "sv", &article("Feber", "slug: feber\n", body))
        .article(
            "cough",
            "sv",
            &article(
                "Hosta",
                "slug: hosta\nrelated: [fever]\n",
                "## Vad du kan göra\n\nVila.\n",
            ),
        )
        .article("cough", "en", &article("Cough", "", "Rest.\n"));
    for dir in ["clinics", "fees"] {
        let from = repo().join("content").join(dir);
        for e in std::fs::read_dir(&from).expect("dir").flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).expect("read");
            site = site.file(&format!("content/{dir}/{name}"), &text);
        }
    }
    site
}

/// Ensure a generated site under a sub-path passes the same whole-output check, and that links
/// to each kind of target (article, page, health centre, region, fee table, e-service) resolve.
#[test]
fn generated_output_and_every_link_target() {
    let site = generated();
    site.build();
    let problems = check_output(&site.out(), "https://region.example/halsa/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let page = site.read("sv/feber/index.html");
    for href in [
        "/halsa/sv/hosta/",
        "/halsa/sv/about/",
        "/halsa/sv/clinics/ekbrynet-farsta/",
        "/halsa/sv/regions/skane/",
        "/halsa/sv/fees/skane/",
        "/halsa/sv/fees/",
        "/halsa/sv/eservices/book/",
        "/halsa/sv/eservices/",
        "/halsa/sv/hosta/#related-heading",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}");
    }
}

/// Ensure a broken link of each target kind is an error at its line with a suggestion.
#[test]
fn broken_link_targets_name_line_and_suggestion() {
    for (link, needle, hint) in [
        (
            "clinic:ekbrynet-farst",
            "link to health centre `ekbrynet-farst`",
            "did you mean `ekbrynet-farsta`?",
        ),
        (
            "region:skne",
            "link to region `skne`",
            "did you mean `skane`?",
        ),
        (
            "fees:stockholmm",
            "link to fee table `stockholmm`",
            "did you mean `stockholm`?",
        ),
        (
            "eservice:bok",
            "link to e-service `bok`",
            "did you mean `book`?",
        ),
        ("page:abut", "link to page `abut`", "did you mean `about`?"),
        (
            "article:cogh",
            "link to article `cogh`",
            "did you mean `cough`?",
        ),
    ] {
        let site = generated().article(
            "rash",
            "sv",
            &article("Utslag", "", &format!("Text.\n\nSe [här]({link}).\n")),
        );
        let errors = site.build_err();
        let d = expect_error(&errors, needle, "content/articles/rash/sv.md", Some(11));
        assert!(d.message.contains(hint), "{link}: {d}");
    }
}

/// Ensure a site past the sitemaps.org limit gets a sitemap index whose files together list
/// every indexable page once (shown with a limit of 50 URLs per file on the bundled site).
#[test]
fn sitemap_index_past_the_limit() {
    let site = TestSite::bundled();
    let (model, _) = vardguide::pipeline::check(site.root(), &Default::default()).expect("valid");
    let single = vardguide::render::sitemap::files(&model, 50_000);
    assert_eq!(single.len(), 1);
    let one_file: BTreeSet<String> = values(&single[0].1, "<loc>", "</loc>")
        .into_iter()
        .collect();
    let split = vardguide::render::sitemap::files(&model, 50);
    assert_eq!(split[0].0, "sitemap.xml");
    assert!(split[0].1.contains("<sitemapindex"), "{}", split[0].1);
    assert_eq!(split.len(), 1 + one_file.len().div_ceil(50));
    let mut seen = Vec::new();
    for (name, text) in &split[1..] {
        assert!(
            split[0]
                .1
                .contains(&format!("https://vardguide.example/{name}"))
        );
        let urls = values(text, "<loc>", "</loc>");
        assert!(urls.len() <= 50, "{name} has {}", urls.len());
        seen.extend(urls);
    }
    assert_eq!(seen.len(), one_file.len(), "each URL once");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), one_file);
}

/// The bundled site with lists split from `split_above` articles.
fn split_lists(split_above: usize) -> TestSite {
    let site = TestSite::bundled();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.file(
        "site.yaml",
        &format!("{config}\nlists:\n  split_above: {split_above}\n"),
    )
}

/// The article links in the `<main>` of a page.
fn main_links(html: &str) -> Vec<String> {
    let main = html
        .split_once("<main")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or("", |(main, _)| main);
    attributes(main, "href")
}

/// Ensure a long list gets a page per letter: the list's page links each letter that has
/// articles, every article is on exactly one letter page of its language, the pages are in the
/// sitemap and every link resolves; many untranslated articles are pointed to, not listed; and
/// a large site's languages overview leaves out its table of every article.
#[test]
fn long_lists_get_a_page_per_letter() {
    let site = split_lists(3);
    site.build();
    let problems = check_output(&site.out(), "https://vardguide.example/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let articles: BTreeSet<String> = std::fs::read_dir(site.root().join("content/articles"))
        .expect("articles")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("sv.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(articles.len() > 3, "the bundled site has a long A–Ö list");
    let overview = site.read("sv/a-o/index.html");
    let letter_pages: Vec<String> = main_links(&overview)
        .into_iter()
        .filter(|l| l.starts_with("/sv/a-o/") && l != "/sv/a-o/")
        .collect();
    assert!(letter_pages.len() > 1, "{overview}");
    assert!(overview.contains(&format!(
        "<p class=\"count\">{} artiklar</p>",
        articles.len()
    )));
    let sitemap = site.read("sitemap.xml");
    let mut listed: Vec<String> = Vec::new();
    for url in &letter_pages {
        let encoded: String = url
            .chars()
            .map(|c| match c {
                c if c.is_ascii() => c.to_string(),
                c => c.to_string().bytes().map(|b| format!("%{b:02X}")).collect(),
            })
            .collect();
        assert!(
            sitemap.contains(&format!("<loc>https://vardguide.example{encoded}</loc>")),
            "{url} is in the sitemap"
        );
        let page = site.read(&format!("{}index.html", percent_decode(&url[1..])));
        assert!(
            page.contains(&format!("<a href=\"{url}\" aria-current=\"page\">")),
            "{url} marks its own letter"
        );
        listed.extend(
            main_links(&page)
                .into_iter()
                // An easy-to-read version's mark sits beside its article's entry.
                .filter(|l| !l.starts_with("/sv/a-o/") && !l.ends_with("/easy/")),
        );
    }
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "an article is on one letter page"
    );
    assert_eq!(
        listed.len(),
        articles.len(),
        "every article is on a letter page"
    );
    // A letter page lists its articles under its letter, in order.
    let f = site.read("sv/a-o/f/index.html");
    assert!(f.contains("<h1>Artiklar A–Ö: F</h1>"));
    let fever = f.find("Feber hos barn").expect("listed");
    let adults = f.find("Feber hos vuxna").expect("listed");
    assert!(fever < adults);

    // Persian has fewer articles: the Swedish and English lists are linked, not repeated.
    let fa = site.read("fa/a-o/index.html");
    assert!(fa.contains("<a href=\"/sv/a-o/\" hreflang=\"sv\""), "{fa}");
    assert!(!fa.contains("href=\"/sv/feber-hos-vuxna/\""));

    let languages = site.read("sv/languages/index.html");
    assert!(!languages.contains("<table"));
    assert!(languages.contains("för många artiklar"));
    // The same site with the default setting shows every list whole and the table.
    let whole = TestSite::bundled();
    whole.build();
    assert!(
        whole
            .read("sv/languages/index.html")
            .contains("<table class=\"coverage\">")
    );
    assert!(!whole.exists("sv/a-o/f/index.html"));
    assert!(
        whole
            .read("sv/a-o/index.html")
            .contains("href=\"/sv/feber-hos-vuxna/\"")
    );
}
