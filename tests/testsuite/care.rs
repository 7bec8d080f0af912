//! Health centres, regions and fees: schema errors with file and line, JSON-LD, finder data,
//! hours and fee tables on the built pages.

use crate::harness::{TestSite, expect_error};

const CLINIC: &str = "hsa_id: SE2321000016-TEST1
name: Vårdcentralen Test
type: vardcentral
region: stockholm
municipality: Solna
address:
  street: Testvägen 1
  postcode: \"171 64\"
  city: Solna
geo: {lat: 59.36, lon: 18.00}
phone: \"08-555 123 40\"
website: https://test.example
hours:
  - days: [mon, tue, wed, thu, fri]
    opens: \"08:00\"
    closes: \"12:00\"
  - days: [mon, tue, wed, thu, fri]
    opens: \"13:00\"
    closes: \"17:00\"
special_hours:
  - date: 2026-12-24
    closed: true
services: [doctor, nurse]
languages: [sv, en]
accessibility: [wheelchair]
listing_open: true
eservices: [book]
updated: 2026-10-01
example: false
";

fn clinic_site(text: &str) -> TestSite {
    TestSite::new().file("content/clinics/test.yaml", text)
}

fn clinic_error(from: &str, to: &str, needle: &str, line: usize) {
    let errors = clinic_site(&CLINIC.replace(from, to)).build_err();
    expect_error(&errors, needle, "content/clinics/test.yaml", Some(line));
}

/// Ensure a malformed HSA-id is reported on its line.
#[test]
fn malformed_hsa_id() {
    clinic_error("SE2321000016-TEST1", "SE23210-TEST1", "is not an HSA-id", 1);
}

/// Ensure two units with one HSA-id are reported.
#[test]
fn duplicate_hsa_id() {
    let errors = clinic_site(CLINIC)
        .file("content/clinics/other.yaml", CLINIC)
        .build_err();
    expect_error(
        &errors,
        "HSA-id `SE2321000016-TEST1` is also used by content/clinics/other.yaml",
        "content/clinics/test.yaml",
        Some(1),
    );
}

/// Ensure impossible times and closing before opening are reported with a fix.
#[test]
fn invalid_times() {
    clinic_error(
        "closes: \"12:00\"",
        "closes: \"25:00\"",
        "`25:00` is not a time of day",
        16,
    );
    clinic_error(
        "opens: \"13:00\"",
        "opens: \"17:00\"",
        "closes at 17:00, the same time it opens (17:00)",
        18,
    );
}

/// Ensure hours past midnight can be one range (opens 18:00, closes 02:00): shown that way, with
/// times written as the language writes them, and in JSON-LD as schema.org reads them.
#[test]
fn hours_past_midnight() {
    let site = clinic_site(&CLINIC.replace(
        "special_hours:",
        "  - days: [fri]\n    opens: \"18:00\"\n    closes: \"02:00\"\nspecial_hours:",
    ));
    site.build();
    let sv = site.read("sv/clinics/test/index.html");
    assert!(
        sv.contains("<th scope=\"row\">fredag</th><td><bdi dir=\"ltr\" class=\"ltr\">08.00–12.00, 13.00–17.00, 18.00–02.00</bdi></td>"),
        "{sv}"
    );
    let en = site.read("en/clinics/test/index.html");
    assert!(en.contains("18:00–02:00"), "English writes 18:00");
    assert!(
        en.contains("\"closes\":\"02:00\",\"dayOfWeek\":[\"Friday\"],\"opens\":\"18:00\""),
        "{en}"
    );
}

/// Ensure unknown vocabulary keys, regions and spoken languages are reported with suggestions.
#[test]
fn unknown_keys() {
    clinic_error(
        "services: [doctor, nurse]",
        "services: [doctor, nurs]",
        "unknown services key `nurs`",
        23,
    );
    clinic_error(
        "region: stockholm",
        "region: stockholmm",
        "unknown region `stockholmm`",
        4,
    );
    clinic_error(
        "languages: [sv, en]",
        "languages: [sv, xx]",
        "unknown languages key `xx`",
        24,
    );
    clinic_error(
        "type: vardcentral",
        "type: vårdcentral",
        "unknown unit type `vårdcentral`",
        3,
    );
}

/// Ensure a misspelt weekday is one error on its line with the valid days and a suggestion.
#[test]
fn misspelt_weekday() {
    let errors =
        clinic_site(&CLINIC.replacen("days: [mon, tue,", "days: [mon, tuee,", 1)).build_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = expect_error(
        &errors,
        "`tuee` is not a valid value",
        "content/clinics/test.yaml",
        Some(14),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `tue`?"),
        "{d}"
    );
}

