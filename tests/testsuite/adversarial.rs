//! Hostile or broken input: rendered inert or rejected with a clear error, never a panic, never a
//! file outside the output folder.

use crate::harness::{TestSite, article, expect_error};

/// Ensure scripts, event handlers, javascript: links, styles and comment-hidden markup never reach the page.
#[test]
fn markup_is_rendered_inert() {
    let body = "<script>alert(1)</script>\n\n<b onerror=\"alert(1)\">fet</b>\n\n[klick](javascript:alert(1))\n\n<a href=\"JaVaScRiPt:alert(1)\">x</a>\n\n<!-- <script>alert(2)</script> -->\n\n<p style=\"display:none\" onclick=\"x()\">dold</p>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n:::care selfcare\n<svg onload=alert(1)></svg>\n:::\n";
    let site =
        TestSite::new().article("a", "sv", &article("<script>alert('t')</script>", "", body));
    site.build();
    let html = site.read("sv/a/index.html");
    let lower = html.to_lowercase();
    for (i, _) in lower.match_indices("<script") {
        assert!(
            lower[i..].starts_with("<script src=\"/assets/js/search.")
                || lower[i..].starts_with("<script src=\"/assets/js/offline.")
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

/// Ensure a symbolic link is followed only when it leads inside the site root: a linked
/// theme folder, articles folder or article file from outside is skipped with a warning naming
/// the link, and nothing from outside reaches the output; a link to a file inside the site is
/// followed.
#[test]
fn symbolic_links_never_publish_files_from_outside_the_site() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = "root:x:0:0:secret-outside-the-site";
    std::fs::create_dir_all(outside.path().join("static")).expect("mkdir");
    std::fs::write(outside.path().join("static/passwd.css"), secret).expect("write");
    std::fs::create_dir_all(outside.path().join("articles/stolen")).expect("mkdir");
    std::fs::write(
        outside.path().join("articles/stolen/sv.md"),
        article("Stulen", "", &format!("{secret}\n")),
    )
    .expect("write");
    std::fs::write(
        outside.path().join("en.md"),
        article("Outside", "", &format!("{secret}\n")),
    )
    .expect("write");

    let site = TestSite::new()
        .article("a", "sv", &article("A", "", "Text.\n"))
        .article("b", "sv", &article("B", "", "Text.\n"))
        .file(
            "content/shared/a-en.md",
            &article("A in English", "", "Shared text.\n"),
        );
    let root = site.root();
    symlink(
        outside.path().join("static"),
        root.join("themes/default/static/extra"),
    )
    .expect("link a theme folder");
    symlink(
        outside.path().join("articles/stolen"),
        root.join("content/articles/stolen"),
    )
    .expect("link an article folder");
    symlink(
        outside.path().join("en.md"),
        root.join("content/articles/b/en.md"),
    )
    .expect("link an article file outside");
    symlink(
        root.join("content/shared/a-en.md"),
        root.join("content/articles/a/en.md"),
    )
    .expect("link an article file inside");
    symlink(
        root.join("nowhere.md"),
        root.join("content/articles/a/fi.md"),
    )
    .expect("a dangling link");
    symlink(
        root.join("content/articles"),
        root.join("content/articles/a/loop"),
    )
    .expect("a link to a folder that holds it");

    let report = site.build();
    let warned = |link: &str| {
        report
            .diagnostics
            .iter()
            .any(|d| d.file.ends_with(link) && d.message.contains("symbolic link"))
    };
    for link in [
        "themes/default/static/extra",
        "content/articles/stolen",
        "content/articles/b/en.md",
        "content/articles/a/fi.md",
        "content/articles/a/loop",
    ] {
        assert!(
            warned(link),
            "a warning names {link}: {}",
            crate::harness::list(&report.diagnostics)
        );
    }
    assert!(
        !warned("content/articles/a/en.md"),
        "a link inside the site is followed"
    );
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("secret-outside-the-site"),
                "{} holds a file from outside the site",
                entry.path().display()
            );
        }
    }
    assert!(
        site.read("en/a/index.html").contains("Shared text."),
        "the article linked from inside the site is built"
    );
}

