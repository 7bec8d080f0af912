//! Security and caching headers for the built site: one list, written as a Netlify/Cloudflare
//! `_headers` file here and into the server configurations of [`crate::render::hosting`]. The site needs no inline script or style, so it runs
//! under a strict Content-Security-Policy. `'wasm-unsafe-eval'` lets the search page compile its
//! WebAssembly module; it does not allow JavaScript `eval`.

use crate::graph::files;
use crate::graph::pages::PageId;

/// The Content-Security-Policy every page is served with.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/// Headers for every response.
pub fn security_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Content-Security-Policy", CSP),
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Permissions-Policy",
            "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()",
        ),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
}

/// Cache header for content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `_headers` for Netlify and Cloudflare Pages.
pub fn netlify(base_path: &str) -> String {
    let mut out = format!("{base_path}*\n");
    for (name, value) in security_headers() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out.push_str(&format!(
        "{}*\n  Cache-Control: {IMMUTABLE}\n",
        files::assets_url(base_path)
    ));
    out
}

/// `_redirects` for Netlify: each language's own 404 page.
pub fn netlify_redirects(base_path: &str, langs: &[&str]) -> String {
    let mut out = String::new();
    for lang in langs {
        out.push_str(&format!(
            "{}*  {}  404\n",
            PageId::Home(lang).path(base_path),
            PageId::NotFound(lang).path(base_path)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_carry_the_policy() {
        assert!(
            netlify("/").starts_with(
                "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"
            )
        );
        assert!(
            netlify("/h/")
                .contains("/h/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
        );
        assert_eq!(
            netlify_redirects("/", &["sv"]),
            "/sv/*  /sv/404.html  404\n"
        );
    }
}