/// Ensure a phone number that is neither Swedish nor E.164 is reported.
#[test]
fn invalid_phone() {
    clinic_error(
        "\"08-555 123 40\"",
        "\"555 123\"",
        "is not a phone number",
        11,
    );
}

/// Ensure a misspelt field in a clinic file gets a suggestion.
#[test]
fn unknown_clinic_field() {
    let errors = clinic_site(&CLINIC.replace("listing_open:", "listing_opn:")).build_err();
    let d = expect_error(
        &errors,
        "unknown field `listing_opn`",
        "content/clinics/test.yaml",
        Some(26),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `listing_open`"),
        "{d}"
    );
}

const FEES: &str = "region: stockholm
sources:
  test:
    publisher: Testregionen
    title: Avgifter
    url: https://region.example/avgifter
    read: 2026-12-01
periods:
  - valid_from: 2025-01-01
    valid_to: 2025-12-31
    source: test
    visits:
      - type: doctor-health-centre
        amount: 200
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
    example: false
  - valid_from: 2026-01-01
    source: test
    visits:
      - type: doctor-health-centre
        amount: 250
    free_under_age: 20
    free_from_age: 85
    no_show_fee: 400
    high_cost:
      outpatient_ceiling: 1500
      medicines:
        ceiling: 1650
        steps:
          - up_to: 1000
            share: 100
          - up_to: 2300
            share: 50
    example: true
receipts: keep
";

/// Ensure overlapping fee periods, negative amounts, steps that miss their ceiling and a visit
/// type listed twice in a period are reported on their lines.
#[test]
fn fee_errors() {
    let errors = TestSite::new()
        .file(
            "content/fees/stockholm.yaml",
            &FEES.replace("valid_to: 2025-12-31", "valid_to: 2026-01-31"),
        )
        .build_err();
    expect_error(
        &errors,
        "the period from 2025-01-01 overlaps the period from 2026-01-01",
        "content/fees/stockholm.yaml",
        Some(9),
    );
    let errors = TestSite::new()
        .file(
            "content/fees/stockholm.yaml",
            &FEES.replace("amount: 250", "amount: -250"),
        )
        .build_err();
    expect_error(
        &errors,
        "negative amount -250",
        "content/fees/stockholm.yaml",
        Some(32),
    );
    let errors = TestSite::new()
        .file(
            "content/fees/stockholm.yaml",
            &FEES.replacen("ceiling: 1650", "ceiling: 1700", 1),
        )
        .build_err();
    expect_error(
        &errors,
        "does not match its steps",
        "content/fees/stockholm.yaml",
        Some(21),
    );
    // Two rows of one visit type in a period would both be shown and both reach the calculator.
    let errors = TestSite::new()
        .file(
            "content/fees/stockholm.yaml",
            &FEES.replace(
                "      - type: doctor-health-centre\n        amount: 250\n",
                "      - type: doctor-health-centre\n        amount: 250\n      - type: doctor-health-centre\n        amount: 9999\n",
            ),
        )
        .build_err();
    expect_error(
        &errors,
        "the period from 2026-01-01 lists the visit type `doctor-health-centre` twice",
        "content/fees/stockholm.yaml",
        Some(33),
    );
}

/// Ensure a clinic page has a tel: link, an hours table, a map link that loads nothing, and valid MedicalClinic JSON-LD.
#[test]
fn clinic_page_and_json_ld() {
    let site = clinic_site(CLINIC).file("content/fees/stockholm.yaml", FEES);
    site.build();
    let html = site.read("sv/clinics/test/index.html");
    assert!(html.contains(
        "href=\"tel:+46855512340\"><bdi dir=\"ltr\" class=\"ltr\">08-555 123 40</bdi></a>"
    ));
    assert!(
        html.contains("<th scope=\"row\">måndag</th><td><bdi dir=\"ltr\" class=\"ltr\">08.00–12.00, 13.00–17.00</bdi></td>"),
        "lunch closure shown as two ranges"
    );
    assert!(html.contains("<th scope=\"row\">söndag</th><td>Stängt</td>"));
    assert!(html.contains("<th scope=\"row\">24 december 2026</th><td>Stängt</td>"));
    assert!(
        html.contains("href=\"https://www.openstreetmap.org/?mlat=59.36&amp;mlon=18"),
        "a plain link, no embedded map"
    );
    assert!(!html.contains("<iframe"));
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("end");
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "MedicalClinic");
    assert_eq!(ld["identifier"], "SE2321000016-TEST1");
    assert_eq!(ld["telephone"], "+46855512340");
    assert_eq!(ld["address"]["@type"], "PostalAddress");
    assert_eq!(ld["geo"]["@type"], "GeoCoordinates");
    let hours = ld["openingHoursSpecification"].as_array().expect("hours");
    assert_eq!(hours.len(), 2);
    assert_eq!(hours[0]["@type"], "OpeningHoursSpecification");
    assert_eq!(hours[0]["dayOfWeek"][0], "Monday");
    assert_eq!(hours[1]["opens"], "13:00");
    assert_eq!(
        ld["specialOpeningHoursSpecification"][0]["validFrom"],
        "2026-12-24"
    );
    assert_eq!(ld["isAcceptingNewPatients"], true);
}

