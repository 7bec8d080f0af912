//! Patient fees per region: `content/fees/<region>.yaml`, with validity periods, visit fees, age
//! rules, the no-show fee and the national high-cost protection values for the period. Values are
//! data, never code: the fee pages and the calculator read them from here.
//!
//! Every figure has a provenance ([`Origin`]): a public source from the file's `sources:` (named
//! on the figure, its medicine ladder or its period), or `example: true`. A figure with neither
//! is an error, so nothing reaches a reader without saying where it comes from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Position, suggestion};
use crate::source::config::Config;
use crate::source::files::SourceFile;
use crate::source::frontmatter::Date;
use crate::source::yaml;

/// A public page a fee table's figures were checked against: `sources:` in a fee file, by key.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The agency or region that published it.
    pub publisher: String,
    /// The page's title, in its own language.
    pub title: String,
    pub url: String,
    /// The day an editor read the figures on the page.
    #[serde(serialize_with = "iso")]
    pub read: Date,
    /// The language of the title (default `sv`).
    #[serde(default = "swedish")]
    pub lang: String,
}

fn swedish() -> String {
    "sv".into()
}

/// Where a figure comes from, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A key of the file's `sources:`.
    Source(String),
    /// Not verified: shown with an example mark next to it.
    Example,
}

/// A figure of a fee table: its value, and the source or example mark it was given (resolved
/// against its ladder and period into [`Figure::origin`] when the file is loaded). Written as a
/// plain number, or as `{value, source}` / `{value, example: true}`. Serialised as the number
/// alone (for the calculator).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<T> {
    pub value: T,
    source: Option<String>,
    example: bool,
    /// Set by [`load`]; `None` only before it.
    pub origin: Option<Origin>,
}

impl<T> Figure<T> {
    /// A figure with the given origin (for tests and generated data).
    pub fn new(value: T, origin: Origin) -> Figure<T> {
        Figure {
            value,
            source: None,
            example: false,
            origin: Some(origin),
        }
    }

    pub fn is_example(&self) -> bool {
        self.origin == Some(Origin::Example)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFigure<T> {
    Plain(T),
    Noted(NotedFigure<T>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotedFigure<T> {
    value: T,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    example: bool,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Figure<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match RawFigure::deserialize(d)? {
            RawFigure::Plain(value) => Figure {
                value,
                source: None,
                example: false,
                origin: None,
            },
            RawFigure::Noted(n) => Figure {
                value: n.value,
                source: n.source,
                example: n.example,
                origin: None,
            },
        })
    }
}

impl<T: Serialize> Serialize for Figure<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VisitFee {
    #[serde(rename = "type")]
    pub kind: String,
    pub amount: i64,
    #[serde(default, skip_serializing)]
    source: Option<String>,
    #[serde(default, skip_serializing)]
    example: bool,
    /// Set by [`load`].
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// One step of the prescription-medicine scheme: up to `up_to` SEK of accumulated full price,
/// the patient pays `share` percent.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub up_to: f64,
    pub share: f64,
    #[serde(default, skip_serializing)]
    source: Option<String>,
    #[serde(default, skip_serializing)]
    example: bool,
    /// Set by [`load`].
    #[serde(skip)]
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Medicines {
    pub ceiling: Figure<f64>,
    pub steps: Vec<Step>,
    /// The source of the whole ladder (its steps and ceiling), unless they name their own.
    #[serde(default, skip_serializing)]
    source: Option<String>,
    #[serde(default, skip_serializing)]
    example: bool,
}

/// The medicine scheme for 12-month periods that began before `date` and are still running
/// (for example periods begun before 1 July 2025 keep the old ladder, adjusted each 1 January).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OlderMedicines {
    #[serde(serialize_with = "iso")]
    pub date: Date,
    pub ceiling: Figure<f64>,
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing)]
    source: Option<String>,
    #[serde(default, skip_serializing)]
    example: bool,
}

