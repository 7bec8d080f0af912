//! Pages about care near you: the health-centre finder (with its filter data), the comparison
//! view, one page per unit (with schema.org `MedicalClinic` JSON-LD), and one page per region.

use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::views::{Chrome, Crumb, dir_of, format_date};
use super::{chrome, home_crumb, section_chrome};
use crate::base::collation::Collation;
use crate::base::diagnostics::Diagnostic;
use crate::graph::files;
use crate::graph::pages::PageId;
use crate::markdown::SegmentKind;
use crate::model::Site;
use crate::source::clinics::{Clinic, Weekday};
use crate::source::config::RegionConfig;

type Rendered = (&'static str, Chrome);

fn text(site: &Site, lang: &str, key: &str) -> Result<String, Diagnostic> {
    site.translations.text(lang, key).map_err(Diagnostic::from)
}

fn labels(
    site: &Site,
    lang: &str,
    prefix: &str,
    keys: &[String],
) -> Result<Vec<String>, Diagnostic> {
    keys.iter()
        .map(|k| text(site, lang, &format!("{prefix}.{k}")))
        .collect()
}

fn clinic_url(site: &Site, lang: &str, c: &Clinic) -> String {
    site.url(&PageId::Clinic(lang, &c.key))
}

/// A unit in a list.
#[derive(Serialize)]
struct UnitItem {
    key: String,
    name: String,
    url: String,
    type_name: String,
    address: String,
    phone: String,
    tel: String,
    /// `None` for units that keep no list of patients.
    listing_open: Option<bool>,
}

#[derive(Serialize)]
struct MunicipalityGroup {
    name: String,
    units: Vec<UnitItem>,
}

#[derive(Serialize)]
struct RegionGroup {
    code: String,
    name: String,
    url: String,
    municipalities: Vec<MunicipalityGroup>,
}

#[derive(Serialize)]
struct Option_ {
    key: String,
    label: String,
}

fn unit_item(site: &Site, lang: &str, c: &Clinic) -> Result<UnitItem, Diagnostic> {
    Ok(UnitItem {
        key: c.key.clone(),
        name: c.name.clone(),
        url: clinic_url(site, lang, c),
        type_name: text(site, lang, &format!("clinic_type.{}", c.kind))?,
        address: format!(
            "{}, {} {}",
            c.address.street, c.address.postcode, c.address.city
        ),
        phone: c.phone.clone(),
        tel: c.phone_e164.clone(),
        listing_open: c.listing_open,
    })
}

fn municipalities(
    site: &Site,
    lang: &str,
    region: &str,
    collation: &Collation,
) -> Result<Vec<MunicipalityGroup>, Diagnostic> {
    let mut names: Vec<&str> = site
        .clinics_in(region)
        .map(|c| c.municipality.as_str())
        .collect();
    names.sort_by(|a, b| collation.compare(a, b));
    names.dedup();
    names
        .into_iter()
        .map(|m| {
            let mut units: Vec<&Clinic> = site
                .clinics_in(region)
                .filter(|c| c.municipality == m)
                .collect();
            units.sort_by(|a, b| collation.compare(&a.name, &b.name));
            Ok(MunicipalityGroup {
                name: m.to_string(),
                units: units
                    .into_iter()
                    .map(|c| unit_item(site, lang, c))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect()
}

fn options(
    site: &Site,
    lang: &str,
    prefix: &str,
    keys: impl Iterator<Item = String>,
    collation: &Collation,
) -> Result<Vec<Option_>, Diagnostic> {
    let mut keys: Vec<String> = keys.collect();
    keys.sort();
    keys.dedup();
    let mut opts = keys
        .into_iter()
        .map(|k| {
            Ok(Option_ {
                label: text(site, lang, &format!("{prefix}.{k}"))?,
                key: k,
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    opts.sort_by(|a, b| collation.compare(&a.label, &b.label));
    Ok(opts)
}

/// `/<lang>/clinics/`: every unit by region and municipality, with filters for JavaScript.
pub(super) fn finder(site: &Site, lang: &str, ctx: &mut Context) -> Result<Rendered, Diagnostic> {
    let collation = Collation::new(lang);
    let title = text(site, lang, "clinics.heading")?;
    let desc = text(site, lang, "clinics.intro")?;
    let chrome = section_chrome(site, PageId::Finder(lang), "clinics", &title, &desc)?;
    let mut regions = Vec::new();
    for r in &site.config.regions {
        regions.push(RegionGroup {
            code: r.code.clone(),
            name: site.region_name(lang, &r.code),
            url: site.url(&PageId::Region(lang, &r.code)),
            municipalities: municipalities(site, lang, &r.code, &collation)?,
        });
    }
    ctx.insert("regions", &regions);
    ctx.insert(
        "services",
        &options(
            site,
            lang,
            "service",
            site.clinics.iter().flat_map(|c| c.services.clone()),
            &collation,
        )?,
    );
    ctx.insert(
        "spoken",
        &options(
            site,
            lang,
            "spoken",
            site.clinics.iter().flat_map(|c| c.languages.clone()),
            &collation,
        )?,
    );
    ctx.insert(
        "count_label",
        &site
            .translations
            .format(lang, "clinics.count", Some(site.clinics.len() as u64), &[])?,
    );
    ctx.insert("example", &site.clinics.iter().any(|c| c.example));
    ctx.insert(
        "data_url",
        &files::finder_data_url(&site.config.base_path, lang),
    );
    ctx.insert("compare_url", &site.url(&PageId::Compare(lang)));
    ctx.insert("strings", &finder_strings(site, lang)?);
    Ok(("finder.html", chrome))
}

fn finder_strings(site: &Site, lang: &str) -> Result<String, Diagnostic> {
    let plural = site.translations.plural_forms(lang, "clinics.count")?;
    let mut days = Vec::new();
    for d in Weekday::ALL {
        days.push(text(site, lang, &format!("day.{}", d.key()))?);
    }
    Ok(json!({
        "count": plural,
        "km": text(site, lang, "clinics.km")?,
        "locationFailed": text(site, lang, "clinics.location_failed")?,
        "compare": text(site, lang, "clinics.compare")?,
        "openNow": text(site, lang, "clinic.open_now")?,
        "openAllDay": text(site, lang, "clinic.open_allday")?,
        "closedNow": text(site, lang, "clinic.closed_now")?,
        "opensNext": text(site, lang, "clinic.opens_next")?,
        "timeFormat": text(site, lang, "time.format")?,
        "today": text(site, lang, "clinics.today")?,
        "closed": text(site, lang, "clinic.closed")?,
        "sorted": text(site, lang, "clinics.sorted_by_distance")?,
        "sortedFrom": text(site, lang, "clinics.sorted_from_place")?,
        "placeUnknown": text(site, lang, "clinics.place_unknown")?,
        "days": days,
    })
    .to_string())
}

/// Opening hours as `hours.js` reads them (the finder's data and each unit's page).
#[derive(Serialize)]
struct HoursData {
    hours: Vec<RangeData>,
    special: Vec<SpecialData>,
}

/// Weekly hours: ISO weekdays (Monday = 1) and `HH:MM` times.
#[derive(Serialize)]
struct RangeData {
    days: Vec<u8>,
    opens: String,
    closes: String,
}

/// A date with other hours, or `closed`.
#[derive(Serialize)]
struct SpecialData {
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    opens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closes: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    closed: bool,
}

fn hours_data(c: &Clinic) -> HoursData {
    HoursData {
        hours: c
            .hours
            .iter()
            .map(|r| RangeData {
                days: r.days.iter().map(|d| d.iso()).collect(),
                opens: r.opens.to_string(),
                closes: r.closes.to_string(),
            })
            .collect(),
        special: c
            .special_hours
            .iter()
            .map(|s| SpecialData {
                date: s.date.to_string(),
                opens: s.hours.map(|(o, _)| o.to_string()),
                closes: s.hours.map(|(_, c)| c.to_string()),
                closed: s.hours.is_none(),
            })
            .collect(),
    }
}

/// `/<lang>/clinics/data.json`, read by `finder-data.js` for the finder and the comparison. Its
/// field names are the contract with the scripts: tests/testsuite/care.rs checks them against
/// the lists in `finder-data.js`.
#[derive(Serialize)]
struct FinderData<'a> {
    units: Vec<FinderUnit<'a>>,
    labels: FinderLabels,
}

/// One unit, as the finder lists it and the comparison shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FinderUnit<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    /// The unit's type, in the page's language.
    #[serde(rename = "type")]
    type_name: String,
    region: String,
    municipality: &'a str,
    address: String,
    town: &'a str,
    phone: &'a str,
    /// The phone number for `tel:` links.
    tel: &'a str,
    /// Latitude and longitude.
    geo: [f64; 2],
    services: &'a [String],
    languages: &'a [String],
    accessibility: &'a [String],
    /// Takes new patients; `null` when not known.
    listing_open: Option<bool>,
    eservices: &'a [String],
    #[serde(flatten)]
    hours: HoursData,
}

/// The names of the keys units use, and the comparison's row labels, in the page's language.
#[derive(Serialize)]
struct FinderLabels {
    services: serde_json::Map<String, serde_json::Value>,
    languages: serde_json::Map<String, serde_json::Value>,
    accessibility: serde_json::Map<String, serde_json::Value>,
    eservices: serde_json::Map<String, serde_json::Value>,
    fields: serde_json::Value,
}

pub(super) fn finder_data(site: &Site, lang: &str) -> Result<String, Diagnostic> {
    let mut units = Vec::new();
    for c in &site.clinics {
        units.push(FinderUnit {
            id: &c.key,
            name: &c.name,
            url: clinic_url(site, lang, c),
            type_name: text(site, lang, &format!("clinic_type.{}", c.kind))?,
            region: site.region_name(lang, &c.region),
            municipality: &c.municipality,
            address: format!(
                "{}, {} {}",
                c.address.street, c.address.postcode, c.address.city
            ),
            town: &c.address.city,
            phone: &c.phone,
            tel: &c.phone_e164,
            geo: [c.geo.lat, c.geo.lon],
            services: &c.services,
            languages: &c.languages,
            accessibility: &c.accessibility,
            listing_open: c.listing_open,
            eservices: &c.eservices,
            hours: hours_data(c),
        });
    }
    let label_map = |prefix: &str,
                     keys: Vec<String>|
     -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
        let mut m = serde_json::Map::new();
        for k in keys {
            m.insert(
                k.clone(),
                json!(text(site, lang, &format!("{prefix}.{k}"))?),
            );
        }
        Ok(m)
    };
    let all = |f: fn(&Clinic) -> &Vec<String>| {
        let mut v: Vec<String> = site.clinics.iter().flat_map(|c| f(c).clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let labels = FinderLabels {
        services: label_map("service", all(|c| &c.services))?,
        languages: label_map("spoken", all(|c| &c.languages))?,
        accessibility: label_map("accessibility", all(|c| &c.accessibility))?,
        eservices: label_map("eservice", all(|c| &c.eservices))?,
        fields: json!({
            "type": text(site, lang, "clinic.type")?,
            "address": text(site, lang, "clinic.address")?,
            "phone": text(site, lang, "clinic.phone")?,
            "hours": text(site, lang, "clinic.hours")?,
            "services": text(site, lang, "clinic.services")?,
            "languages": text(site, lang, "clinic.languages")?,
            "accessibility": text(site, lang, "clinic.accessibility")?,
            "eservices": text(site, lang, "clinic.eservices")?,
            "listing": text(site, lang, "clinic.listing_open")?,
            "yes": text(site, lang, "clinic.listing_open")?,
            "na": text(site, lang, "compare.not_applicable")?,
            "no": text(site, lang, "clinic.listing_closed")?,
            "none": text(site, lang, "clinic.none")?,
            "closed": text(site, lang, "clinic.closed")?,
        }),
    };
    serde_json::to_string(&FinderData { units, labels }).map_err(|e| {
        Diagnostic::error(
            files::finder_data(lang),
            format!("writing the data failed: {e}"),
        )
        .bug()
    })
}

/// `/<lang>/clinics/compare/`: two to four units side by side (built by compare.js).
pub(super) fn compare(site: &Site, lang: &str, ctx: &mut Context) -> Result<Rendered, Diagnostic> {
    let title = text(site, lang, "compare.heading")?;
    let crumbs = vec![
        home_crumb(site, lang)?,
        Crumb {
            title: text(site, lang, "clinics.heading")?,
            url: site.url(&PageId::Finder(lang)),
        },
        Crumb {
            title: title.clone(),
            url: site.url(&PageId::Compare(lang)),
        },
    ];
    let desc = text(site, lang, "compare.intro")?;
    let chrome = chrome(
        site,
        lang,
        "clinics",
        &title,
        &desc,
        PageId::Compare(lang),
        crumbs,
    )?;
    ctx.insert("example", &site.clinics.iter().any(|c| c.example));
    ctx.insert(
        "data_url",
        &files::finder_data_url(&site.config.base_path, lang),
    );
    ctx.insert("strings", &finder_strings(site, lang)?);
    Ok(("compare.html", chrome))
}

#[derive(Serialize)]
struct HoursRow {
    day: String,
    times: String,
}

#[derive(Serialize)]
struct ClinicView {
    name: String,
    hsa_id: String,
    type_name: String,
    region_name: String,
    region_url: String,
    municipality: String,
    street: String,
    postcode: String,
    city: String,
    phone: String,
    tel: String,
    website: Option<String>,
    map_url: String,
    hours: Vec<HoursRow>,
    special: Vec<HoursRow>,
    hours_json: String,
    services: Vec<String>,
    languages: Vec<String>,
    accessibility: Vec<String>,
    eservices: Vec<super::eservices::ServiceView>,
    listing_open: Option<bool>,
    /// Whether the unit keeps a list of patients (and so says whether it accepts new ones).
    keeps_list: bool,
    /// The unit is invented for demonstration.
    example: bool,
    updated_text: String,
    fees_url: Option<String>,
    fees_label: String,
    jsonld: String,
}

fn times_text(
    ranges: &[(crate::source::clinics::Time, crate::source::clinics::Time)],
    closed: &str,
    format: &str,
) -> String {
    if ranges.is_empty() {
        return closed.to_string();
    }
    ranges
        .iter()
        .map(|(o, c)| format!("{}–{}", clock(*o, format), clock(*c, format)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time of day as the language writes it (`time.format`: `{h}.{m}` in Swedish, `{h}:{m}` in
/// English).
fn clock(t: crate::source::clinics::Time, format: &str) -> String {
    format
        .replace("{h}", &format!("{:02}", t.0 / 60))
        .replace("{m}", &format!("{:02}", t.0 % 60))
}

/// `/<lang>/clinics/<key>/`: one unit.
pub(super) fn clinic(
    site: &Site,
    lang: &str,
    c: &Clinic,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let hours_json = serde_json::to_string(&hours_data(c)).map_err(|e| {
        Diagnostic::error(&c.source, format!("writing the opening hours failed: {e}")).bug()
    })?;
    let url = clinic_url(site, lang, c);
    let crumbs = vec![
        home_crumb(site, lang)?,
        Crumb {
            title: text(site, lang, "clinics.heading")?,
            url: site.url(&PageId::Finder(lang)),
        },
        Crumb {
            title: c.name.clone(),
            url: url.clone(),
        },
    ];
    let type_name = text(site, lang, &format!("clinic_type.{}", c.kind))?;
    let desc = format!("{type_name}, {}. {}", c.municipality, c.phone);
    let chrome = chrome(
        site,
        lang,
        "clinics",
        &c.name,
        &desc,
        PageId::Clinic(lang, &c.key),
        crumbs,
    )?;
    let closed = text(site, lang, "clinic.closed")?;
    let time_format = text(site, lang, "time.format")?;
    let mut hours = Vec::new();
    for d in Weekday::ALL {
        let mut ranges: Vec<_> = c
            .hours
            .iter()
            .filter(|r| r.days.contains(&d))
            .map(|r| (r.opens, r.closes))
            .collect();
        ranges.sort();
        hours.push(HoursRow {
            day: text(site, lang, &format!("day.{}", d.key()))?,
            times: times_text(&ranges, &closed, &time_format),
        });
    }
    let mut special = Vec::new();
    let mut dates: Vec<_> = c.special_hours.iter().map(|s| s.date).collect();
    dates.dedup();
    for date in dates {
        let ranges: Vec<_> = c
            .special_hours
            .iter()
            .filter(|s| s.date == date)
            .filter_map(|s| s.hours)
            .collect();
        special.push(HoursRow {
            day: format_date(site, lang, date)?,
            times: times_text(&ranges, &closed, &time_format),
        });
    }
    let region = site.region_name(lang, &c.region);
    let eservices = super::eservices::unit_services(site, lang, c, &url)?;
    let view = ClinicView {
        name: c.name.clone(),
        hsa_id: c.hsa_id.clone(),
        type_name,
        region_name: region.clone(),
        region_url: site.url(&PageId::Region(lang, &c.region)),
        municipality: c.municipality.clone(),
        street: c.address.street.clone(),
        postcode: c.address.postcode.clone(),
        city: c.address.city.clone(),
        phone: c.phone.clone(),
        tel: c.phone_e164.clone(),
        website: c.website.clone(),
        map_url: format!(
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
            lat = c.geo.lat,
            lon = c.geo.lon
        ),
        hours,
        special,
        hours_json,
        services: labels(site, lang, "service", &c.services)?,
        languages: labels(site, lang, "spoken", &c.languages)?,
        accessibility: labels(site, lang, "accessibility", &c.accessibility)?,
        eservices,
        listing_open: c.listing_open,
        keeps_list: c.listing_open.is_some(),
        example: c.example,
        updated_text: site.translations.format(
            lang,
            "clinic.updated",
            None,
            &[("date", &format_date(site, lang, c.updated)?)],
        )?,
        fees_url: site
            .fee_table(&c.region)
            .map(|_| site.url(&PageId::FeeRegion(lang, &c.region))),
        fees_label: site.translations.format(
            lang,
            "clinic.fees_link",
            None,
            &[("region", &region)],
        )?,
        jsonld: jsonld(c, &format!("{}{}", origin(site), url), &region),
    };
    ctx.insert("clinic", &view);
    ctx.insert("strings", &finder_strings(site, lang)?);
    Ok(("clinic.html", chrome))
}

fn origin(site: &Site) -> &str {
    let base = &site.config.base_url;
    &base[..base.len() - site.config.base_path.len()]
}

/// schema.org `MedicalClinic` with its opening hours, safe to put inside a `<script>` element.
pub(super) fn jsonld(c: &Clinic, url: &str, region: &str) -> String {
    let time = |t: crate::source::clinics::Time| {
        if t.0 >= 1440 {
            "23:59".to_string()
        } else {
            t.to_string()
        }
    };
    let opening: Vec<_> = c
        .hours
        .iter()
        .map(|r| json!({"@type": "OpeningHoursSpecification", "dayOfWeek": r.days.iter().map(|d| d.schema_org()).collect::<Vec<_>>(), "opens": time(r.opens), "closes": time(r.closes)}))
        .collect();
    let special: Vec<_> = c
        .special_hours
        .iter()
        .map(|s| {
            let (o, cl) = s.hours.map(|(o, c)| (time(o), time(c))).unwrap_or(("00:00".into(), "00:00".into()));
            json!({"@type": "OpeningHoursSpecification", "validFrom": s.date.to_string(), "validThrough": s.date.to_string(), "opens": o, "closes": cl})
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": c.name,
        "identifier": c.hsa_id,
        "url": url,
        "telephone": c.phone_e164,
        "address": {"@type": "PostalAddress", "streetAddress": c.address.street, "postalCode": c.address.postcode, "addressLocality": c.address.city, "addressRegion": region, "addressCountry": "SE"},
        "geo": {"@type": "GeoCoordinates", "latitude": c.geo.lat, "longitude": c.geo.lon},
        "openingHoursSpecification": opening,
        "knowsLanguage": c.languages,
    });
    if let Some(open) = c.listing_open {
        v["isAcceptingNewPatients"] = json!(open);
    }
    if !special.is_empty() {
        v["specialOpeningHoursSpecification"] = json!(special);
    }
    if let Some(w) = &c.website {
        v["sameAs"] = json!(w);
    }
    // `</` cannot appear inside a script element.
    v.to_string().replace("</", "<\\/")
}

#[derive(Serialize)]
struct RegionNote {
    title: String,
    url: String,
    notes: Vec<String>,
}

/// `/<lang>/regions/<code>/`: a region's units, its fees and the regional notes from articles.
pub(super) fn region(
    site: &Site,
    lang: &str,
    r: &RegionConfig,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let name = site.region_name(lang, &r.code);
    let page = PageId::Region(lang, &r.code);
    let chrome = section_chrome(site, page, "clinics", &name, &name)?;
    let collation = Collation::new(lang);
    let mut notes: Vec<RegionNote> = site
        .articles_in(lang)
        .filter(|a| a.body.regions().contains(&r.code))
        .filter_map(|a| {
            let ns: Vec<String> = a
                .body
                .blocks()
                .iter()
                .filter(|b| b.kind == SegmentKind::Region(r.code.clone()))
                .map(|b| b.html())
                .collect();
            (!ns.is_empty()).then(|| RegionNote {
                title: a.title.clone(),
                url: site.article_path(a),
                notes: ns,
            })
        })
        .collect();
    notes.sort_by(|a, b| collation.compare(&a.title, &b.title));
    ctx.insert("region", &json!({
        "code": r.code,
        "name": name,
        "dir": dir_of(site, lang),
        "fees_url": site.fee_table(&r.code).map(|_| site.url(&PageId::FeeRegion(lang, &r.code))),
        "fees_label": site.translations.format(lang, "region.fees", None, &[("region", &name)])?,
        "notes_heading": site.translations.format(lang, "region.notes", None, &[("region", &name)])?,
        "count_label": site.translations.format(lang, "clinics.count", Some(site.clinics_in(&r.code).count() as u64), &[])?,
    }));
    ctx.insert(
        "municipalities",
        &municipalities(site, lang, &r.code, &collation)?,
    );
    ctx.insert("notes", &notes);
    Ok(("region.html", chrome))
}