/// Ensure the finder lists units by region and municipality without JS and ships compact filter data.
#[test]
fn finder_and_data() {
    let site = clinic_site(CLINIC);
    site.build();
    let html = site.read("en/clinics/index.html");
    assert!(html.contains(
        "<h2 id=\"region-stockholm\"><a href=\"/en/regions/stockholm/\">Stockholm Region</a></h2>"
    ));
    assert!(html.contains("<h3>Solna</h3>"));
    assert!(html.contains("href=\"/en/clinics/test/\">Vårdcentralen Test</a>"));
    let data: serde_json::Value =
        serde_json::from_str(&site.read("en/clinics/data.json")).expect("data.json");
    let unit = &data["units"][0];
    assert_eq!(unit["id"], "test");
    assert_eq!(unit["hours"][0]["days"], serde_json::json!([1, 2, 3, 4, 5]));
    assert_eq!(unit["hours"][0]["opens"], "08:00");
    assert_eq!(unit["special"][0]["closed"], true);
    assert_eq!(data["labels"]["services"]["nurse"], "Nurse");
}

/// Ensure the fee page shows a real table with caption and headers, newest period first, and the calculator's data.
#[test]
fn fee_page() {
    let site = TestSite::new().file("content/fees/stockholm.yaml", FEES);
    site.build();
    let html = site.read("sv/fees/stockholm/index.html");
    assert!(html.contains(
        "<caption>Patientavgifter i Region Stockholm: Gäller från 1 januari 2026</caption>"
    ));
    assert!(
        html.find("Gäller från 1 januari 2026")
            .unwrap_or(usize::MAX)
            < html
                .find("Gäller 1 januari 2025 till 31 december 2025")
                .unwrap_or(0)
    );
    assert!(html.contains("<th scope=\"row\">Läkarbesök på vårdcentral</th><td><bdi dir=\"ltr\" class=\"ltr\">250</bdi> kr <span class=\"figure-mark figure-mark--example\">(exempel)</span></td>"));
    assert!(
        html.contains("Högkostnadsskydd för öppenvård: högst 1\u{a0}500 kr på 12 månader."),
        "amounts grouped the Swedish way"
    );
    assert!(
        site.read("en/fees/stockholm/index.html")
            .contains("at most SEK 1,500"),
        "and the English way"
    );
    assert!(html.contains("data-fees=\"{"));
    // Only the 2026 period is example data in this fixture: one notice, on that period.
    assert_eq!(html.matches("notice--example").count(), 1, "{html}");
    assert!(
        html.contains("Spara dina kvitton"),
        "the region's receipts rule"
    );
    assert!(
        html.contains("räknas inte in i högkostnadsskyddet"),
        "no-show note"
    );
    assert!(
        site.read("sv/fees/index.html")
            .contains("href=\"/sv/fees/stockholm/\"")
    );
}

