//! The built search indexes, queried natively with the same code the browser runs.

use std::sync::OnceLock;

use vardguide::index::search::{SearchError, search_built_site};

use crate::harness::TestSite;

/// The bundled site, built once for all search tests.
fn site() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::bundled();
        site.build();
        site
    })
}

/// The first hit for `query` in the bundled site's `lang` index.
fn top(lang: &str, query: &str) -> vardguide_search::search::Hit {
    let r = search_built_site(&site().out(), lang, query, 5)
        .unwrap_or_else(|e| panic!("{lang} {query}: {e}"));
    r.hits
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no result for {query:?} in {lang}"))
}

fn first(lang: &str, query: &str) -> (String, String) {
    let hit = top(lang, query);
    (hit.title, hit.doc_type)
}

/// Ensure Swedish stemming, typo tolerance and phrases find the right article first.
#[test]
fn swedish() {
    assert_eq!(first("sv", "feber").0, "Feber hos vuxna");
    assert_eq!(first("sv", "hovudvärk").0, "Huvudvärk", "one letter wrong");
    assert_eq!(first("sv", "\"ont i halsen\"").0, "Ont i halsen");
    let r = search_built_site(&site().out(), "sv", "behandlingar", 10).expect("search");
    assert!(
        r.hits
            .iter()
            .any(|h| h.snippet.contains("<mark>behandling</mark>")
                || h.snippet.contains("<mark>behandlingen</mark>")),
        "stemming: behandlingar finds behandling"
    );
}

/// Ensure English typo tolerance and prefix matching of the word being typed.
#[test]
fn english() {
    assert_eq!(first("en", "fevr").0, "Fever in adults");
    assert_eq!(first("en", "sore thr").0, "Sore throat");
}

/// Ensure Arabic normalisation: prefixes, alef forms and tashkeel do not stop a match.
#[test]
fn arabic() {
    assert_eq!(first("ar", "الصداع").0, "الصداع");
    assert_eq!(first("ar", "والصداع").0, "الصداع", "و + ال prefix");
    assert_eq!(first("ar", "صُداع").0, "الصداع", "tashkeel");
}

/// Ensure health centres are in the index with their own type.
#[test]
fn clinics() {
    let (title, kind) = first("sv", "vårdcentral solna");
    assert_eq!(kind, "clinic", "{title}");
}

