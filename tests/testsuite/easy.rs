//! Easy-to-read versions (`<lang>.easy.md`): their page below the full version's, links both
//! ways, the mark in lists and A–Ö, the sitemap with alternates, their own kind in search,
//! translations made from them, and the LIX warning in `check`.

use crate::harness::{TestSite, article, vardguide};

fn easy_site() -> TestSite {
    TestSite::new()
        .article(
            "fever",
            "sv",
            &article(
                "Feber",
                "slug: feber\n",
                "Långa meningar om feber och hur den uppstår.\n",
            ),
        )
        .article(
            "fever",
            "sv.easy",
            &article("Feber", "", "Du har feber. Drick mycket vatten.\n"),
        )
        .article(
            "fever",
            "en",
            &article(
                "Fever",
                "slug: fever\ntranslated_from: {lang: sv, date: 2026-01-10}\n",
                "Long sentences about fever.\n",
            ),
        )
        .article(
            "fever",
            "en.easy",
            &article(
                "Fever",
                "translated_from: {lang: sv, version: easy, date: 2026-01-10}\n",
                "You have a fever. Drink water.\n",
            ),
        )
        .article("cough", "sv", &article("Hosta", "slug: hosta\n", "Text.\n"))
}

/// Ensure an easy-to-read version gets its own page below the full version's, linked both ways,
/// marked in the lists and A–Ö, in the sitemap with its alternate in another language, and in
/// search with its own kind.
#[test]
fn easy_version_page_links_lists_sitemap_and_search() {
    let site = easy_site();
    site.build();
    let easy = site.read("sv/feber/easy/index.html");
    assert!(
        easy.contains("<h1 id=\"article-title\">Feber</h1>"),
        "{easy}"
    );
    assert!(easy.contains("Du har feber."));
    assert!(
        easy.contains("<span class=\"easy-badge\">Lättläst</span> <a class=\"easy-switch\" href=\"/sv/feber/\">Läs hela texten</a>"),
        "the easy page links back to the full text"
    );
    assert!(
        easy.contains("hreflang=\"en\" href=\"https://vardguide.example/en/fever/easy/\""),
        "its alternate is the English easy-to-read version"
    );
    let full = site.read("sv/feber/index.html");
    assert!(
        full.contains("<a class=\"easy-switch\" href=\"/sv/feber/easy/\">Läs en lättläst version av texten</a>"),
        "the full text links to the easy version"
    );
    assert!(
        !full.contains("hreflang=\"en\" href=\"https://vardguide.example/en/fever/easy/\""),
        "the full text's alternates are full texts"
    );
    let cough = site.read("sv/hosta/index.html");
    assert!(
        !cough.contains("/easy/"),
        "no easy link without an easy version"
    );
    let a_o = site.read("sv/a-o/index.html");
    assert!(
        a_o.contains("<a class=\"easy-mark\" href=\"/sv/feber/easy/\">Lättläst<span class=\"visually-hidden\">: Feber</span></a>"),
        "A–Ö marks the easy version"
    );
    let kind = site.read("sv/kinds/symptom/index.html");
    assert!(kind.contains("class=\"easy-mark\" href=\"/sv/feber/easy/\""));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://vardguide.example/sv/feber/easy/</loc>"));
    assert!(sitemap.contains("<loc>https://vardguide.example/en/fever/easy/</loc>"));
    let out = site.out();
    let search = vardguide(
        &site,
        &[
            "search",
            "--lang",
            "sv",
            "vatten",
            "--json",
            "--out",
            &out.to_string_lossy(),
        ],
    );
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&search.stdout).expect("json");
    let hits = json["hits"].as_array().expect("hits");
    // Only the easy text says "vatten": it comes first, as its own kind.
    assert!(!hits.is_empty(), "{hits:?}");
    assert!(hits.iter().all(|h| h["url"] != "/sv/feber/"), "{hits:?}");
    assert_eq!(hits[0]["type"], "easy");
    assert_eq!(hits[0]["kind"], "Lättläst");
    assert_eq!(hits[0]["url"], "/sv/feber/easy/");
}

