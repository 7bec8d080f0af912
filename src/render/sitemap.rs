//! `sitemap.xml` with hreflang alternates for every translated page, and `robots.txt`.

use std::fmt::Write;

use crate::frontmatter::Kind;
use crate::model::Site;

/// The sitemap: one `<url>` per page and language, each listing its translations.
pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let langs: Vec<&str> = site.config.language_codes().collect();
    // Pages that exist in every language, as the part after `/<lang>/`.
    let mut shared: Vec<String> = vec![
        String::new(),
        "topics/".into(),
        "a-o/".into(),
        "languages/".into(),
    ];
    shared.extend(Kind::ALL.iter().map(|k| format!("kinds/{}/", k.as_str())));
    shared.extend(site.config.topics.iter().map(|t| format!("topics/{t}/")));
    shared.extend(site.page_keys().iter().map(|k| format!("{k}/")));
    for rest in &shared {
        let versions: Vec<(&str, String)> = langs
            .iter()
            .map(|l| (*l, format!("{base}{l}/{rest}")))
            .collect();
        write_urls(&mut out, &versions, site.config.default_language.as_str());
    }
    let mut keys: Vec<&str> = site.articles.iter().map(|a| a.key.as_str()).collect();
    keys.dedup();
    for key in keys {
        let versions: Vec<(&str, String)> = site
            .versions(key)
            .into_iter()
            .map(|a| (a.lang.as_str(), format!("{base}{}/{}/", a.lang, a.slug)))
            .collect();
        write_urls(&mut out, &versions, site.config.default_language.as_str());
    }
    out.push_str("</urlset>\n");
    out
}

fn write_urls(out: &mut String, versions: &[(&str, String)], default: &str) {
    for (_, loc) in versions {
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", xml(loc));
        if versions.len() > 1 {
            for (lang, href) in versions {
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                    xml(href)
                );
            }
            if let Some((_, href)) = versions.iter().find(|(l, _)| *l == default) {
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    xml(href)
                );
            }
        }
        out.push_str("  </url>\n");
    }
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
