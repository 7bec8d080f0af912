//! Every kind of content error is reported with file, line and a hint, and all of them at once.

use crate::harness::{TestSite, article, expect_error, list};

fn site_with(key: &str, text: &str) -> Vec<vardguide::base::diagnostics::Diagnostic> {
    TestSite::new().article(key, "sv", text).build_err()
}

/// Ensure broken YAML names the line.
#[test]
fn bad_yaml() {
    let errors = site_with(
        "a",
        "---\ntitle: Feber\nsummary: [oops\nkind: symptom\n---\nText\n",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].file,
        std::path::Path::new("content/articles/a/sv.md")
    );
    assert!(errors[0].position.is_some(), "{}", errors[0]);
}

/// Ensure a misspelt field is an error with a "did you mean" suggestion.
#[test]
fn unknown_field_suggests() {
    let errors = site_with("a", &article("Feber", "sumary: x\n", "Text\n"));
    let d = expect_error(
        &errors,
        "unknown field `sumary`",
        "content/articles/a/sv.md",
        Some(8),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `summary`"),
        "{d}"
    );
}

/// Ensure a missing required field is reported.
#[test]
fn missing_field() {
    let errors = site_with(
        "a",
        "---\ntitle: Feber\nkind: symptom\ntopics: [infections]\nreviewed: 2026-01-01\nreviewer: {name: A, role: B}\n---\nText\n",
    );
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("missing field `summary`")),
        "{errors:?}"
    );
}

/// Ensure an impossible date is reported on its line.
#[test]
fn date_that_is_not_a_date() {
    let text =
        article("Feber", "", "Text\n").replace("reviewed: 2026-01-10", "reviewed: 2026-02-30");
    let errors = site_with("a", &text);
    expect_error(
        &errors,
        "is not a date",
        "content/articles/a/sv.md",
        Some(6),
    );
}

/// Ensure an empty title is an error.
#[test]
fn empty_title() {
    let errors = site_with("a", &article("\"\"", "", "Text\n"));
    expect_error(
        &errors,
        "the title is empty",
        "content/articles/a/sv.md",
        Some(2),
    );
}

/// Ensure two articles with one slug in one language are reported.
#[test]
fn duplicate_slug() {
    let errors = TestSite::new()
        .article("a", "sv", &article("A", "slug: samma\n", "Text\n"))
        .article("b", "sv", &article("B", "slug: samma\n", "Text\n"))
        .build_err();
    expect_error(
        &errors,
        "slug `samma` is already used by content/articles/a/sv.md",
        "content/articles/b/sv.md",
        Some(8),
    );
}

/// Ensure `related` naming a missing article is reported at the value.
#[test]
fn related_missing() {
    let errors = site_with("a", &article("A", "related: [fever-adult]\n", "Text\n"));
    let d = expect_error(
        &errors,
        "related article `fever-adult` does not exist",
        "content/articles/a/sv.md",
        Some(8),
    );
    assert_eq!(d.position.map(|p| p.column), Some(11));
}

/// Ensure a Markdown link to a missing article is reported at the link.
#[test]
fn link_to_missing_article() {
    let errors = site_with("a", &article("A", "", "Text\n\nSee [b](article:nope).\n"));
    let d = expect_error(
        &errors,
        "link to article `nope`",
        "content/articles/a/sv.md",
        Some(11),
    );
    assert_eq!(d.position.map(|p| p.column), Some(5));
}

/// Ensure an unknown topic is reported with a suggestion.
#[test]
fn unknown_topic() {
    let text = article("A", "", "Text\n").replace("topics: [infections]", "topics: [infection]");
    let errors = site_with("a", &text);
    let d = expect_error(
        &errors,
        "unknown topic `infection`",
        "content/articles/a/sv.md",
        Some(5),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `infections`"),
        "{d}"
    );
}

/// Ensure an unknown region in a regional note is reported.
#[test]
fn unknown_region() {
    let errors = site_with(
        "a",
        &article("A", "", "Text\n\n:::region gotland\nNote\n:::\n"),
    );
    expect_error(
        &errors,
        "unknown region `gotland`",
        "content/articles/a/sv.md",
        Some(11),
    );
}

/// Ensure an unknown care level is reported with its line and column.
#[test]
fn unknown_care_level() {
    let errors = site_with("a", &article("A", "", "Text\n:::care urgnt\nGo\n:::\n"));
    let d = expect_error(
        &errors,
        "unknown care level `urgnt`",
        "content/articles/a/sv.md",
        Some(10),
    );
    assert_eq!(d.position.map(|p| p.column), Some(9));
}

