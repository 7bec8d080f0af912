//! The sitemap and `robots.txt`, read from the page table: every indexable page, each with its
//! hreflang alternates (and one `x-default`: the default language's version) and its own
//! last-modified date where it has one. Past the sitemaps.org limit of 50,000 URLs per file the
//! sitemap becomes an index (`sitemap.xml`) of numbered files (`sitemap-1.xml`, …).

use std::fmt::Write;

use crate::graph::pages::PageId;
use crate::model::Site;

/// The sitemaps.org limit of URLs in one sitemap file.
pub const MAX_URLS: usize = 50_000;

/// The sitemaps.org limit of bytes in one (uncompressed) sitemap file, with room for the
/// surrounding `<urlset>`.
const MAX_BYTES: usize = 50 * 1024 * 1024 - 1024;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// The sitemap files (path, text): `sitemap.xml` alone, or when there are more than `max_urls`
/// indexable pages (or more than 50 MiB of them), `sitemap.xml` as an index of `sitemap-1.xml`,
/// `sitemap-2.xml`, ….
pub fn files(site: &Site, max_urls: usize) -> Vec<(String, String)> {
    let entries: Vec<String> = site
        .page_ids()
        .iter()
        .filter(|p| p.indexed())
        .map(|p| url_entry(site, p))
        .collect();
    let max_urls = max_urls.max(1);
    let mut chunks: Vec<&[String]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        if i - start == max_urls || bytes + e.len() > MAX_BYTES {
            chunks.push(&entries[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += e.len();
    }
    chunks.push(&entries[start..]);
    if chunks.len() == 1 {
        return vec![(crate::graph::files::SITEMAP.to_string(), urlset(&entries))];
    }
    let mut made = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in chunks.iter().enumerate() {
        let name = crate::graph::files::sitemap_part(i + 1);
        let _ = writeln!(
            index,
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>",
            xml(&format!("{}{name}", site.config.base_url))
        );
        made.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    made.insert(0, (crate::graph::files::SITEMAP.to_string(), index));
    made
}

fn urlset(entries: &[String]) -> String {
    let size = entries.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(URLSET_OPEN.len() + size + "</urlset>\n".len());
    out.push_str(URLSET_OPEN);
    for e in entries {
        out.push_str(e);
    }
    out.push_str("</urlset>\n");
    out
}

/// One `<url>` with its alternates and lastmod.
fn url_entry(site: &Site, page: &PageId<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  <url>\n    <loc>{}</loc>",
        xml(&site.absolute_url(page))
    );
    if let Some(date) = site.lastmod(page) {
        let _ = writeln!(out, "    <lastmod>{date}</lastmod>");
    }
    let versions = site.alternates(page);
    if versions.len() > 1 {
        for (lang, p) in &versions {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                xml(&site.absolute_url(p))
            );
        }
        if let Some((_, p)) = versions
            .iter()
            .find(|(l, _)| *l == site.config.default_language)
        {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml(&site.absolute_url(p))
            );
        }
    }
    out.push_str("  </url>\n");
    out
}

/// A URL percent-encoded as the sitemap protocol asks, then escaped for XML.
fn xml(s: &str) -> String {
    let encoded = url::Url::parse(s)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| s.to_string());
    html_escape::encode_double_quoted_attribute(&encoded).into_owned()
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}
