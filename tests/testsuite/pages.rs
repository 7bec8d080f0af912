//! The pages a site is made of: articles with care cards, lists, A–Ö, sitemap, images, drafts.

use crate::harness::{TestSite, article};

fn care_site() -> TestSite {
    TestSite::new()
        .article(
            "fever",
            "sv",
            &article(
                "Feber",
                "slug: feber\nrelated: [cough]\n",
                "## Om feber\n\nSe [hosta](article:cough).\n\n:::care emergency\nSvårt att andas.\n:::\n\n:::care selfcare\n- Vila\n:::\n\n:::region skane\nI Skåne gäller…\n:::\n\n![Termometer](thermo.png)\n",
            ),
        )
        .bytes("content/articles/fever/thermo.png", &crate::images::png(400, 300))
        .article("cough", "sv", &article("Hosta", "slug: hosta\n", "Text\n"))
        .article("cough", "en", &article("Cough", "slug: cough\ntranslated_from: {lang: sv, date: 2026-01-10}\n", "Text\n"))
}

/// Ensure an article page has its care cards with visible labels, screen-reader prefixes and a working 112 link.
#[test]
fn article_with_care_cards() {
    let site = care_site();
    site.build();
    let html = site.read("sv/feber/index.html");
    assert!(html.contains("<html lang=\"sv\" dir=\"ltr\">"));
    assert!(html.contains("class=\"care care--emergency\""));
    assert!(
        html.contains("<span class=\"visually-hidden\">Akut, fara för liv: </span>Ring 112</p>"),
        "{html}"
    );
    assert!(html.contains("href=\"tel:112\">Ring 112 nu</a>"));
    assert!(html.contains("Det här kan du göra själv"));
    assert!(html.contains("<p class=\"region-label\">Gäller i Region Skåne</p>"));
    assert!(
        html.contains("href=\"/sv/hosta/\""),
        "article link resolved"
    );
    assert!(html.contains("Granskad 10 januari 2026 av Karin Ek, Läkare."));
    assert!(
        html.contains("Texten granskas igen senast 10 januari 2028."),
        "default next review is 24 months later"
    );
    assert!(
        site.exists("images/fever/thermo-320.webp") && site.exists("images/fever/thermo-400.png"),
        "images are copied for the page"
    );
}

/// Ensure the lists by kind and topic, the topic index and the home page list the articles.
#[test]
fn lists_and_home() {
    let site = care_site();
    site.build();
    let list = site.read("sv/kinds/symptom/index.html");
    let (f, h) = (
        list.find("Feber").expect("Feber"),
        list.find("Hosta").expect("Hosta"),
    );
    assert!(f < h);
    assert!(list.contains("2 artiklar"));
    assert!(
        site.read("sv/topics/infections/index.html")
            .contains("href=\"/sv/feber/\"")
    );
    assert!(site.read("sv/topics/index.html").contains("Infektioner"));
    let home = site.read("sv/index.html");
    assert!(
        home.contains("href=\"tel:112\"") && home.contains("href=\"tel:1177\""),
        "1177 and 112 always visible"
    );
    assert!(
        site.read("en/kinds/symptom/index.html")
            .contains("1 article<"),
        "English singular"
    );
    assert!(
        site.read("ar/kinds/symptom/index.html")
            .contains("لا توجد مقالات"),
        "Arabic zero form"
    );
}