/// Ensure an easy-to-read version without the full text in its language is an error naming
/// its file, and that a `slug:` in one is ignored with a warning.
#[test]
fn easy_version_needs_its_full_text() {
    let site = TestSite::new().article("flu", "sv.easy", &article("Influensa", "", "Text.\n"));
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.file.ends_with("content/articles/flu/sv.easy.md")
                && e.message
                    .contains("needs the full article in the same language")),
        "{errors:?}"
    );
    let site = TestSite::new()
        .article("flu", "sv", &article("Influensa", "", "Text.\n"))
        .article(
            "flu",
            "sv.easy",
            &article("Influensa", "slug: x\n", "Text.\n"),
        );
    let report = site.build();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("`slug:` is ignored")),
        "{:?}",
        report.diagnostics
    );
    assert!(site.exists("sv/flu/easy/index.html"));
}

/// Ensure a translation made from the easy-to-read version follows that source: a later easy
/// text makes it possibly out of date (and its notice links to the easy source), a later full
/// text alone does not.
#[test]
fn translation_from_the_easy_version_follows_it() {
    let outdated = |site: &TestSite| {
        site.build()
            .diagnostics
            .iter()
            .filter(|d| {
                d.file.ends_with("en.easy.md") && d.message.contains("possibly out of date")
            })
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let site = easy_site();
    assert!(outdated(&site).is_empty());
    let site = site.edit(
        "content/articles/fever/sv.md",
        "slug: feber\n",
        "slug: feber\nupdated: 2026-03-01\n",
    );
    assert!(
        outdated(&site).is_empty(),
        "the full text is not its source"
    );
    let site = site.edit(
        "content/articles/fever/sv.easy.md",
        "reviewed: 2026-01-10\n",
        "reviewed: 2026-01-10\nupdated: 2026-03-01\n",
    );
    let warnings = outdated(&site);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("the sv easy-to-read original was updated 2026-03-01"),
        "{warnings:?}"
    );
    let page = site.read("en/fever/easy/index.html");
    assert!(
        page.contains("href=\"/sv/feber/easy/\" hreflang=\"sv\""),
        "the notice links to the easy-to-read source"
    );
}

/// Ensure `check` gives an easy-to-read version's LIX (worked out by hand here) and warns when it
/// is above 30, at the longest sentence's line.
#[test]
fn check_warns_on_a_hard_easy_version() {
    let site = TestSite::new()
        .article("a", "sv", &article("A", "", "Text.\n"))
        .article(
            "a",
            "sv.easy",
            &article(
                "A",
                "",
                "Barnet är feberfritt. Det får gå till förskolan.\n",
            ),
        );
    let out = vardguide(&site, &["check", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = json["report"]["readability"].as_array().expect("rows");
    let easy = rows
        .iter()
        .find(|r| r["easy"] == true)
        .expect("an easy row");
    // 8 words, 2 sentences, 2 long words (feberfritt, förskolan): 8/2 + 100·2/8 = 29.0.
    assert_eq!(easy["lix"], 29.0);
    let out = vardguide(&site, &["check"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("sv.easy.md: 29.0 easy"), "{text}");
    assert!(!text.contains("LIX of"), "29.0 is easy enough: {text}");

    let site = site.edit(
        "content/articles/a/sv.easy.md",
        "Barnet är feberfritt. Det får gå till förskolan.\n",
        "Kort.\n\nFebernedsättande läkemedel används försiktigt.\n",
    );
    // 5 words, 2 sentences, 4 long words: 5/2 + 100·4/5 = 82.5; the longest sentence is on line 11.
    let out = vardguide(&site, &["check"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("this easy-to-read version has a LIX of 82.5, above 30"),
        "{all}"
    );
    assert!(all.contains("content/articles/a/sv.easy.md:11"), "{all}");
    assert!(all.contains("line 11 (4 words)"), "{all}");
}