impl OlderMedicines {
    fn as_medicines(&self) -> Medicines {
        Medicines {
            ceiling: self.ceiling.clone(),
            steps: self.steps.clone(),
            source: self.source.clone(),
            example: self.example,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HighCost {
    pub outpatient_ceiling: Figure<i64>,
    /// The scheme for medicine periods that begin while these fees apply.
    pub medicines: Medicines,
    /// The scheme for medicine periods that began before a date and are still running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medicines_started_before: Option<OlderMedicines>,
}

/// Whether patients must keep receipts to reach the outpatient high-cost protection.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Receipts {
    /// Every fee is registered electronically: no receipts needed.
    Registered,
    /// Most fees are registered; keep receipts from providers outside the region's system.
    Partly,
    /// Keep every receipt and show them to get a frikort.
    Keep,
}

impl Receipts {
    pub fn as_str(self) -> &'static str {
        match self {
            Receipts::Registered => "registered",
            Receipts::Partly => "partly",
            Receipts::Keep => "keep",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeePeriod {
    #[serde(serialize_with = "iso")]
    pub valid_from: Date,
    #[serde(default, serialize_with = "iso_opt")]
    pub valid_to: Option<Date>,
    /// The source (a key of `sources:`) of every figure of the period that names none.
    #[serde(default, skip_serializing)]
    source: Option<String>,
    /// Every figure of the period that names no source is an example.
    #[serde(default, skip_serializing)]
    example: bool,
    /// Editors' notes on the figures (how they were checked); never shown to readers.
    #[serde(default, skip_serializing)]
    pub note: Option<String>,
    pub visits: Vec<VisitFee>,
    pub free_under_age: Figure<i64>,
    pub free_from_age: Figure<i64>,
    /// The fee for a booked visit not cancelled in time, where the region has one amount.
    #[serde(default)]
    pub no_show_fee: Option<Figure<i64>>,
    pub high_cost: HighCost,
}

impl FeePeriod {
    /// Whether any figure of the period is an example (the calculator then says so with every
    /// answer from it).
    pub fn any_example(&self) -> bool {
        let hc = &self.high_cost;
        let ladders = std::iter::once((&hc.medicines.ceiling, &hc.medicines.steps)).chain(
            hc.medicines_started_before
                .as_ref()
                .map(|o| (&o.ceiling, &o.steps)),
        );
        self.visits
            .iter()
            .any(|v| v.origin == Some(Origin::Example))
            || [
                &self.free_under_age,
                &self.free_from_age,
                &hc.outpatient_ceiling,
            ]
            .into_iter()
            .chain(&self.no_show_fee)
            .any(Figure::is_example)
            || ladders.into_iter().any(|(ceiling, steps)| {
                ceiling.is_example() || steps.iter().any(|s| s.origin == Some(Origin::Example))
            })
    }
}

fn iso<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn iso_opt<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    region: String,
    receipts: Receipts,
    #[serde(default)]
    sources: BTreeMap<String, Source>,
    periods: Vec<FeePeriod>,
}

/// A region's fee table, periods oldest first.
#[derive(Debug, Clone)]
pub struct FeeTable {
    pub region: String,
    pub source: PathBuf,
    pub receipts: Receipts,
    /// The public pages the figures come from, by key ([`Origin::Source`]).
    pub sources: BTreeMap<String, Source>,
    pub periods: Vec<FeePeriod>,
}

impl Medicines {
    /// The most a patient pays in a period: the sum over the steps.
    pub fn step_sum(&self) -> f64 {
        let mut prev = 0.0;
        let mut sum = 0.0;
        for s in &self.steps {
            sum += (s.up_to - prev) * s.share / 100.0;
            prev = s.up_to;
        }
        sum
    }
}

/// Why a figure has no origin.
enum Unresolved {
    NoSource,
    UnknownSource(String),
}

/// A figure's own `source`/`example`, then its ladder's, then its period's: the nearest one
/// given decides ([`Origin::Example`] before a source at the same level).
fn origin(
    levels: &[(Option<&String>, bool)],
    sources: &BTreeMap<String, Source>,
) -> Result<Origin, Unresolved> {
    for (source, example) in levels {
        if *example {
            return Ok(Origin::Example);
        }
        if let Some(key) = source {
            return if sources.contains_key(*key) {
                Ok(Origin::Source((*key).clone()))
            } else {
                Err(Unresolved::UnknownSource((*key).clone()))
            };
        }
    }
    Err(Unresolved::NoSource)
}

/// Gives every figure of `p` its [`Origin`]; returns what could not be resolved: which figure
/// (for the message), the text to find its line by, and why.
fn resolve_period(
    p: &mut FeePeriod,
    sources: &BTreeMap<String, Source>,
) -> Vec<(String, String, Unresolved)> {
    let period = (p.source.as_ref(), p.example);
    let from = p.valid_from;
    let mut failed = Vec::new();
    let mut set = |what: String, needle: String, levels: &[(Option<&String>, bool)]| match origin(
        levels, sources,
    ) {
        Ok(o) => Some(o),
        Err(e) => {
            failed.push((format!("{what} (period from {from})"), needle, e));
            None
        }
    };
    for v in &mut p.visits {
        v.origin = set(
            format!("the fee for `{}`", v.kind),
            format!("type: {}", v.kind),
            &[(v.source.as_ref(), v.example), period],
        );
    }
    for (name, f) in [
        ("free_under_age", &mut p.free_under_age),
        ("free_from_age", &mut p.free_from_age),
        ("outpatient_ceiling", &mut p.high_cost.outpatient_ceiling),
    ]
    .into_iter()
    .chain(p.no_show_fee.as_mut().map(|f| ("no_show_fee", f)))
    {
        f.origin = set(
            format!("`{name}`"),
            format!("{name}:"),
            &[(f.source.as_ref(), f.example), period],
        );
    }
    let hc = &mut p.high_cost;
    let mut ladders = vec![(
        "medicines",
        &mut hc.medicines.ceiling,
        &mut hc.medicines.steps,
        (hc.medicines.source.as_ref(), hc.medicines.example),
    )];
    if let Some(o) = hc.medicines_started_before.as_mut() {
        ladders.push((
            "medicines_started_before",
            &mut o.ceiling,
            &mut o.steps,
            (o.source.as_ref(), o.example),
        ));
    }
    for (name, ceiling, steps, ladder) in ladders {
        ceiling.origin = set(
            format!("the ceiling of `{name}`"),
            "ceiling:".to_string(),
            &[(ceiling.source.as_ref(), ceiling.example), ladder, period],
        );
        for s in steps.iter_mut() {
            s.origin = set(
                format!("the `{name}` step up to {}", s.up_to),
                format!("up_to: {}", s.up_to),
                &[(s.source.as_ref(), s.example), ladder, period],
            );
        }
    }
    failed
}

/// The position of the first line at or after line index `start` that begins with `needle`
/// (after its indentation, a list's `- ` and an inline map's `{`) followed by the end of the
/// value, with its column.
fn find_from(text: &str, start: usize, needle: &str) -> Option<Position> {
    text.lines().enumerate().skip(start).find_map(|(i, l)| {
        let body = l
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches('{')
            .trim_start();
        // The whole needle: `up_to: 1425` is not found in `up_to: 14250`.
        let whole = body.strip_prefix(needle).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == ',' || c == '}')
        });
        whole.then(|| {
            let column = l.len() - body.len();
            Position::new(i + 1, l[..column].chars().count() + 1)
        })
    })
}