/// Ensure two theme folders that link to each other are walked once each way and then named
/// in a warning, as a loop: not followed down to the depth limit, publishing the same files
/// again at every level (and, with many such links, listing millions of folders).
#[test]
fn folders_linked_to_each_other_are_a_loop_not_a_maze() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new()
        .article("a", "sv", &article("A", "", "Text.\n"))
        .file("themes/default/static/left/one.css", "p{}")
        .file("themes/default/static/right/two.css", "p{}");
    let root = site.root();
    let statics = root.join("themes/default/static");
    symlink(statics.join("right"), statics.join("left/over")).expect("link left to right");
    symlink(statics.join("left"), statics.join("right/back")).expect("link right to left");

    let report = site.build();
    for link in [
        "themes/default/static/left/over/back",
        "themes/default/static/right/back/over",
    ] {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.file.ends_with(link) && d.message.contains("loop")),
            "a warning names the loop at {link}: {}",
            crate::harness::list(&report.diagnostics)
        );
    }
    let mut published = Vec::new();
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.expect("walk");
        let path = entry.path().to_string_lossy().into_owned();
        assert!(
            !path.contains("over/back") && !path.contains("back/over"),
            "{path} was reached through the loop"
        );
        if entry.file_type().is_file() && (path.contains("left") || path.contains("right")) {
            published.push(path);
        }
    }
    for file in ["left/over/two", "right/back/one", "left/one", "right/two"] {
        assert!(
            published.iter().any(|p| p.contains(file)),
            "{file} is published once through each link: {published:?}"
        );
    }
}

/// Runs `build` and fails if it has not returned by a deadline far above what linear work
/// takes: inputs whose cost grows with the square of their size took minutes.
fn within_deadline<T>(build: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = build();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}: the cost grows faster than the input",
        started.elapsed()
    );
    result
}

/// Ensure 100,000 nested HTML elements in one article are refused with the limit named, at
/// once, rather than sanitised for minutes.
#[test]
fn deeply_nested_html_is_refused_with_the_limit() {
    let depth = 100_000;
    let body = format!(
        "Text.\n\n{}x{}\n",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let site = TestSite::new().article("deep", "sv", &article("Djup", "", &body));
    let errors = within_deadline(|| site.build_err());
    let e = expect_error(&errors, "nested", "content/articles/deep/sv.md", Some(11));
    assert!(e.message.contains("the limit is 64"), "{e}");
    // Nesting a real article uses stays fine.
    let body = format!("{}x{}\n", "<div>".repeat(20), "</div>".repeat(20));
    TestSite::new()
        .article("ok", "sv", &article("Ok", "", &body))
        .build();
}

/// Ensure 200 KB of nested brackets in front matter is refused with the limit and the position,
/// at once, rather than parsed for minutes; brackets in quoted text do not count.
#[test]
fn deeply_nested_yaml_is_refused_with_the_limit() {
    let text = format!("---\ntitle: {}\n---\nText.\n", "[".repeat(200_000));
    let site = TestSite::new().article("deep", "sv", &text);
    let errors = within_deadline(|| site.build_err());
    let e = expect_error(
        &errors,
        "nested more than 32",
        "content/articles/deep/sv.md",
        Some(2),
    );
    assert_eq!(e.position.map(|p| p.column), Some(40), "{e}");
    let quoted = format!("'{}' # {}", "[".repeat(40), "{".repeat(40));
    TestSite::new()
        .article("ok", "sv", &article(&quoted, "", "Text.\n"))
        .build();
}

/// Ensure a fee file with thousands of periods is refused with the limit named, at once.
#[test]
fn a_fee_file_with_too_many_periods_is_refused() {
    let mut text = String::from("region: stockholm\nreceipts: registered\nperiods:\n");
    for year in 0..2000 {
        text.push_str(&format!(
            "- valid_from: {}-01-01\n  valid_to: {}-12-31\n  example: false\n  source: x\n  visits:\n  - type: doctor-health-centre\n    amount: 100\n  free_under_age: 18\n  free_from_age: 85\n  no_show_fee: 100\n  high_cost:\n    outpatient_ceiling: 1400\n    medicines:\n      ceiling: 100\n      steps:\n      - up_to: 100\n        share: 100\n",
            3000 + year,
            3000 + year
        ));
    }
    let site = TestSite::new().file("content/fees/stockholm.yaml", &text);
    let errors = within_deadline(|| site.build_err());
    let e = expect_error(
        &errors,
        "2000 fee periods",
        "content/fees/stockholm.yaml",
        Some(3),
    );
    assert!(e.message.contains("at most 100"), "{e}");
}