/// Ensure an unclosed block points at its opening line.
#[test]
fn unclosed_block() {
    let errors = site_with("a", &article("A", "", "Text\n\n:::care selfcare\nRest\n"));
    expect_error(
        &errors,
        "never closed",
        "content/articles/a/sv.md",
        Some(11),
    );
}

/// Ensure a key missing from a language's translations names key, file and language.
#[test]
fn missing_translation_key() {
    let errors = TestSite::new()
        .edit("translations/en.yaml", "nav.skip: Skip to content\n", "")
        .build_err();
    let d = errors
        .iter()
        .find(|d| d.message.contains("`nav.skip`"))
        .expect("missing-key error");
    assert_eq!(d.file, std::path::Path::new("translations/en.yaml"));
    assert!(d.message.contains("language `en`"), "{d}");
}

/// Ensure fallback_to_default turns a missing key into the default string and a coverage figure.
#[test]
fn translation_fallback_reports_coverage() {
    let site = TestSite::new()
        .edit("translations/en.yaml", "nav.skip: Skip to content\n", "")
        .edit(
            "site.yaml",
            "fallback_to_default: false",
            "fallback_to_default: true",
        );
    let report = site.build();
    let en = report
        .coverage
        .iter()
        .find(|c| c.lang == "en")
        .expect("en coverage");
    assert_eq!(en.translated + 1, en.total);
    assert!(site.read("en/index.html").contains("Till innehållet"));
}

/// Ensure Arabic plural strings must have all six CLDR forms.
#[test]
fn arabic_needs_six_plural_forms() {
    let errors = TestSite::new()
        .edit("translations/ar.yaml", "  two: \"مقالتان\"\n", "")
        .build_err();
    let d = errors
        .iter()
        .find(|d| d.message.contains("lacks the plural form(s) two"))
        .expect("plural error");
    assert_eq!(d.file, std::path::Path::new("translations/ar.yaml"));
}

/// Ensure all problems are reported in one run, not just the first.
#[test]
fn all_errors_are_reported() {
    let errors = TestSite::new()
        .article("a", "sv", &article("A", "related: [nope]\n", "Text\n"))
        .article("b", "sv", &article("B", "", ":::care bogus\nx\n:::\n"))
        .article("c", "sv", "no front matter")
        .build_err();
    let files: std::collections::BTreeSet<_> = errors.iter().map(|d| d.file.clone()).collect();
    assert_eq!(files.len(), 3, "{errors:?}");
}

/// Ensure a config error in site.yaml names the line.
#[test]
fn site_yaml_errors() {
    let errors = TestSite::new()
        .edit(
            "site.yaml",
            "    dir: rtl",
            "    dir: rtl\n    default: true",
        )
        .build_err();
    expect_error(
        &errors,
        "2 languages are marked `default: true`",
        "site.yaml",
        Some(9),
    );
    let errors = TestSite::new()
        .edit(
            "site.yaml",
            "review_interval_months",
            "review_interval_month",
        )
        .build_err();
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `review_interval_months`"),
        "{:?}",
        errors
    );
}