/// The most periods one region's fee file may hold: a century of yearly changes.
pub const MAX_PERIODS: usize = 100;
/// The most visit types one period may list, and medicine steps one ladder may have.
pub const MAX_ROWS: usize = 50;

/// What is wrong when a fee file holds more periods, rows or steps than any region needs
/// (checked first: each check below looks for its figure's line, so time would grow with
/// the square of the file).
fn too_many(periods: &[FeePeriod]) -> Option<String> {
    if periods.len() > MAX_PERIODS {
        return Some(format!(
            "{} fee periods; a fee file may hold at most {MAX_PERIODS}",
            periods.len()
        ));
    }
    periods.iter().find_map(|p| {
        let steps = p.high_cost.medicines.steps.len().max(
            p.high_cost
                .medicines_started_before
                .as_ref()
                .map_or(0, |m| m.steps.len()),
        );
        let rows = p.visits.len().max(steps);
        (rows > MAX_ROWS).then(|| {
            format!(
                "the period from {} has {rows} rows or medicine steps; a period may have at most {MAX_ROWS}",
                p.valid_from
            )
        })
    })
}

/// Parses and checks every fee file; `visit_types` are the `fee_visit.*` keys of the translations.
pub fn load(
    files: &[SourceFile],
    config: &Config,
    visit_types: &[String],
    diags: &mut Diagnostics,
) -> Vec<FeeTable> {
    let mut tables: Vec<FeeTable> = Vec::new();
    for file in files {
        let before = diags.error_count();
        let raw: RawTable = match yaml::parse(&file.text, &file.path, 1) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let at = |key: &str, value: Option<&str>| {
            yaml::locate(&file.text, key, value).map(|(l, c)| Position::new(l, c))
        };
        let find = |needle: &str| {
            file.text
                .lines()
                .position(|l| l.contains(needle))
                .map(|i| Position::new(i + 1, 1))
        };
        let err = |msg: String| Diagnostic::error(&file.path, msg);
        if config.region(&raw.region).is_none() {
            let codes: Vec<&str> = config.regions.iter().map(|r| r.code.as_str()).collect();
            diags.push(
                err(format!("unknown region `{}`", raw.region))
                    .at(at("region", Some(&raw.region)))
                    .help(format!(
                        "{}regions: {}",
                        suggestion(&raw.region, codes.iter().copied()),
                        codes.join(", ")
                    )),
            );
        }
        if tables.iter().any(|t| t.region == raw.region) {
            diags.push(
                err(format!("region `{}` already has a fee file", raw.region))
                    .at(at("region", None))
                    .help("keep one file per region, with one entry per validity period"),
            );
        }
        if let Some(e) = too_many(&raw.periods) {
            diags.push(err(e).at(at("periods", None)).help(
                "a region's fee file holds its current and earlier periods, each with a row per visit type; split or trim it",
            ));
            continue;
        }
        for (key, source) in &raw.sources {
            if !source.url.starts_with("https://") && !source.url.starts_with("http://") {
                diags.push(
                    err(format!(
                        "source `{key}` has no web address: `{}`",
                        source.url
                    ))
                    .at(at("url", Some(&source.url)))
                    .help("give the full address of the page the figures were read on, https://…"),
                );
            }
        }
        let mut periods = raw.periods;
        periods.sort_by_key(|p| p.valid_from);
        for p in &mut periods {
            let start = find(&format!("valid_from: {}", p.valid_from)).map_or(0, |h| h.line - 1);
            for (what, needle, e) in resolve_period(p, &raw.sources) {
                let here = find_from(&file.text, start, &needle);
                diags.push(match e {
                    Unresolved::NoSource => err(format!("{what} has no source"))
                        .at(here)
                        .help("name a key of `sources:` on the figure (`{value: 200, source: key}`), its ladder or its period (`source: key`), or mark it `example: true` if it cannot be checked"),
                    Unresolved::UnknownSource(key) => err(format!("{what} names the source `{key}`, which `sources:` does not have"))
                        .at(here)
                        .help(format!(
                            "{}sources: {}",
                            suggestion(&key, raw.sources.keys().map(String::as_str)),
                            raw.sources.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                        )),
                });
            }
        }
        for (i, p) in periods.iter().enumerate() {
            let here = find(&format!("valid_from: {}", p.valid_from));
            if let Some(to) = p.valid_to
                && to < p.valid_from
            {
                diags.push(
                    err(format!(
                        "the period from {} ends before it starts ({to})",
                        p.valid_from
                    ))
                    .at(here)
                    .help("valid_to is the last day the fees apply"),
                );
            }
            if let Some(next) = periods.get(i + 1) {
                let overlaps = p.valid_to.is_none_or(|to| to >= next.valid_from);
                if overlaps {
                    diags.push(
                        err(format!("the period from {} overlaps the period from {}", p.valid_from, next.valid_from))
                            .at(here)
                            .help("end each period (valid_to) the day before the next one starts; only the last may be open-ended"),
                    );
                }
            }
            let mut amounts: Vec<(String, i64)> = p
                .visits
                .iter()
                .map(|v| (format!("amount: {}", v.amount), v.amount))
                .collect();
            if let Some(fee) = &p.no_show_fee {
                amounts.push(("no_show_fee:".to_string(), fee.value));
            }
            amounts.extend([
                (
                    "outpatient_ceiling:".to_string(),
                    p.high_cost.outpatient_ceiling.value,
                ),
                ("free_under_age:".to_string(), p.free_under_age.value),
                ("free_from_age:".to_string(), p.free_from_age.value),
            ]);
            for (needle, amount) in amounts {
                if amount < 0 {
                    diags.push(
                        err(format!("negative amount {amount}"))
                            .at(find(&needle))
                            .help("amounts are whole SEK (or years), zero or more"),
                    );
                }
            }
            let mut seen = std::collections::BTreeSet::new();
            for v in &p.visits {
                if !seen.insert(v.kind.as_str()) {
                    // The second row of the type after the period's first line.
                    let from = here.map_or(0, |h| h.line);
                    let again = file
                        .text
                        .lines()
                        .enumerate()
                        .skip(from)
                        .filter(|(_, l)| {
                            l.trim_start().trim_start_matches("- ") == format!("type: {}", v.kind)
                        })
                        .nth(1)
                        .map(|(i, _)| Position::new(i + 1, 1));
                    diags.push(
                        err(format!(
                            "the period from {} lists the visit type `{}` twice",
                            p.valid_from, v.kind
                        ))
                        .at(again.or(here))
                        .help("keep one row per visit type in a period: the fee pages and the calculator would otherwise show both amounts"),
                    );
                }
                if !visit_types.contains(&v.kind) {
                    diags.push(
                        err(format!("unknown visit type `{}`", v.kind))
                            .at(find(&format!("type: {}", v.kind)))
                            .help(format!(
                                "{}visit types are the `fee_visit.*` keys in translations/: {}",
                                suggestion(&v.kind, visit_types.iter().map(String::as_str)),
                                visit_types.join(", ")
                            )),
                    );
                }
            }
            let older = p
                .high_cost
                .medicines_started_before
                .as_ref()
                .map(OlderMedicines::as_medicines);
            for m in std::iter::once(&p.high_cost.medicines).chain(older.as_ref()) {
                let mut prev = 0.0;
                for s in &m.steps {
                    if s.up_to <= prev || !(0.0..=100.0).contains(&s.share) {
                        diags.push(
                        err(format!("medicine step up to {} ({} %) is not valid", s.up_to, s.share))
                            .at(find(&format!("up_to: {}", s.up_to)))
                            .help("steps rise (each up_to above the last) and shares are percentages from 0 to 100"),
                    );
                    }
                    prev = s.up_to;
                }
                if (m.step_sum() - m.ceiling.value).abs() > 0.5 {
                    let start = here.map_or(0, |h| h.line - 1);
                    diags.push(
                    err(format!("the medicine ceiling {} does not match its steps, which add up to {}", m.ceiling.value, m.step_sum()))
                        .at(find_from(&file.text, start, "ceiling:"))
                        .help("the ceiling is what a patient pays in total across the steps; correct the ceiling or a step"),
                );
                }
            }
        }
        if diags.error_count() == before {
            tables.push(FeeTable {
                region: raw.region,
                source: file.path.clone(),
                receipts: raw.receipts,
                sources: raw.sources,
                periods,
            });
        }
    }
    tables.sort_by(|a, b| a.region.cmp(&b.region));
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_found_by_their_whole_value() {
        let text = "- up_to: 14250\n  share: 10\n- { up_to: 1425, share: 100 }\n";
        assert_eq!(find_from(text, 0, "up_to: 1425"), Some(Position::new(3, 5)));
        assert_eq!(find_from(text, 0, "share:"), Some(Position::new(2, 3)));
    }

    #[test]
    fn step_sum() {
        // The 2024 ladder (eHälsomyndigheten, "Hur fungerar högkostnadstrappan?"; Läkemedelsboken).
        let origin = || Some(Origin::Source("ehm".into()));
        let step = |up_to, share| Step {
            up_to,
            share,
            source: None,
            example: false,
            origin: origin(),
        };
        let m = Medicines {
            ceiling: Figure::new(2850.0, Origin::Source("ehm".into())),
            source: None,
            example: false,
            steps: vec![
                step(1425.0, 100.0),
                step(2720.0, 50.0),
                step(5054.0, 25.0),
                step(6994.0, 10.0),
            ],
        };
        assert!((m.step_sum() - 2850.0).abs() < 0.5, "{}", m.step_sum());
    }
}
