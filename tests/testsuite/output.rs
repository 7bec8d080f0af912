//! The output folder: deterministic bytes, atomic replacement, hashed and precompressed assets.

use crate::harness::{TestSite, article, snapshot};

/// Ensure the same input gives byte-identical output, compressed copies included.
#[test]
fn deterministic() {
    let site = TestSite::bundled();
    site.build();
    let first = snapshot(&site.out());
    site.build();
    let second = snapshot(&site.out());
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0.display());
    }
}

/// Ensure a failed build leaves the previous output byte-for-byte untouched.
#[test]
fn failed_build_keeps_previous_output() {
    let site = TestSite::new().article("a", "sv", &article("A", "", "Text\n"));
    site.build();
    let before = snapshot(&site.out());
    let site = site.article("b", "sv", &article("B", "", ":::care nope\nx\n:::\n"));
    assert!(site.try_build().is_err());
    assert_eq!(before, snapshot(&site.out()));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("root")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // The lock file beside the output stays (see `output::lock`).
            name.starts_with(".public") && name != ".public.lock"
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

/// Ensure a build never replaces a folder that is not vardguide output.
#[test]
fn refuses_foreign_output_folder() {
    let site = TestSite::new();
    let foreign = site.root().join("documents");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("thesis.txt"), "important").expect("write");
    assert!(site.try_build_into(&foreign).is_err());
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.txt")).expect("kept"),
        "important"
    );
}

/// Ensure assets get content-hashed names, text files get .gz copies and assets .br ones too.
#[test]
fn hashed_and_precompressed() {
    let site = TestSite::new().article("a", "sv", &article("A", "", "Text\n"));
    site.build();
    let assets: Vec<String> = std::fs::read_dir(site.out().join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let css = assets
        .iter()
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("hashed css");
    assert_eq!(css.len(), "style..css".len() + 10);
    assert!(
        site.read("sv/a/index.html")
            .contains(&format!("/assets/{css}"))
    );
    assert!(site.exists(&format!("assets/{css}.gz")) && site.exists(&format!("assets/{css}.br")));
    assert!(site.exists("sv/a/index.html.gz"));
    assert!(
        !site.exists("sv/a/index.html.br"),
        "pages get no .br copy: it would save 2 % over the .gz for 3 times the CPU"
    );
    // The copies are compressed, not merely stored: a page's HTML shrinks to well under half.
    let size = |path: &str| {
        std::fs::metadata(site.out().join(path))
            .map(|m| m.len())
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let page = size("sv/a/index.html");
    let style = size(&format!("assets/{css}"));
    let brotli = size(&format!("assets/{css}.br"));
    assert!(
        brotli * 3 < style,
        "assets/{css}.br: {brotli} bytes for {style}"
    );
    let gz = size("sv/a/index.html.gz");
    assert!(
        gz * 2 < page,
        "sv/a/index.html.gz: {gz} bytes for a page of {page}"
    );
}

/// Ensure no page has inline scripts, style attributes, `<style>` blocks, event handlers or
/// `javascript:` URLs, so the site runs under the strict CSP in `_headers`.
#[test]
fn strict_csp_compatible_output() {
    let site = TestSite::bundled();
    site.build();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(entry.path())
            .expect("read")
            .to_lowercase();
        let name = entry.path().display().to_string();
        for (i, _) in html.match_indices("<script") {
            let tag_end = html[i..].find('>').map_or(html.len(), |e| i + e);
            let tag = &html[i..tag_end];
            assert!(
                tag.contains(" src=") || tag.contains("type=\"application/ld+json\""),
                "inline script in {name}"
            );
        }
        assert!(!html.contains(" style="), "style attribute in {name}");
        assert!(!html.contains("<style"), "style block in {name}");
        assert!(!html.contains("javascript:"), "javascript: URL in {name}");
        let handler = html.match_indices(" on").any(|(i, _)| {
            let rest = &html[i + 3..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            !word.is_empty() && rest[word.len()..].starts_with('=')
        });
        assert!(!handler, "event handler attribute in {name}");
    }
    assert!(pages > 100);
    let headers = site.read("_headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"));
    for h in [
        "Strict-Transport-Security",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Permissions-Policy",
    ] {
        assert!(headers.contains(h), "{h} missing from _headers");
    }
    assert!(
        site.read("_nginx/security-headers.conf")
            .contains("add_header Content-Security-Policy")
    );
}