/// Ensure an index of another format version is refused with a clear message.
#[test]
fn format_version_is_checked() {
    let site = TestSite::new();
    site.build();
    let manifest = site.out().join("sv/search/manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let current = format!("\"format\": {}", vardguide_search::FORMAT_VERSION);
    assert!(text.contains(&current), "{text}");
    std::fs::write(&manifest, text.replace(&current, "\"format\": 999")).expect("write");
    let err = search_built_site(&site.out(), "sv", "feber", 5).expect_err("must refuse");
    assert!(
        matches!(err, SearchError::Format { found: 999, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("rebuild the site"));
}

/// Ensure odd queries never fail.
#[test]
fn odd_queries() {
    for q in [
        "",
        "(((",
        "\"",
        "\"feber",
        "🤒🤒",
        "a b c d e f g h i j k l",
        &"x".repeat(5000),
        "AND OR NOT",
        "title:feber",
    ] {
        search_built_site(&site().out(), "sv", q, 5).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
}

/// Ensure Persian normalisation: Arabic yeh and kaf typed for Persian ones, a word typed without
/// its zero-width non-joiner, and Persian digits all find the article.
#[test]
fn persian() {
    assert_eq!(
        first("fa", "كودك بيمار").0,
        "وقتی کودک بیمار است",
        "Arabic ي and ك"
    );
    assert_eq!(
        first("fa", "آنتیبیوتیک").0,
        "آنتی\u{200c}بیوتیک",
        "no zero-width non-joiner"
    );
    assert_eq!(first("fa", "۱۱۷۷").0, "تماس با 1177 برای مشاوره پزشکی");
}

/// Ensure Finnish stemming finds the base form from an inflected one.
#[test]
fn finnish() {
    assert_eq!(first("fi", "kuumeen").0, "Kuume aikuisella");
    assert_eq!(first("fi", "kurkkukivun").0, "Kurkkukipu");
    assert_eq!(first("fi", "yskän").0, "Yskä");
}

/// Ensure Somali, without a stemmer, folds accents and case and matches the word being typed.
#[test]
fn somali() {
    assert_eq!(first("so", "QUFAC").0, "Qufac");
    assert_eq!(
        first("so", "antibiyootík").0,
        "Antibiyootiko",
        "accent and prefix"
    );
}

/// The search module every visitor downloads before a first query. The budget is the size the
/// module has now (278.4 KiB with the 2026-12-07 build) rounded up, so a change that makes it grow
/// fails here and has to argue for the bytes. What it was before: 462.9 KiB, when every boxed
/// tantivy query linked a regular-expression engine and its Unicode tables through its `Debug`
/// output (`crates/search/src/query.rs`, BENCHMARKS.md); 320.0 KiB with one unrolled copy of the
/// bit-unpacking code per bit width (the `bitpacking` profile override in Cargo.toml).
#[test]
fn search_module_stays_within_its_size_budget() {
    const BUDGET_BROTLI: u64 = 285 * 1024;
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/search-wasm/dist");
    let br = std::fs::metadata(dist.join("vardguide-search.wasm.br"))
        .expect("the committed search module's brotli copy")
        .len();
    assert!(
        br <= BUDGET_BROTLI,
        "crates/search-wasm/dist/vardguide-search.wasm.br is {br} bytes, over its budget of \
         {BUDGET_BROTLI}: find what grew (twiggy top) before raising the budget"
    );
    let raw = std::fs::metadata(dist.join("vardguide-search.wasm"))
        .expect("the committed search module")
        .len();
    assert!(
        br < raw / 3,
        "the brotli copy is really compressed ({br} of {raw} bytes)"
    );
}

/// Ensure the site's own services are found: the fee pages (high-cost protection), the
/// e-services and the plain pages, each with its own kind, in Swedish and Arabic.
#[test]
fn services_and_pages() {
    for (lang, query, url, doc_type) in [
        ("sv", "frikort", "/sv/fees/", "fees"),
        ("sv", "högkostnadsskydd", "/sv/fees/", "fees"),
        ("sv", "avgift", "/sv/fees/", "fees"),
        ("sv", "omboka", "/sv/eservices/rebook/", "eservice"),
        ("sv", "boka tid", "/sv/eservices/book/", "eservice"),
        ("sv", "BankID", "/sv/eservices/book/", "eservice"),
        ("sv", "tillgänglighet", "/sv/accessibility/", "page"),
        ("ar", "رسوم", "/ar/fees/", "fees"),
    ] {
        let hit = top(lang, query);
        assert_eq!(
            (hit.url.as_str(), hit.doc_type.as_str()),
            (url, doc_type),
            "{lang} {query}"
        );
    }
    let r = search_built_site(&site().out(), "sv", "frikort", 10).expect("search");
    assert!(
        r.hits
            .iter()
            .any(|h| h.url == "/sv/fees/skane/" && h.kind == "Avgifter"),
        "each region's fee page, with its kind shown"
    );
}

/// Ensure an article's `keywords:` are searchable though its text never uses them, and are not
/// shown on the page.
#[test]
fn keywords_are_searched_not_shown() {
    let site = TestSite::new().article(
        "fever",
        "sv",
        &crate::harness::article("Feber", "keywords: [temperaturstegring]\n", "Text.\n"),
    );
    site.build();
    let r = search_built_site(&site.out(), "sv", "temperaturstegring", 5).expect("search");
    assert_eq!(r.hits.first().map(|h| h.title.as_str()), Some("Feber"));
    assert!(
        !site
            .read("sv/fever/index.html")
            .contains("temperaturstegring")
    );
}

/// Ensure the editors' keywords rank what a word means over a title that only contains it:
/// Arabic "حمى" (fever) finds the fever articles before "حمّى القش" (hay fever), and the whole
/// name still finds hay fever first.
#[test]
fn arabic_fever_before_hay_fever() {
    let r = search_built_site(&site().out(), "ar", "حمى", 5).expect("search");
    let urls: Vec<&str> = r.hits.iter().map(|h| h.url.as_str()).collect();
    let hay = urls.iter().position(|u| *u == "/ar/hay-fever/");
    let fever = urls.iter().position(|u| u.starts_with("/ar/fever-"));
    assert!(
        fever.is_some() && (hay.is_none() || fever < hay),
        "{urls:?}"
    );
    assert_eq!(top("ar", "حمى القش").url, "/ar/hay-fever/");
}
