//! Languages: lang/dir on every page, the switcher, hreflang, out-of-date translations, adding a
//! language without code, and sites served from a sub-path.

use crate::harness::{TestSite, article};

fn two_language_site() -> TestSite {
    TestSite::new()
        .article(
            "fever",
            "sv",
            &article("Feber", "slug: feber\nupdated: 2026-03-01\n", "Text\n"),
        )
        .article(
            "fever",
            "ar",
            &article(
                "الحمى",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "نص\n",
            ),
        )
        .article("cough", "sv", &article("Hosta", "slug: hosta\n", "Text\n"))
}

/// Ensure every HTML page carries lang and dir, with dir="rtl" for Arabic.
#[test]
fn lang_and_dir_on_every_page() {
    let site = two_language_site();
    site.build();
    for entry in walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(path).expect("read");
        let rel = path
            .strip_prefix(site.out())
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        // Each language's pages live in its folder; the root pages are the default language's.
        let lang = ["en", "ar", "fa", "fi", "so"]
            .into_iter()
            .find(|l| rel.starts_with(&format!("{l}/")))
            .unwrap_or("sv");
        let dir = if matches!(lang, "ar" | "fa") {
            "rtl"
        } else {
            "ltr"
        };
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{rel} lacks lang={lang} dir={dir}"
        );
    }
}

/// Ensure the switcher links translations, and marks a language's home page where there is none.
#[test]
fn switcher_and_hreflang() {
    let site = two_language_site();
    site.build();
    let html = site.read("sv/feber/index.html");
    assert!(
        html.contains("<a href=\"/ar/fever/\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English <span class=\"lang-note\">(home page, not translated)</span></a>"), "{html}");
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"sv\" href=\"https://vardguide.example/sv/feber/\">"
    ));
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"ar\" href=\"https://vardguide.example/ar/fever/\">"
    ));
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://vardguide.example/sv/feber/\">"));
    assert!(
        !html.contains("hreflang=\"en\" href=\"https://"),
        "no alternate for a missing translation"
    );
    let list = site.read("en/a-o/index.html");
    assert!(
        list.contains("<a href=\"/sv/a-o/\" hreflang=\"sv\""),
        "shared pages switch to the same page"
    );
}

/// Ensure a translation older than its source is marked on the page and listed by the build.
#[test]
fn outdated_translation() {
    let site = two_language_site();
    let report = site.build();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("possibly out of date") && d.file.ends_with("fever/ar.md"))
    );
    let html = site.read("ar/fever/index.html");
    assert!(html.contains("notice--outdated"));
    assert!(html.contains("href=\"/sv/feber/\" hreflang=\"sv\""));
    assert!(
        !site
            .read("sv/feber/index.html")
            .contains("notice--outdated")
    );
}

/// Ensure the Other languages page shows which articles exist in which language.
#[test]
fn other_languages_page() {
    let site = two_language_site();
    site.build();
    let html = site.read("sv/languages/index.html");
    assert!(html.contains("<caption id=\"coverage-caption\">Artiklar och språk</caption>"));
    assert!(html.contains("href=\"/ar/fever/\""));
    assert!(html.contains("Inte översatt"));
}

/// Ensure a new language (Somali) needs only site.yaml and a translations file.
#[test]
fn adding_a_language_needs_no_code() {
    let en =
        std::fs::read_to_string(crate::harness::repo().join("translations/en.yaml")).expect("en");
    let site = TestSite::new()
        .edit(
            "site.yaml",
            "  - code: ar\n",
            "  - code: ti\n    name: ትግርኛ\n    dir: ltr\n  - code: ar\n",
        )
        .edit(
            "site.yaml",
            "      ar: منطقة ستوكهولم",
            "      ar: منطقة ستوكهولم\n      ti: ዞባ ስቶክሆልም",
        )
        .edit(
            "site.yaml",
            "      ar: منطقة فاسترا يوتالاند",
            "      ar: منطقة فاسترا يوتالاند\n      ti: ዞባ ቨስትራ ዮታላንድ",
        )
        .edit(
            "site.yaml",
            "      ar: منطقة سكونه",
            "      ar: منطقة سكونه\n      ti: ዞባ ስኮነ",
        )
        .file(
            "translations/ti.yaml",
            &en.replace("Skip to content", "ናብ ትሕዝቶ ሕለፍ"),
        )
        .article("fever", "sv", &article("Feber", "", "x\n"))
        .article(
            "fever",
            "ti",
            &article(
                "ረስኒ",
                "translated_from: {lang: sv, date: 2026-01-10}\n",
                "x\n",
            ),
        );
    site.build();
    let html = site.read("ti/fever/index.html");
    assert!(html.contains("<html lang=\"ti\" dir=\"ltr\">"));
    assert!(html.contains("ናብ ትሕዝቶ ሕለፍ"));
    assert!(site.read("sv/fever/index.html").contains("ትግርኛ"));
}

