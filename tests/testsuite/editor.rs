//! The editors' tools: `vardguide check`'s report (text and JSON, --strict) and `vardguide new`.

use std::process::Command;

use crate::harness::{TestSite, article, vardguide};

fn report_site() -> TestSite {
    TestSite::new()
        .article(
            "a",
            "sv",
            &article(
                "A",
                "next_review: 2026-12-10\nupdated: 2026-06-01\n",
                "## Del\n\n#### För djupt\n\n[gammal](http://example.com)\n",
            ),
        )
        .article(
            "a",
            "en",
            &article(
                "A",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "Text\n",
            ),
        )
        .article(
            "b",
            "sv",
            &article("B", "next_review: 2026-02-01\n", "Text\n"),
        )
        .edit("translations/en.yaml", "nav.skip: Skip to content\n", "")
        .edit(
            "site.yaml",
            "fallback_to_default: false",
            "fallback_to_default: true",
        )
}

/// Ensure the JSON report lists coverage, due and overdue reviews, text findings and missing UI strings.
#[test]
fn check_report_json() {
    let site = report_site();
    let out = vardguide(
        &site,
        &["check", "--format", "json", "--today", "2026-11-26"],
    );
    assert!(
        out.status.success(),
        "warnings alone do not fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let r = &json["report"];
    let en = r["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["lang"] == "en")
        .expect("en")
        .clone();
    assert_eq!(
        (en["translated"].as_u64(), en["total"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(en["missing"], serde_json::json!(["b"]));
    assert_eq!(en["outdated"], serde_json::json!(["a"]));
    let reviews = r["reviews"].as_array().expect("reviews");
    assert_eq!(reviews[0]["file"], "content/articles/b/sv.md");
    assert!(
        reviews[0]["days"].as_i64().unwrap_or(0) < 0,
        "overdue first"
    );
    assert_eq!(reviews[1]["days"], 14);
    assert_eq!(r["heading_skips"][0]["line"], 13);
    assert_eq!(r["insecure_links"][0]["url"], "http://example.com");
    assert_eq!(r["missing_ui_strings"][0]["lang"], "en");
    assert_eq!(
        r["missing_ui_strings"][0]["keys"],
        serde_json::json!(["nav.skip"])
    );
    // The skipped heading level, the plain-http link and the outdated translation.
    assert!(json["warnings"].as_u64().unwrap_or(0) >= 3);
}

/// Ensure --strict turns warnings into a non-zero exit, and errors always fail.
/// Ensure `vardguide check | head` (a reader that stops before the report ends) is no panic: the
/// pipe is closed before the report is written.
#[test]
fn check_into_a_closed_pipe() {
    let site = report_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["check", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run vardguide");
    // The read end closes here, long before the site is loaded and the report is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

#[test]
fn strict_and_errors() {
    let site = report_site();
    assert!(
        !vardguide(&site, &["check", "--strict", "--today", "2026-11-26"])
            .status
            .success()
    );
    let text = vardguide(&site, &["check", "--today", "2026-11-26"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("en: 1 of 2 articles (50 %), 1 possibly out of date"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/articles/b/sv.md: B (2026-02-01, 298 days overdue)"),
        "{stdout}"
    );
    let broken = TestSite::new().article("c", "sv", &article("C", "", ":::care nope\n:::\n"));
    let out = vardguide(&broken, &["check", "--format", "json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["diagnostics"][0]["position"]["line"], 9);
}

/// Ensure `new article` scaffolds a draft in the file's language (headings and placeholders) that builds with --drafts,
/// marks translations, rejects an unknown language or topic without writing, and never overwrites.
#[test]
fn new_article() {
    let site = TestSite::new();
    let out = vardguide(&site, &["new", "article", "sunburn"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(site.root().join("content/articles/sunburn/sv.md"))
        .expect("created");
    assert!(text.contains(":::care emergency"), "{text}");
    for swedish in [
        "title: \"Artikelns rubrik\"",
        "summary: \"En mening om vad artikeln handlar om.\"",
        "name: \"Förnamn Efternamn\"",
        "role: \"Yrke, till exempel läkare",
        "Skriv med vanliga ord och korta meningar.",
    ] {
        assert!(
            text.contains(swedish),
            "the placeholders are Swedish ({swedish}):\n{text}"
        );
    }
    assert!(
        text.contains("\ndraft: true\n"),
        "a scaffold is a draft:\n{text}"
    );
    assert!(
        text.contains("## Vad är det?") && text.contains("Ring 112 om"),
        "headings in the file's language:\n{text}"
    );
    site.build();
    assert!(
        !site.exists("sv/sunburn/index.html"),
        "a draft never goes live by accident"
    );
    let drafts = TestSite::new()
        .file("content/articles/sunburn/sv.md", &text)
        .drafts();
    drafts.build();
    assert!(
        drafts.exists("sv/sunburn/index.html"),
        "the scaffold is a valid article"
    );
    let out = vardguide(&site, &["new", "article", "sunburn", "--lang", "en"]);
    assert!(out.status.success());
    let en =
        std::fs::read_to_string(site.root().join("content/articles/sunburn/en.md")).expect("en");
    assert!(en.contains("translated_from:") && en.contains("## What is it?"));
    assert!(
        en.contains("title: \"Title of the article\"") && !en.contains("Förnamn"),
        "{en}"
    );
    let out = vardguide(&site, &["new", "article", "sunburn", "--lang", "ar"]);
    assert!(out.status.success());
    let ar =
        std::fs::read_to_string(site.root().join("content/articles/sunburn/ar.md")).expect("ar");
    assert!(
        ar.contains("title: \"عنوان المقال\"") && ar.contains("## ما هو؟"),
        "{ar}"
    );
    std::fs::write(site.root().join("content/articles/sunburn/sv.md"), "edited").expect("edit");
    let again = vardguide(&site, &["new", "article", "sunburn"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/articles/sunburn/sv.md")).expect("kept"),
        "edited"
    );
    assert!(
        !vardguide(&site, &["new", "article", "Bad Key"])
            .status
            .success()
    );
    for (args, expected) in [
        (
            &["new", "article", "rash", "--topic", "infectons"][..],
            "did you mean `infections`?",
        ),
        (
            &["new", "article", "rash", "--lang", "xx"][..],
            "`xx` is not a language of this site",
        ),
    ] {
        let out = vardguide(&site, args);
        assert!(!out.status.success(), "{args:?} must fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            !site.root().join("content/articles/rash").exists(),
            "{args:?} wrote a file"
        );
    }
}

/// Ensure command-line mistakes name the real problem: a missing root, a bad --base-url, an
/// unknown search language, and results beyond --limit.
#[test]
fn command_line_mistakes_are_explained() {
    let missing = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["build", "--root", "/nonexistent/vardguide-site"])
        .output()
        .expect("run");
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("does not exist") && !stderr.contains("left as it was"),
        "{stderr}"
    );
    let site = TestSite::new()
        .article("fever", "sv", &article("Feber", "", "Feber och frossa.\n"))
        .article("cold", "sv", &article("Förkylning", "", "Feber ibland.\n"));
    let out = site.out();
    let bad_url = vardguide(
        &site,
        &[
            "build",
            "--base-url",
            "notaurl",
            "--out",
            &out.to_string_lossy(),
        ],
    );
    let stderr = String::from_utf8_lossy(&bad_url.stderr);
    assert!(!bad_url.status.success());
    assert!(
        stderr.contains("--base-url `notaurl`") && !stderr.contains("site.yaml:"),
        "points at the flag, not at site.yaml: {stderr}"
    );
    assert!(stderr.contains("Build failed with 1 error;"), "{stderr}");
    site.build();
    let search = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vardguide"))
            .arg("search")
            .args(args)
            .arg("--out")
            .arg(site.out())
            .output()
            .expect("run")
    };
    let unknown = search(&["--lang", "xx", "feber"]);
    assert!(!unknown.status.success());
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("languages with an index: ar, en, fa, fi, so, sv"),
        "{stderr}"
    );
    let limited = search(&["--lang", "sv", "--limit", "1", "feber"]);
    let stdout = String::from_utf8_lossy(&limited.stdout);
    assert!(
        stdout.contains("2 results") && stdout.contains("Showing 1 of 2; use --limit 2"),
        "{stdout}"
    );
}

/// Ensure `vardguide review` records what a review covered: editing the body afterwards makes
/// `check` warn (naming the article and the review's date) and `check --strict` fail, and a new
/// review clears it; a translation checked against its source is flagged as possibly out of date
/// when the source changes afterwards, even if nobody changed its `updated` date.
#[test]
fn a_text_changed_after_its_review_is_noticed() {
    let site = TestSite::new()
        .article(
            "cold",
            "sv",
            &article("Förkylning", "", "Vila och drick mycket.\n"),
        )
        .article(
            "cold",
            "en",
            &article(
                "Common cold",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "Rest and drink plenty.\n",
            ),
        );
    let strict = |site: &TestSite| vardguide(site, &["check", "--strict"]);
    assert!(strict(&site).status.success(), "no warning to begin with");
    for (lang, by) in [("sv", "Karin Ek"), ("en", "Ali Haddad")] {
        let done = vardguide(
            &site,
            &[
                "review",
                "cold",
                "--lang",
                lang,
                "--by",
                by,
                "--role",
                "Läkare: ST",
                "--date",
                "2026-12-01",
            ],
        );
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let sv = std::fs::read_to_string(site.root().join("content/articles/cold/sv.md")).expect("sv");
    assert!(
        sv.contains("reviewed: 2026-12-01\n") && sv.contains("role: \"Läkare: ST\"\n"),
        "{sv}"
    );
    assert!(sv.contains("review_hash: "), "{sv}");
    let en = std::fs::read_to_string(site.root().join("content/articles/cold/en.md")).expect("en");
    assert!(
        en.contains("  revision: "),
        "the translation records its source's text: {en}"
    );
    assert!(strict(&site).status.success(), "a fresh review");

    // The Swedish body changes after its review.
    let site = site.edit("content/articles/cold/sv.md", "Vila och", "Vila gärna och");
    let out = strict(&site);
    assert!(!out.status.success(), "check --strict fails");
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("content/articles/cold/sv.md")
            && said.contains("the text changed after its review on 2026-12-01 by Karin Ek"),
        "{said}"
    );
    assert!(
        said.contains("content/articles/cold/en.md")
            && said
                .contains("the sv original changed after this translation was checked against it"),
        "{said}"
    );
    let plain = vardguide(&site, &["check"]);
    assert!(
        plain.status.success(),
        "a warning, not an error, without --strict"
    );

    // Reviewed again, both versions: nothing to say.
    for lang in ["sv", "en"] {
        let done = vardguide(
            &site,
            &[
                "review", "cold", "--lang", lang, "--by", "Karin Ek", "--role", "Läkare",
            ],
        );
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    assert!(
        strict(&site).status.success(),
        "{}",
        String::from_utf8_lossy(&strict(&site).stdout)
    );
    let missing = vardguide(&site, &["review", "flu", "--by", "A", "--role", "B"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no such article version"));
}

/// Ensure `check` reports each Swedish and English article version's LIX (worked out by hand
/// here), its band and its longest sentence's line, in text and JSON, and none for languages
/// the measure does not fit.
#[test]
fn check_reports_readability() {
    let site = TestSite::new()
        .article(
            "a",
            "sv",
            &article(
                "A",
                "",
                "Barnet är feberfritt. Det får gå till förskolan.\n",
            ),
        )
        .article(
            "a",
            "ar",
            &article(
                "أ",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "نص.\n",
            ),
        );
    let out = vardguide(&site, &["check", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = json["report"]["readability"]
        .as_array()
        .expect("a readability list");
    assert_eq!(rows.len(), 1, "Swedish only here: {rows:?}");
    // 8 words, 2 sentences, 2 long words (feberfritt, förskolan): 8/2 + 100·2/8 = 29.0.
    assert_eq!(rows[0]["lix"], 29.0);
    assert_eq!(rows[0]["band"], "easy");
    assert_eq!(rows[0]["longest"][0]["line"], 9);
    assert_eq!(rows[0]["longest"][0]["words"], 5);
    let text = vardguide(&site, &["check"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("content/articles/a/sv.md: 29.0 easy (8 words, 2 sentences, longest sentence line 9 (5 words))"),
        "{text}"
    );
}
