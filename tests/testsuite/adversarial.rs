//! Hostile or broken input: rendered inert or rejected with a clear error, never a panic, never a
//! file outside the output folder.

use crate::harness::{TestSite, article, expect_error};

/// Ensure scripts, event handlers, javascript: links, styles and comment-hidden markup never reach the page.
#[test]
fn markup_is_rendered_inert() {
    let body = "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[klick](javascript:alert(1))\n\n<a href=\"JaVaScRiPt:alert(1)\">x</a>\n\n<!-- <script>alert(2)</script> -->\n\n<p style=\"display:none\" onclick=\"x()\">dold</p>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n:::care selfcare\n<svg onload=alert(1)></svg>\n:::\n";
    let site =
        TestSite::new().article("a", "sv", &article("<script>alert('t')</script>", "", body));
    site.build();
    let html = site.read("sv/a/index.html");
    let lower = html.to_lowercase();
    for (i, _) in lower.match_indices("<script") {
        assert!(
            lower[i..].starts_with("<script src=\"/assets/js/search.")
                || lower[i..].starts_with("<script type=\"module\" src=\"/assets/js/"),
            "a script that is not the theme's: {}",
            &html[i..i + 60]
        );
    }
    assert!(!lower.contains("javascript:"), "javascript: URL in output");
    assert!(
        !lower.contains("onerror") && !lower.contains("onclick") && !lower.contains("onload"),
        "event handler in output"
    );
    assert!(!lower.contains("style="), "style attribute in output");
    assert!(
        !lower.contains("<iframe") && !lower.contains("<svg"),
        "embedded content in output"
    );
    assert!(
        html.contains("&lt;script&gt;alert("),
        "the title is shown as text"
    );
}

/// Ensure slugs that try to leave the output folder are rejected.
#[test]
fn path_traversal_in_slug() {
    for slug in ["../../etc", "/etc/passwd", "a/../../b", "..", "sv\\..\\x"] {
        let site = TestSite::new().article(
            "a",
            "sv",
            &article("A", &format!("slug: '{slug}'\n"), "x\n"),
        );
        let errors = site.build_err();
        expect_error(
            &errors,
            "is not allowed",
            "content/articles/a/sv.md",
            Some(8),
        );
        assert!(!site.root().join("etc").exists());
    }
}

/// Ensure absurdly long titles are rejected with a hint.
#[test]
fn absurdly_long_title() {
    let errors = TestSite::new()
        .article("a", "sv", &article(&"Feber ".repeat(100), "", "x\n"))
        .build_err();
    expect_error(
        &errors,
        "characters long",
        "content/articles/a/sv.md",
        Some(2),
    );
}

/// Ensure NUL bytes and invalid UTF-8 are errors with a position, not panics.
#[test]
fn nul_and_invalid_utf8() {
    let mut bytes = article("A", "", "Bra text\nDålig \u{0}text\n").into_bytes();
    let site = TestSite::new().bytes("content/articles/a/sv.md", &bytes);
    expect_error(
        &site.build_err(),
        "NUL byte",
        "content/articles/a/sv.md",
        Some(10),
    );
    bytes = article("B", "", "ok\n").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe broken\n");
    let site = TestSite::new().bytes("content/articles/b/sv.md", &bytes);
    expect_error(
        &site.build_err(),
        "not valid UTF-8",
        "content/articles/b/sv.md",
        Some(10),
    );
}

/// Ensure strange folder names, files and front matter never panic.
#[test]
fn odd_files_do_not_panic() {
    let site = TestSite::new()
        .file("content/articles/Bad Name/sv.md", &article("A", "", "x\n"))
        .file("content/articles/ok/xx.md", &article("A", "", "x\n"))
        .file("content/articles/ok2/sv.md", "---\n---\n")
        .file("content/articles/ok3/sv.md", "---\ntitle: [1, 2]\n")
        .file("content/articles/ok4/sv.md", "")
        .file("content/articles/ok5/sv.md", "---\n: : :\n---\n")
        .file("content/articles/loose.md", "stray");
    let errors = site.build_err();
    assert!(errors.len() >= 6, "{errors:?}");
    assert!(errors.iter().all(|d| d.help.is_some()), "{errors:?}");
}
