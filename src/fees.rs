//! Patient fees per region: `content/fees/<region>.yaml`, with validity periods, visit fees, age
//! rules, the no-show fee and the national high-cost protection values for the period. Values are
//! data, never code: the fee pages and the calculator read them from here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, suggestion};
use crate::frontmatter::Date;
use crate::load::SourceFile;
use crate::yaml;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VisitFee {
    #[serde(rename = "type")]
    pub kind: String,
    pub amount: i64,
}

/// One step of the prescription-medicine scheme: up to `up_to` SEK of accumulated full price,
/// the patient pays `share` percent.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub up_to: f64,
    pub share: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Medicines {
    pub ceiling: f64,
    pub steps: Vec<Step>,
}

/// The medicine scheme for 12-month periods that began before `date` and are still running
/// (for example periods begun before 1 July 2025 keep the old ladder, adjusted each 1 January).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OlderMedicines {
    #[serde(serialize_with = "iso")]
    pub date: Date,
    pub ceiling: f64,
    pub steps: Vec<Step>,
}

impl OlderMedicines {
    fn as_medicines(&self) -> Medicines {
        Medicines {
            ceiling: self.ceiling,
            steps: self.steps.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HighCost {
    pub outpatient_ceiling: i64,
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
    /// What the values were checked against.
    pub source: String,
    /// Some values could not be verified against a public source: pages and calculator
    /// results from this period say so, in the reader's language.
    pub example: bool,
    pub visits: Vec<VisitFee>,
    pub free_under_age: i64,
    pub free_from_age: i64,
    pub no_show_fee: i64,
    pub high_cost: HighCost,
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
    periods: Vec<FeePeriod>,
}

/// A region's fee table, periods oldest first.
#[derive(Debug, Clone)]
pub struct FeeTable {
    pub region: String,
    pub source: PathBuf,
    pub receipts: Receipts,
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
        let mut periods = raw.periods;
        periods.sort_by_key(|p| p.valid_from);
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
            amounts.extend([
                (format!("no_show_fee: {}", p.no_show_fee), p.no_show_fee),
                (
                    format!("outpatient_ceiling: {}", p.high_cost.outpatient_ceiling),
                    p.high_cost.outpatient_ceiling,
                ),
                (
                    format!("free_under_age: {}", p.free_under_age),
                    p.free_under_age,
                ),
                (
                    format!("free_from_age: {}", p.free_from_age),
                    p.free_from_age,
                ),
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
                if (m.step_sum() - m.ceiling).abs() > 0.5 {
                    diags.push(
                    err(format!("the medicine ceiling {} does not match its steps, which add up to {}", m.ceiling, m.step_sum()))
                        .at(find(&format!("ceiling: {}", m.ceiling)))
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
    fn step_sum() {
        // The 2024 ladder (eHälsomyndigheten, "Hur fungerar högkostnadstrappan?"; Läkemedelsboken).
        let step = |up_to, share| Step { up_to, share };
        let m = Medicines {
            ceiling: 2850.0,
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