/// Ensure every link works from a sub-path base_url.
#[test]
fn sub_path_base_url() {
    let site = two_language_site().base_url("https://example.org/halsa");
    site.build();
    let html = site.read("sv/feber/index.html");
    assert!(html.contains("href=\"/halsa/sv/hosta/\"") || !html.contains("hosta"));
    assert!(
        html.contains("href=\"/halsa/assets/style."),
        "assets under the sub-path"
    );
    assert!(html.contains("href=\"/halsa/ar/fever/\""));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/halsa/sv/feber/\">"));
    for (i, _) in html.match_indices("href=\"/") {
        assert!(
            html[i..].starts_with("href=\"/halsa/"),
            "link outside the sub-path: {}",
            &html[i..i + 40]
        );
    }
    assert!(site.read("index.html").contains("url=/halsa/sv/"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/halsa/sv/feber/</loc>")
    );
}

/// The letter headings of a built A–Ö page, in page order.
fn a_o_letters(site: &TestSite, lang: &str) -> Vec<String> {
    let html = site.read(&format!("{lang}/a-o/index.html"));
    html.split("<h2 id=\"letter-")
        .skip(1)
        .filter_map(|s| s.split_once('>').and_then(|(_, r)| r.split_once("</h2>")))
        .map(|(letter, _)| letter.to_string())
        .collect()
}

/// Ensure the bundled site's A–Ö pages group by the language's alphabet: Arabic titles without
/// their leading ال (so not everything lands under ا) unless it belongs to the word (التهاب), Persian in Persian order (پ after ب,
/// گ after ک), Finnish with å, ä, ö last.
#[test]
fn a_o_orders_on_the_bundled_site() {
    let site = TestSite::bundled();
    site.build();
    let ar = a_o_letters(&site, "ar");
    assert!(ar.len() > 5, "Arabic titles spread over letters: {ar:?}");
    let html = site.read("ar/a-o/index.html");
    assert!(
        html.contains(">الحمى عند البالغين</a>") || html.contains(">الحمى"),
        "titles are shown whole"
    );
    // The ال of التهاب (inflammation) is part of the word: those titles are under ا, while
    // الحمى (the fever) is under ح.
    let group = |letter: &str| -> String {
        let at = html
            .find(&format!(">{letter}</h2>"))
            .unwrap_or_else(|| panic!("no group {letter}"));
        let rest = &html[at..];
        rest[..rest[5..].find("<h2").map_or(rest.len(), |i| i + 5)].to_string()
    };
    let alif = group("ا");
    for title in [
        "التهاب الأذن",
        "التهاب المعدة والأمعاء",
        "التهاب الحلق العقدي",
        "التهاب المسالك البولية",
    ] {
        assert!(alif.contains(title), "{title} is filed under ا");
    }
    assert!(
        group("ح").contains("الحمى عند الأطفال"),
        "الحمى is filed under ح"
    );
    assert!(!group("ت").contains("التهاب"), "nothing of التهاب under ت");
    let fa_alphabet = "ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی";
    let order: Vec<&str> = fa_alphabet.split(' ').collect();
    let fa = a_o_letters(&site, "fa");
    let positions: Vec<usize> = fa
        .iter()
        .filter_map(|l| order.iter().position(|o| o == l))
        .collect();
    assert_eq!(
        positions.len(),
        fa.len(),
        "every Persian heading is a letter: {fa:?}"
    );
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{fa:?}");
    let fi = a_o_letters(&site, "fi");
    assert!(fi.windows(2).all(|w| w[0] != w[1]), "{fi:?}");
}

/// Ensure an unknown stemmer or normaliser in site.yaml is an error at its line with a suggestion.
#[test]
fn unknown_search_settings() {
    let errors = TestSite::new()
        .edit(
            "site.yaml",
            "search: {stemmer: finnish, normalise: [keep-nordic-letters]}",
            "search: {stemmer: finish, normalise: [keep-nordic-leters]}",
        )
        .build_err();
    let stemmer = errors
        .iter()
        .find(|d| d.message.contains("unknown stemmer `finish`"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert!(stemmer.position.is_some());
    assert!(
        stemmer
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `finnish`?")
    );
    let normaliser = errors
        .iter()
        .find(|d| {
            d.message
                .contains("unknown normaliser `keep-nordic-leters`")
        })
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert!(
        normaliser
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `keep-nordic-letters`?")
    );
}