/// Ensure the bundled directory meets the starter-data minimums.
#[test]
fn bundled_directory() {
    let site = TestSite::bundled();
    site.build();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("sv/clinics/data.json")).expect("data.json");
    let units = data["units"].as_array().expect("units");
    assert!(units.len() >= 40);
    let regions: std::collections::BTreeSet<_> = units
        .iter()
        .map(|u| u["region"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(regions.len() >= 3);
    assert!(
        site.read("sv/about/index.html")
            .to_lowercase()
            .contains("exempel"),
        "the About page says the data are examples"
    );
}

/// Ensure example data says so in the reader's language: the bundled fee pages and health-centre
/// pages carry a translated notice in sv, en and ar, and the bundled units use the fictional
/// phone range and HSA-id prefix.
#[test]
fn example_data_is_labelled() {
    let site = TestSite::bundled();
    site.build();
    for (lang, label) in [
        ("sv", "Exempeldata."),
        ("en", "Example data."),
        ("ar", "بيانات توضيحية."),
    ] {
        for page in [
            format!("{lang}/fees/stockholm/index.html"),
            format!("{lang}/clinics/ekbrynet-farsta/index.html"),
            format!("{lang}/clinics/index.html"),
        ] {
            let html = site.read(&page);
            assert!(
                html.contains(&format!("<strong>{label}</strong>")),
                "{page} has no example-data notice"
            );
        }
    }
    let data: serde_json::Value =
        serde_json::from_str(&site.read("sv/clinics/data.json")).expect("data.json");
    for unit in data["units"].as_array().expect("units") {
        let tel = unit["tel"].as_str().unwrap_or_default();
        let n: u32 = tel
            .strip_prefix("+4670174")
            .and_then(|rest| rest.parse().ok())
            .unwrap_or(0);
        assert!(
            (605..=699).contains(&n),
            "{tel} is outside PTS's 070-174 06 05–99 range for fiction"
        );
    }
}

/// Ensure emergency departments and out-of-hours clinics say nothing about accepting new
/// patients, on their page, in JSON-LD and in the finder.
#[test]
fn units_without_a_list() {
    let site = TestSite::bundled();
    site.build();
    let html = site.read("sv/clinics/alvbagens-sjukhus-akutmottagning/index.html");
    assert!(!html.contains("class=\"listing"), "no listing line");
    assert!(!html.contains("isAcceptingNewPatients"));
    let finder = site.read("sv/clinics/index.html");
    let unit = finder
        .split("data-id=\"alvbagens-sjukhus-akutmottagning\"")
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .expect("unit in finder");
    assert!(!unit.contains("listing-closed"), "{unit}");
    let clinic = site.read("sv/clinics/ekbrynet-farsta/index.html");
    assert!(clinic.contains("isAcceptingNewPatients"));
}

/// A script of the bundled theme.
fn theme_script(name: &str) -> String {
    let path = crate::harness::repo()
        .join("themes/default/static/js")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names a script's `export const NAME = [...]` lists.
fn js_list(script: &str, name: &str) -> std::collections::BTreeSet<String> {
    let start = script
        .find(&format!("export const {name} = ["))
        .unwrap_or_else(|| panic!("`export const {name}` in the script"));
    let list = &script[start..];
    let list = &list[list.find('[').expect("[") + 1..list.find(']').expect("]")];
    list.split(',')
        .map(|s| s.trim().trim_matches('\'').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every fee period has the fields `fees.js` lists (`PERIOD_FIELDS` and the lists beside it), and
/// each listed field is read somewhere in `fees.js` or `calculator.js`.
fn check_periods(periods: &serde_json::Value, page: &std::path::Path) {
    let fees = theme_script("fees.js");
    let calculator = theme_script("calculator.js");
    // Each list read from the script once.
    let lists: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> = [
        "PERIOD_FIELDS",
        "VISIT_FEE_FIELDS",
        "HIGH_COST_FIELDS",
        "LADDER_FIELDS",
        "OLDER_LADDER_FIELDS",
        "STEP_FIELDS",
    ]
    .into_iter()
    .map(|name| (name, js_list(&fees, name)))
    .collect();
    let list = |name: &str| &lists[name];
    for field in lists.values().flatten() {
        let read = [format!(".{field}"), format!("{{ {field} }}")];
        assert!(
            read.iter()
                .any(|r| fees.contains(r.as_str()) || calculator.contains(r.as_str())),
            "`{field}` is listed in fees.js but never read"
        );
    }
    let has = |value: &serde_json::Value, name: &str, at: &str| {
        for field in list(name) {
            assert!(
                value.get(field).is_some(),
                "{}: {at} lacks `{field}` ({name} in fees.js)",
                page.display()
            );
        }
    };
    let ladder = |value: &serde_json::Value, name: &str, at: &str| {
        has(value, name, at);
        for step in value["steps"].as_array().expect("steps") {
            has(step, "STEP_FIELDS", &format!("{at}.steps[]"));
        }
    };
    let periods = periods.as_array().expect("periods");
    assert!(!periods.is_empty(), "{}: no fee period", page.display());
    for (i, period) in periods.iter().enumerate() {
        let at = format!("periods[{i}]");
        has(period, "PERIOD_FIELDS", &at);
        for visit in period["visits"].as_array().expect("visits") {
            has(visit, "VISIT_FEE_FIELDS", &format!("{at}.visits[]"));
        }
        let high_cost = &period["high_cost"];
        has(high_cost, "HIGH_COST_FIELDS", &format!("{at}.high_cost"));
        ladder(
            &high_cost["medicines"],
            "LADDER_FIELDS",
            &format!("{at}.high_cost.medicines"),
        );
        if let Some(older) = high_cost.get("medicines_started_before") {
            ladder(
                older,
                "OLDER_LADDER_FIELDS",
                &format!("{at}.high_cost.medicines_started_before"),
            );
        }
    }
}

/// Ensure the finder's data and the scripts that read it agree: every unit of the bundled site's
/// data.json has exactly the fields `finder-data.js` lists (a field renamed on either side fails
/// here), the label groups match, and the hours have the shape `hours.js` reads, on the finder
/// data and on each unit's page.
#[test]
fn finder_data_matches_what_the_scripts_read() {
    let site = TestSite::bundled();
    site.build();
    let script = theme_script("finder-data.js");
    let unit_fields = js_list(&script, "UNIT_FIELDS");
    let label_groups = js_list(&script, "LABEL_GROUPS");
    assert!(unit_fields.contains("listingOpen") && unit_fields.len() >= 15);
    let keys = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    for lang in ["sv", "ar"] {
        let data: serde_json::Value =
            serde_json::from_str(&site.read(&format!("{lang}/clinics/data.json"))).expect("json");
        assert_eq!(keys(&data["labels"]), label_groups, "{lang}: label groups");
        let units = data["units"].as_array().expect("units");
        assert!(units.len() >= 40);
        let (mut ranges, mut specials) = (0, 0);
        for unit in units {
            assert_eq!(
                keys(unit),
                unit_fields,
                "{lang}: fields of unit {}",
                unit["id"]
            );
            for range in unit["hours"].as_array().expect("hours") {
                assert_eq!(
                    keys(range),
                    ["closes", "days", "opens"].map(String::from).into()
                );
                ranges += 1;
            }
            for day in unit["special"].as_array().expect("special") {
                let k = keys(day);
                assert!(
                    k == ["closed", "date"].map(String::from).into()
                        || k == ["closes", "date", "opens"].map(String::from).into(),
                    "{k:?}"
                );
                specials += 1;
            }
        }
        assert!(
            ranges > 40 && specials > 0,
            "{ranges} ranges, {specials} special days"
        );
    }
    let page = site.read("sv/clinics/index.html");
    assert!(page.contains("data-data=\"/sv/clinics/data.json\""));
    let unit = site.read("sv/clinics/ekbrynet-farsta/index.html");
    let start = unit.find("data-hours=\"").expect("data-hours") + "data-hours=\"".len();
    let attr = &unit[start..start + unit[start..].find('"').expect("end")];
    let hours: serde_json::Value =
        serde_json::from_str(&attr.replace("&quot;", "\"")).expect("hours parse");
    assert_eq!(keys(&hours), ["hours", "special"].map(String::from).into());
}

/// Ensure the fee calculator's data and calculator.js agree: the data on every bundled region's
/// fee page has exactly the fields `DATA_FIELDS` lists, every period (its visits, ceilings and
/// medicine ladders) the fields `fees.js` lists, and each string the script shows is there.
#[test]
fn calculator_data_matches_what_the_script_reads() {
    let site = TestSite::bundled();
    site.build();
    let script = theme_script("calculator.js");
    let fields = js_list(&script, "DATA_FIELDS");
    let mut pages = 0;
    for region in std::fs::read_dir(site.out().join("sv/fees")).expect("fees") {
        let page = region.expect("entry").path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let start = html.find("data-fees=\"").expect("data-fees") + "data-fees=\"".len();
        let attr = &html[start..start + html[start..].find('"').expect("end")];
        let data: serde_json::Value =
            serde_json::from_str(&attr.replace("&quot;", "\"")).expect("fee data parses");
        let keys: std::collections::BTreeSet<String> =
            data.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, fields, "{}", page.display());
        check_periods(&data["periods"], &page);
        // `S.<key>`, the script's name for the strings, not the end of a longer name.
        let word = |c: char| c.is_alphanumeric() || c == '_';
        for key in script
            .match_indices("S.")
            .filter(|(i, _)| !script[..*i].ends_with(word))
            .map(|(i, _)| &script[i + 2..])
            .map(|rest| &rest[..rest.find(|c: char| !word(c)).unwrap_or(rest.len())])
        {
            assert!(
                data["strings"][key].is_string(),
                "calc.{key} in the fee data"
            );
        }
        pages += 1;
    }
    assert!(pages >= 3, "{pages} fee pages");
}