/// Ensure the CLI exits non-zero and prints the file:line of an error.
#[test]
fn cli_reports_and_fails() {
    let site = TestSite::new().article("a", "sv", &article("A", "", ":::care urgnt\nx\n:::\n"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .expect("run vardguide");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/articles/a/sv.md:9:9"), "{stderr}");
    assert!(stderr.contains(":::care urgnt"), "{stderr}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert!(!check.status.success());
    assert!(!site.out().exists(), "check must not write anything");
}

/// Ensure a bad enum-like value gives exactly one error, at its line and column, with the allowed
/// values and a suggestion, and nothing else about the article is reported as missing because of
/// it (its translations, links and `related:` still find it).
#[test]
fn bad_kind_is_one_error_with_a_suggestion() {
    let sv = article("Feber", "", "Text.\n").replace("kind: symptom", "kind: symptm");
    let errors = TestSite::new()
        .article("fever", "sv", &sv)
        .article(
            "fever",
            "en",
            &article(
                "Fever",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "Text.\n",
            ),
        )
        .article(
            "cough",
            "sv",
            &article(
                "Hosta",
                "related: [fever]\n",
                "Se [feber](article:fever).\n",
            ),
        )
        .build_err();
    assert_eq!(errors.len(), 1, "exactly one error:\n{}", list(&errors));
    let d = expect_error(
        &errors,
        "`symptm` is not a valid value for `kind`",
        "content/articles/fever/sv.md",
        Some(4),
    );
    assert_eq!(d.position.map(|p| p.column), Some(7), "{d}");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("did you mean `symptom`?")
            && help.contains("symptom, illness, treatment, advice"),
        "{d}"
    );
}

/// Ensure a quote that is never closed is reported where it opens, not where the front matter
/// ends, in words a person understands.
#[test]
fn unclosed_quote_names_its_line() {
    let text =
        article("Feber", "", "Text.\n").replace("summary: About Feber.", "summary: \"About Feber.");
    let errors = site_with("a", &text);
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = expect_error(
        &errors,
        "the quote `\"` that starts here is never closed",
        "content/articles/a/sv.md",
        Some(3),
    );
    assert_eq!(d.position.map(|p| p.column), Some(10), "{d}");
}

/// Ensure a tab in the indentation is called a tab, at its line, and shown in the snippet.
#[test]
fn tab_indentation_is_named() {
    let text = article("Feber", "", "Text.\n").replace(
        "reviewer: {name: Karin Ek, role: Läkare}",
        "reviewer:\n\tname: Karin Ek\n\trole: Läkare",
    );
    let site = TestSite::new().article("a", "sv", &text);
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = expect_error(&errors, "tab", "content/articles/a/sv.md", Some(8));
    assert!(
        d.help.as_deref().unwrap_or("").contains("use spaces"),
        "{d}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .expect("run vardguide");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/articles/a/sv.md:8:1"), "{stderr}");
    assert!(
        stderr.contains("→name: Karin Ek"),
        "the tab is shown: {stderr}"
    );
}

/// Ensure an unknown field's message names it once and the valid fields are listed once.
#[test]
fn unknown_field_lists_the_fields_once() {
    let errors = site_with("a", &article("Feber", "sumary: x\n", "Text\n"));
    let d = expect_error(
        &errors,
        "unknown field",
        "content/articles/a/sv.md",
        Some(8),
    );
    assert_eq!(d.message, "unknown field `sumary`");
    assert_eq!(d.to_string().matches("next_review").count(), 1, "{d}");
}

/// Ensure a front-matter error does not hide the other problems in the same file: a broken link
/// in its body is reported too.
#[test]
fn front_matter_error_and_broken_link_are_both_reported() {
    let text = article("Feber", "", "Text.\n\nSe [b](article:nope).\n")
        .replace("kind: symptom", "kind: symptm");
    let errors = site_with("a", &text);
    assert_eq!(errors.len(), 2, "two errors:\n{}", list(&errors));
    expect_error(
        &errors,
        "`symptm` is not a valid value for `kind`",
        "content/articles/a/sv.md",
        Some(4),
    );
    expect_error(
        &errors,
        "link to article `nope`",
        "content/articles/a/sv.md",
        Some(11),
    );
}

/// Ensure an invisible direction override in a title is an error at its line, and a
/// right-to-left mark (which Arabic text may need) is not.
#[test]
fn direction_override_in_a_title() {
    let errors = site_with("a", &article("Feber\u{202E}reveF", "", "Text.\n"));
    expect_error(
        &errors,
        "invisible direction control U+202E",
        "content/articles/a/sv.md",
        Some(2),
    );
    TestSite::new()
        .article("a", "sv", &article("Feber\u{200F}", "", "Text.\n"))
        .build();
}

/// Ensure a file that is not UTF-8 is one error at its line, and its translations are not
/// reported as lacking their source because of it.
#[test]
fn invalid_utf8_is_one_error() {
    let site = TestSite::new()
        .article("fever", "sv", &article("Feber", "", "Text.\n"))
        .article(
            "fever",
            "en",
            &article(
                "Fever",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "Text.\n",
            ),
        );
    let path = site.root().join("content/articles/fever/sv.md");
    let mut bytes = std::fs::read(&path).expect("read");
    bytes.extend_from_slice(b"Tr\xe4d\n");
    std::fs::write(&path, bytes).expect("write");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "one error:\n{}", list(&errors));
    expect_error(
        &errors,
        "not valid UTF-8",
        "content/articles/fever/sv.md",
        Some(10),
    );
}