/// Ensure the A–Ö index sorts Swedish titles with å, ä and ö after z.
#[test]
fn a_to_o_in_swedish_order() {
    let site = TestSite::new()
        .article("a", "sv", &article("Ögoninflammation", "", "x\n"))
        .article("b", "sv", &article("Åksjuka", "", "x\n"))
        .article("c", "sv", &article("Zinkbrist", "", "x\n"))
        .article("d", "sv", &article("Ärr", "", "x\n"))
        .article("e", "sv", &article("Astma", "", "x\n"));
    site.build();
    let html = site.read("sv/a-o/index.html");
    let pos = |s: &str| {
        html.find(&format!(">{s}</a>"))
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    assert!(pos("Astma") < pos("Zinkbrist"));
    assert!(pos("Zinkbrist") < pos("Åksjuka"));
    assert!(pos("Åksjuka") < pos("Ärr"));
    assert!(pos("Ärr") < pos("Ögoninflammation"));
    assert!(
        html.contains("<span class=\"letter-empty\""),
        "letters without articles are shown but not linked"
    );
}

/// Ensure sitemap.xml lists every translation with hreflang alternates, and robots.txt points to it.
#[test]
fn sitemap_and_robots() {
    let site = care_site();
    site.build();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://vardguide.example/sv/hosta/</loc>"));
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://vardguide.example/en/cough/\""));
    assert!(
        sitemap.contains("hreflang=\"x-default\" href=\"https://vardguide.example/sv/hosta/\"")
    );
    assert!(
        !sitemap.contains("/en/feber/"),
        "untranslated articles have no English URL"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://vardguide.example/sitemap.xml")
    );
}

/// Ensure drafts are left out unless --drafts is given.
#[test]
fn drafts() {
    let site = TestSite::new().article("a", "sv", &article("Utkast", "draft: true\n", "x\n"));
    site.build();
    assert!(!site.exists("sv/a/index.html"));
    let site = site.drafts();
    site.build();
    assert!(site.exists("sv/a/index.html"));
}

/// Ensure the About page, 404 pages and root language chooser exist and work without JS.
#[test]
fn about_404_and_root() {
    let site = care_site();
    site.build();
    assert!(site.read("sv/about/index.html").contains("Om oss"));
    let en_about = site.read("en/about/index.html");
    assert!(
        en_about.contains("lang=\"sv\""),
        "untranslated page keeps its language"
    );
    assert!(en_about.contains("not available in English"));
    assert!(site.read("404.html").contains("Sidan finns inte"));
    assert!(site.exists("ar/404.html"));
    let root = site.read("index.html");
    assert!(root.contains("<meta http-equiv=\"refresh\" content=\"0; url=/sv/\">"));
    for lang in ["sv", "en", "ar"] {
        assert!(
            root.contains(&format!("href=\"/{lang}/\"")),
            "root lists {lang}"
        );
    }
    assert!(!root.contains("<script"));
}

/// Ensure the bundled starter site builds without warnings and meets the content minimums.
#[test]
fn bundled_site() {
    let site = TestSite::bundled();
    let report = site.build();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let count = |lang: &str| {
        std::fs::read_dir(site.root().join("content/articles"))
            .expect("dir")
            .filter(|e| {
                e.as_ref()
                    .map(|e| e.path().join(format!("{lang}.md")).exists())
                    .unwrap_or(false)
            })
            .count()
    };
    assert!(
        count("sv") >= 30 && count("en") >= 30 && count("ar") >= 10,
        "sv {} en {} ar {}",
        count("sv"),
        count("en"),
        count("ar")
    );
    for kind in ["symptom", "illness", "treatment", "advice"] {
        assert!(site.exists(&format!("sv/kinds/{kind}/index.html")));
    }
    // Every article page stays under 30 KB gzipped with its CSS.
    let css: u64 = std::fs::read_dir(site.out().join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_string_lossy().ends_with(".css.gz")
                && e.file_name().to_string_lossy().starts_with("style")
        })
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    let page = std::fs::metadata(site.out().join("sv/feber-hos-vuxna/index.html.gz"))
        .expect("gz page")
        .len();
    assert!(
        page + css < 30 * 1024,
        "article page + CSS = {} bytes gzipped",
        page + css
    );
}

/// Ensure the bundled library has every article in Swedish, English and Arabic.
#[test]
fn sv_en_ar_have_the_same_articles() {
    let keys = |lang: &str| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(crate::harness::repo().join("content/articles"))
            .expect("articles")
            .flatten()
            .filter(|e| e.path().join(format!("{lang}.md")).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let sv = keys("sv");
    assert!(sv.len() >= 30);
    assert_eq!(keys("en"), sv, "en");
    assert_eq!(keys("ar"), sv, "ar");
}
