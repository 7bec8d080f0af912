//! Facts with provenance: every fee figure names a public source or is marked as an example,
//! and the fee pages and the calculator say which, next to the figure, in every language.

use crate::harness::{TestSite, expect_error, list};

const FEES: &str = "region: stockholm
receipts: keep
sources:
  avgifter:
    publisher: Testregionen
    title: Patientavgifter i Testregionen
    url: https://region.example/avgifter
    read: 2026-12-01
periods:
  - valid_from: 2025-01-01
    valid_to: 2025-12-31
    source: avgifter
    visits:
      - type: doctor-health-centre
        amount: 200
      - type: emergency-department
        amount: 377
        example: true
    free_under_age: 20
    free_from_age: 85
    no_show_fee: 400
    high_cost:
      outpatient_ceiling: 1450
      medicines:
        ceiling: 1650
        steps:
          - up_to: 1000
            share: 100
          - up_to: 2300
            share: 50
  - valid_from: 2026-01-01
    source: avgifter
    visits:
      - type: doctor-health-centre
        amount: 250
    free_under_age: 20
    free_from_age: 85
    high_cost:
      outpatient_ceiling: 1500
      medicines:
        ceiling: 1650
        steps:
          - up_to: 1000
            share: 100
          - up_to: 2300
            share: 50
";

/// Ensure every figure of a period without a source is an error on its own line and column,
/// and that an unknown source key is an error with a suggestion.
#[test]
fn a_fee_figure_without_a_source_is_an_error() {
    let unsourced = FEES.replacen("    source: avgifter\n", "", 1);
    let errors = TestSite::new()
        .file("content/fees/stockholm.yaml", &unsourced)
        .build_err();
    let missing: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("has no source"))
        .collect();
    // Two visits minus the example, two ages, the no-show fee, the outpatient ceiling, the
    // medicine ceiling and two steps.
    assert_eq!(missing.len(), 8, "{}", list(&errors));
    let d = expect_error(
        &errors,
        "the fee for `doctor-health-centre` (period from 2025-01-01) has no source",
        "content/fees/stockholm.yaml",
        Some(13),
    );
    assert_eq!(d.position.map(|p| p.column), Some(9), "{d}");
    expect_error(
        &errors,
        "`no_show_fee` (period from 2025-01-01) has no source",
        "content/fees/stockholm.yaml",
        Some(20),
    );
    expect_error(
        &errors,
        "the `medicines` step up to 2300 (period from 2025-01-01) has no source",
        "content/fees/stockholm.yaml",
        Some(28),
    );

    let misspelt = FEES.replacen("source: avgifter", "source: avgiftr", 1);
    let errors = TestSite::new()
        .file("content/fees/stockholm.yaml", &misspelt)
        .build_err();
    let d = expect_error(
        &errors,
        "names the source `avgiftr`, which `sources:` does not have",
        "content/fees/stockholm.yaml",
        Some(14),
    );
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("avgifter")),
        "{d}"
    );
}

/// Ensure the fee page marks an example figure as an example next to it, and a sourced figure
/// with the number of its source, listed with its publisher and the day it was read, in every
/// language; and that the calculator is told which periods hold an example.
#[test]
fn example_figures_are_marked_next_to_the_figure_in_every_language() {
    let site = TestSite::new().file("content/fees/stockholm.yaml", FEES);
    site.build();
    let marks = [
        ("sv", "exempel", "läst"),
        ("en", "example", "read"),
        ("ar", "مثال", "تمت قراءته"),
        ("fa", "نمونه", "خوانده‌شده"),
        ("fi", "esimerkki", "luettu"),
        ("so", "tusaale", "la akhriyay"),
    ];
    for (lang, example, read) in marks {
        let page = site.read(&format!("{lang}/fees/stockholm/index.html"));
        let older = &page[page
            .find("fee-period-older")
            .expect("the 2025 period, folded")..];
        let row = &older[older.find("377").expect("the example amount")..];
        let cell = &row[..row.find("</td>").expect("its cell")];
        assert!(
            cell.contains(&format!(
                "<span class=\"figure-mark figure-mark--example\">({example})</span>"
            )),
            "{lang}: the example mark is next to the figure: {cell}"
        );
        let row = &older[older.find("200").expect("a sourced amount")..];
        let cell = &row[..row.find("</td>").expect("its cell")];
        assert!(
            cell.contains("href=\"#period-2-source-1\"") && cell.contains(">[1]</a>"),
            "{lang}: a sourced figure names its source: {cell}"
        );
        assert!(
            older.contains("<li id=\"period-2-source-1\"><bdi lang=\"sv\">Testregionen: <a href=\"https://region.example/avgifter\">Patientavgifter i Testregionen</a></bdi>, ")
                && older.contains(read),
            "{lang}: the source is listed with the day it was read"
        );
        // The newest period has no example: no mark and no notice.
        let newest = &page[..page.find("fee-period-older").expect("older")];
        assert!(
            !newest.contains("figure-mark--example") && !newest.contains("notice--example"),
            "{lang}: no example mark where every figure is sourced"
        );
        let data = &page[page.find("data-fees=").expect("calculator data")..];
        let data =
            html_escape::decode_html_entities(&data[11..data[11..].find('"').expect("end") + 11])
                .into_owned();
        let json: serde_json::Value = serde_json::from_str(&data).expect("fee data");
        let flags: Vec<bool> = json["periods"]
            .as_array()
            .expect("periods")
            .iter()
            .map(|p| p["example"].as_bool().expect("example flag"))
            .collect();
        assert_eq!(
            flags,
            [true, false],
            "{lang}: the calculator knows which periods"
        );
    }
}

/// Ensure the bundled site's invented reviewers are called invented next to their names, on
/// every article page in every language, and a reviewer without the mark is shown plainly.
#[test]
fn invented_reviewers_are_called_invented_in_every_language() {
    let site = crate::harness::TestSite::bundled();
    site.build();
    let translations = crate::harness::repo().join("translations");
    for lang in ["sv", "en", "ar", "fa", "fi", "so"] {
        let text = std::fs::read_to_string(translations.join(format!("{lang}.yaml")))
            .expect("translations");
        let mark = text
            .lines()
            .find_map(|l| l.strip_prefix("article.reviewer_example: "))
            .expect("article.reviewer_example")
            .trim_matches('"')
            .to_string();
        // Article pages: a review footer, outside the health-centre directory.
        let articles: Vec<String> = walkdir::WalkDir::new(site.out().join(lang))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .filter(|e| !e.path().components().any(|c| c.as_os_str() == "clinics"))
            .map(|e| std::fs::read_to_string(e.path()).expect("page"))
            .filter(|p| p.contains("<footer class=\"article-meta\">"))
            .map(|p| html_escape::decode_html_entities(&p).into_owned())
            .collect();
        assert!(articles.len() >= 12, "{lang}: article pages");
        for page in &articles {
            assert!(
                page.contains(&mark),
                "{lang}: the invented reviewer is called invented"
            );
        }
    }
    let site = TestSite::new().article("a", "sv", &crate::harness::article("A", "", "Text.\n"));
    site.build();
    assert!(
        !site.read("sv/a/index.html").contains("påhittad"),
        "a reviewer the site sets is shown plainly"
    );
}
