//! The health-centre directory: `content/clinics/<key>.yaml`, one unit per file. Parses the strict
//! schema and checks what a wrong value would break for a patient: the HSA-id, opening hours,
//! phone numbers, coordinates, and the controlled vocabularies (types, services, languages
//! spoken, accessibility, e-services), whose keys are the ones translated in translations/.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Deserialize;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Position, suggestion};
use crate::source::config::Config;
use crate::source::files::SourceFile;
use crate::source::frontmatter::Date;
use crate::source::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
}

/// A day of the week, ISO numbered (Monday = 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn iso(self) -> u8 {
        self as u8 + 1
    }

    pub fn key(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// schema.org's name for the day.
    pub fn schema_org(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    days: Vec<Weekday>,
    opens: String,
    closes: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpecial {
    date: Date,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    opens: Option<String>,
    #[serde(default)]
    closes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClinic {
    hsa_id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    region: String,
    municipality: String,
    address: Address,
    geo: Geo,
    phone: String,
    #[serde(default)]
    website: Option<String>,
    hours: Vec<RawRange>,
    #[serde(default)]
    special_hours: Vec<RawSpecial>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    accessibility: Vec<String>,
    /// Whether the unit accepts new patients on its list; left out for units that keep no list
    /// (emergency departments, out-of-hours clinics).
    #[serde(default)]
    listing_open: Option<bool>,
    #[serde(default)]
    eservices: Vec<String>,
    updated: Date,
    /// The unit is invented for demonstration: its pages say so in the reader's language.
    example: bool,
}

/// A time of day in minutes after midnight; 1440 is "24:00", the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub u16);

impl Time {
    pub fn parse(s: &str) -> Option<Time> {
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(Time(h * 60 + m))
    }
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Regular opening hours: these days, from `opens` to `closes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursRange {
    pub days: Vec<Weekday>,
    pub opens: Time,
    pub closes: Time,
}

/// A date with other hours, or closed (`hours` empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialHours {
    pub date: Date,
    pub hours: Option<(Time, Time)>,
}

/// A validated health-care unit.
#[derive(Debug, Clone)]
pub struct Clinic {
    /// The file name without `.yaml`; the unit's URL segment.
    pub key: String,
    pub source: PathBuf,
    pub hsa_id: String,
    pub name: String,
    /// Key of the unit type (`vardcentral`, `jourmottagning`, …).
    pub kind: String,
    pub region: String,
    pub municipality: String,
    pub address: Address,
    pub geo: Geo,
    /// In the national form (`08-555 123 40`), for display.
    pub phone: String,
    /// E.164 form for `tel:` links.
    pub phone_e164: String,
    pub website: Option<String>,
    pub hours: Vec<HoursRange>,
    pub special_hours: Vec<SpecialHours>,
    pub services: Vec<String>,
    pub languages: Vec<String>,
    pub accessibility: Vec<String>,
    /// `None` for units that keep no list of patients.
    pub listing_open: Option<bool>,
    pub eservices: Vec<String>,
    pub updated: Date,
    /// Invented for demonstration.
    pub example: bool,
}

/// `SE` + 10-digit organisation number + `-` + letters/digits, at most 31 characters.
pub fn is_hsa_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("SE") else {
        return false;
    };
    let Some((org, unit)) = rest.split_once('-') else {
        return false;
    };
    s.len() <= 31
        && org.len() == 10
        && org.bytes().all(|b| b.is_ascii_digit())
        && !unit.is_empty()
        && unit.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A phone number in the Swedish national form, so every unit's number reads the same way:
/// `+46 31 555 17 60` becomes `031-555 17 60` (the first group after +46 is the area code);
/// a number already written nationally is kept as written.
pub fn national_phone(s: &str) -> String {
    let t = s.trim();
    match t.strip_prefix("+46") {
        Some(rest) => {
            let mut groups = rest.split_whitespace();
            match groups.next() {
                Some(area) => {
                    let rest: Vec<&str> = groups.collect();
                    format!("0{area}-{}", rest.join(" "))
                }
                None => t.to_string(),
            }
        }
        None => t.to_string(),
    }
}

/// A Swedish national number (`08-555 123 40`) or an E.164 number (`+46 8 555 123 40`), as E.164.
pub fn phone_e164(s: &str) -> Option<String> {
    let t = s.trim();
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
        || t.matches('+').count() > 1
        || (t.contains('+') && !t.starts_with('+'))
    {
        return None;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.starts_with('+') {
        ((8..=15).contains(&digits.len()) && !digits.starts_with('0')).then(|| format!("+{digits}"))
    } else if let Some(national) = digits.strip_prefix('0') {
        ((6..=10).contains(&national.len()) && !national.starts_with('0'))
            .then(|| format!("+46{national}"))
    } else {
        None
    }
}

/// Keys of a controlled vocabulary: the `<prefix>.<key>` entries of the default translations.
pub struct Vocabularies {
    pub types: BTreeSet<String>,
    pub services: BTreeSet<String>,
    pub languages: BTreeSet<String>,
    pub accessibility: BTreeSet<String>,
    pub eservices: BTreeSet<String>,
}

impl Vocabularies {
    pub fn from_keys<'a>(keys: impl Iterator<Item = &'a String>) -> Self {
        let mut v = Vocabularies {
            types: BTreeSet::new(),
            services: BTreeSet::new(),
            languages: BTreeSet::new(),
            accessibility: BTreeSet::new(),
            eservices: BTreeSet::new(),
        };
        for key in keys {
            let Some((prefix, rest)) = key.split_once('.') else {
                continue;
            };
            if rest.contains('.') {
                continue;
            }
            let set = match prefix {
                "clinic_type" => &mut v.types,
                "service" => &mut v.services,
                "spoken" => &mut v.languages,
                "accessibility" => &mut v.accessibility,
                "eservice" => &mut v.eservices,
                _ => continue,
            };
            set.insert(rest.to_string());
        }
        v
    }
}

/// Parses and checks every clinic file.
pub fn load(
    files: &[SourceFile],
    config: &Config,
    vocab: &Vocabularies,
    diags: &mut Diagnostics,
) -> Vec<Clinic> {
    let mut clinics = Vec::new();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        let before = diags.error_count();
        let raw: RawClinic = match yaml::parse(&file.text, &file.path, 1) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let clinic = check(file, raw, config, vocab, diags);
        if let Some(other) = ids.get(&clinic.hsa_id) {
            diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "HSA-id `{}` is also used by {}",
                        clinic.hsa_id,
                        other.display()
                    ),
                )
                .at(at(file, "hsa_id", None))
                .help("every unit has its own HSA-id; check both files against the HSA catalogue"),
            );
        } else {
            ids.insert(clinic.hsa_id.clone(), file.path.clone());
        }
        if diags.error_count() == before {
            clinics.push(clinic);
        }
    }
    clinics.sort_by(|a, b| a.key.cmp(&b.key));
    clinics
}

fn at(file: &SourceFile, key: &str, value: Option<&str>) -> Option<Position> {
    yaml::locate(&file.text, key, value).map(|(l, c)| Position::new(l, c))
}

fn check(
    file: &SourceFile,
    raw: RawClinic,
    config: &Config,
    vocab: &Vocabularies,
    diags: &mut Diagnostics,
) -> Clinic {
    let err = |msg: String| Diagnostic::error(&file.path, msg);
    let key = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !crate::source::names::is_key(&key) {
        diags.push(err(format!("file name `{key}` is not a valid key")).help("name the file with lowercase ASCII letters, digits and `-`, e.g. `fjallbackens-vardcentral.yaml`"));
    }
    if !is_hsa_id(&raw.hsa_id) {
        diags.push(
            err(format!("`{}` is not an HSA-id", raw.hsa_id))
                .at(at(file, "hsa_id", Some(&raw.hsa_id)))
                .help("an HSA-id is `SE`, the 10-digit organisation number, `-` and letters or digits, at most 31 characters, e.g. SE2321000016-7FJB"),
        );
    }
    if raw.name.trim().is_empty() {
        diags.push(
            err("the name is empty".into())
                .at(at(file, "name", None))
                .help("write the unit's name"),
        );
    }
    if config.region(&raw.region).is_none() {
        let codes: Vec<&str> = config.regions.iter().map(|r| r.code.as_str()).collect();
        diags.push(
            err(format!("unknown region `{}`", raw.region))
                .at(at(file, "region", Some(&raw.region)))
                .help(format!(
                    "{}regions are defined in site.yaml: {}",
                    suggestion(&raw.region, codes.iter().copied()),
                    codes.join(", ")
                )),
        );
    }
    let phone_e164 = phone_e164(&raw.phone).unwrap_or_else(|| {
        diags.push(
            err(format!("`{}` is not a phone number", raw.phone))
                .at(at(file, "phone", None))
                .help("write a Swedish number with its area code (08-555 123 40) or an international number (+46 8 555 123 40)"),
        );
        String::new()
    });
    if let Some(site) = &raw.website
        && !(site.starts_with("https://") && url::Url::parse(site).is_ok())
    {
        diags.push(
            err(format!("website `{site}` is not an https:// address"))
                .at(at(file, "website", None))
                .help("link to the unit's site with https://"),
        );
    }
    if !(-90.0..=90.0).contains(&raw.geo.lat) || !(-180.0..=180.0).contains(&raw.geo.lon) {
        diags.push(
            err(format!(
                "coordinates {}, {} are not on Earth",
                raw.geo.lat, raw.geo.lon
            ))
            .at(at(file, "geo", None))
            .help("write WGS84 decimal degrees, latitude first, e.g. {lat: 59.33, lon: 18.06}"),
        );
    } else if !(55.0..=69.2).contains(&raw.geo.lat) || !(10.5..=24.5).contains(&raw.geo.lon) {
        diags.push(
            Diagnostic::warning(
                &file.path,
                format!(
                    "coordinates {}, {} are outside Sweden",
                    raw.geo.lat, raw.geo.lon
                ),
            )
            .at(at(file, "geo", None))
            .help("check that latitude and longitude are not swapped"),
        );
    }
    for (field, values, set, what) in [
        ("services", &raw.services, &vocab.services, "service"),
        ("languages", &raw.languages, &vocab.languages, "spoken"),
        (
            "accessibility",
            &raw.accessibility,
            &vocab.accessibility,
            "accessibility",
        ),
        ("eservices", &raw.eservices, &vocab.eservices, "eservice"),
    ] {
        for v in values {
            if !set.contains(v) {
                diags.push(
                    err(format!("unknown {field} key `{v}`"))
                        .at(at(file, field, Some(v)))
                        .help(if what == "eservice" {
                            format!(
                                "{}the booking backend has templates (eservices in site.yaml) for: {}",
                                suggestion(v, set.iter().map(String::as_str)),
                                set.iter().cloned().collect::<Vec<_>>().join(", ")
                            )
                        } else {
                            format!(
                                "{}known keys (the `{what}.*` entries of translations/{}.yaml): {}",
                                suggestion(v, set.iter().map(String::as_str)),
                                config.default_language,
                                set.iter().cloned().collect::<Vec<_>>().join(", ")
                            )
                        }),
                );
            }
        }
    }
    if !vocab.types.contains(&raw.kind) {
        diags.push(
            err(format!("unknown unit type `{}`", raw.kind))
                .at(at(file, "type", Some(&raw.kind)))
                .help(format!(
                    "{}types: {}",
                    suggestion(&raw.kind, vocab.types.iter().map(String::as_str)),
                    vocab.types.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
        );
    }
    let mut hours = Vec::new();
    for r in &raw.hours {
        if let Some((opens, closes)) = check_times(file, "hours", &r.opens, &r.closes, diags) {
            if r.days.is_empty() {
                diags.push(
                    err("an opening-hours entry has no days".into())
                        .at(at(file, "hours", None))
                        .help("list the days, e.g. days: [mon, tue, wed, thu, fri]"),
                );
            }
            hours.push(HoursRange {
                days: r.days.clone(),
                opens,
                closes,
            });
        }
    }
    let mut special_hours = Vec::new();
    for s in &raw.special_hours {
        let hours = match (s.closed, &s.opens, &s.closes) {
            (true, None, None) => None,
            (false, Some(o), Some(c)) => check_times(file, "special_hours", o, c, diags),
            _ => {
                diags.push(
                    err(format!("special hours for {} must be either `closed: true` or `opens` and `closes`", s.date))
                        .at(at(file, "special_hours", Some(&s.date.to_string())))
                        .help("write `- {date: 2026-12-24, closed: true}` or `- {date: 2026-12-31, opens: \"08:00\", closes: \"13:00\"}`"),
                );
                None
            }
        };
        special_hours.push(SpecialHours {
            date: s.date,
            hours,
        });
    }
    special_hours.sort_by_key(|s| (s.date, s.hours));
    Clinic {
        key,
        source: file.path.clone(),
        hsa_id: raw.hsa_id,
        name: raw.name.trim().to_string(),
        kind: raw.kind,
        region: raw.region,
        municipality: raw.municipality,
        address: raw.address,
        geo: raw.geo,
        phone: national_phone(&raw.phone),
        phone_e164,
        website: raw.website,
        hours,
        special_hours,
        services: raw.services,
        languages: raw.languages,
        accessibility: raw.accessibility,
        listing_open: raw.listing_open,
        eservices: raw.eservices,
        updated: raw.updated,
        example: raw.example,
    }
}

