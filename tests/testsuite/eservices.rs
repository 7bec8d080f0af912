//! E-services: every service reachable in every language, per-unit links checked by the build.

use crate::harness::{TestSite, expect_error};

/// Ensure every configured service has a page in every language, linked from the overview.
#[test]
fn every_service_in_every_language() {
    let site = TestSite::bundled();
    site.build();
    for lang in ["sv", "en", "ar"] {
        let overview = site.read(&format!("{lang}/eservices/index.html"));
        for id in [
            "book",
            "rebook",
            "cancel",
            "renew-prescription",
            "register",
            "journal",
            "high-cost-status",
        ] {
            assert!(
                overview.contains(&format!("href=\"/{lang}/eservices/{id}/\"")),
                "{lang} overview lacks {id}"
            );
            let page = site.read(&format!("{lang}/eservices/{id}/index.html"));
            assert!(
                page.contains(
                    "class=\"login-action\" href=\"https://e-tjanster.vardguide.example/"
                ),
                "{lang} {id}"
            );
            assert!(
                page.contains("href=\"tel:1177\"") && page.contains("href=\"tel:112\""),
                "a way forward without BankID on {lang} {id}"
            );
        }
    }
    let sv = site.read("sv/eservices/book/index.html");
    assert!(sv.contains("Logga in för att boka tid"));
    let fees = std::fs::read_to_string(crate::harness::repo().join("content/fees/stockholm.yaml"))
        .expect("fees");
    let fee = fees
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("no_show_fee: "))
        .expect("no_show_fee");
    // `400` or `{value: 400, source: …}`.
    let fee: String = fee
        .trim_start_matches("{value: ")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(
        sv.contains(&format!("Region Stockholm: {fee} kr")),
        "the no-show fee comes from the region's fee data"
    );
}

/// Ensure a unit's page links each service with its HSA-id, the page language and a return URL.
#[test]
fn unit_links() {
    let site = TestSite::bundled();
    site.build();
    let html = site.read("en/clinics/ekbrynet-farsta/index.html");
    let start = html.find("data-service=\"book\"").expect("book link");
    let href_start = html[..start].rfind("href=\"").expect("href") + 6;
    let href = &html[href_start..href_start + html[href_start..].find('"').expect("end")];
    let url = url::Url::parse(&href.replace("&amp;", "&")).expect("url");
    let params: std::collections::BTreeMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(url.path(), "/booking/new");
    assert!(params["unit"].starts_with("SE") && params["unit"].contains('-'));
    assert_eq!(params["lang"], "en");
    assert_eq!(
        params["return"],
        "https://vardguide.example/en/clinics/ekbrynet-farsta/"
    );
    assert_eq!(params.len(), 3, "no other data in the link");
    assert!(html.contains("No personal identity number or BankID?"));
}

/// Ensure a unit offering a service the backend has no template for is an error at the unit's line.
#[test]
fn unit_offers_unknown_service() {
    let clinic = std::fs::read_to_string(
        crate::harness::repo().join("content/clinics/ekbrynet-farsta.yaml"),
    )
    .expect("clinic");
    let line = clinic
        .lines()
        .position(|l| l.starts_with("eservices:"))
        .expect("eservices line")
        + 1;
    let broken = clinic.replacen("eservices: [", "eservices: [video-visit, ", 1);
    let errors = TestSite::new()
        .file("content/clinics/ekbrynet-farsta.yaml", &broken)
        .build_err();
    let d = expect_error(
        &errors,
        "unknown eservices key `video-visit`",
        "content/clinics/ekbrynet-farsta.yaml",
        Some(line),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("the booking backend has templates"),
        "{d}"
    );
}

/// Ensure template problems in site.yaml are build errors naming the line.
#[test]
fn template_errors_name_the_line() {
    let site = TestSite::new().edit(
        "site.yaml",
        "\"{+backend}/journal{?lang,return}\"",
        "\"{+backend}/journal{?lang,return,personnummer}\"",
    );
    let errors = site.build_err();
    let text = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let line = text
        .lines()
        .position(|l| l.contains("personnummer"))
        .expect("line")
        + 1;
    expect_error(
        &errors,
        "uses `{personnummer}`, which no page can fill",
        "site.yaml",
        Some(line),
    );
    let errors = TestSite::new()
        .edit(
            "site.yaml",
            "backend: https://e-tjanster.vardguide.example",
            "backend: http://e-tjanster.vardguide.example",
        )
        .build_err();
    assert!(
        errors.iter().any(|d| d.message.contains("is not https")
            && d.file == std::path::Path::new("site.yaml")
            && d.position.is_some()),
        "{errors:?}"
    );
}