fn check_times(
    file: &SourceFile,
    key: &str,
    opens: &str,
    closes: &str,
    diags: &mut Diagnostics,
) -> Option<(Time, Time)> {
    let mut ok = true;
    let mut parse = |value: &str| {
        let t = Time::parse(value);
        if t.is_none() {
            ok = false;
            diags.push(
                Diagnostic::error(&file.path, format!("`{value}` is not a time of day"))
                    .at(at(file, key, Some(value)))
                    .help("write times as \"HH:MM\" in 24-hour form, from \"00:00\" to \"24:00\", in quotes"),
            );
        }
        t
    };
    let (o, c) = (parse(opens), parse(closes));
    let (o, c) = (o?, c?);
    // A closing time before the opening time runs past midnight into the next day
    // (`opens: "18:00"`, `closes: "02:00"`), as schema.org and OpenStreetMap read it.
    if ok && (c == o || (c < o && o.0 >= 1440)) {
        diags.push(
            Diagnostic::error(&file.path, format!("closes at {closes}, the same time it opens ({opens})"))
                .at(at(file, key, Some(closes)))
                .help("for a unit open around the clock write opens: \"00:00\", closes: \"24:00\"; a closing time before the opening time means the next day"),
        );
        return None;
    }
    Some((o, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsa_ids() {
        assert!(is_hsa_id("SE2321000016-7FJB"));
        assert!(!is_hsa_id("SE232100001-7FJB"), "9 digits");
        assert!(!is_hsa_id("SE2321000016"), "no unit part");
        assert!(!is_hsa_id("SE2321000016-7F_B"));
        assert!(
            !is_hsa_id(&format!("SE2321000016-{}", "A".repeat(20))),
            "too long"
        );
    }

    #[test]
    fn national_form() {
        assert_eq!(national_phone("+46 31 555 17 60"), "031-555 17 60");
        assert_eq!(national_phone("08-555 123 40"), "08-555 123 40");
    }

    #[test]
    fn phones() {
        assert_eq!(phone_e164("08-555 123 40").as_deref(), Some("+46855512340"));
        assert_eq!(phone_e164("0176-55 51 20").as_deref(), Some("+46176555120"));
        assert_eq!(
            phone_e164("+46 8 555 123 40").as_deref(),
            Some("+46855512340")
        );
        assert_eq!(phone_e164("1177"), None);
        assert_eq!(phone_e164("08-555 12a 40"), None);
        assert_eq!(phone_e164("0"), None);
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("08:30"), Some(Time(510)));
        assert_eq!(Time::parse("24:00"), Some(Time(1440)));
        assert_eq!(Time::parse("25:00"), None);
        assert_eq!(Time::parse("24:30"), None);
        assert_eq!(Time::parse("8:00"), None);
        assert_eq!(Time(1440).to_string(), "24:00");
    }
}
