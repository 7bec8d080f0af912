//! Fee pages: an overview with the high-cost protection explained and a page per region with its
//! fee tables (newest period first) and the calculator, whose rules live in `js/fees.js`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::views::{Chrome, Crumb, format_date};
use super::{chrome, home_crumb, section_chrome};
use crate::base::diagnostics::Diagnostic;
use crate::graph::pages::PageId;
use crate::model::Site;
use crate::source::fees::{FeePeriod, FeeTable, Figure, Origin};

type Rendered = (&'static str, Chrome);

fn fmt(site: &Site, lang: &str, key: &str, vars: &[(&str, &str)]) -> Result<String, Diagnostic> {
    site.translations
        .format(lang, key, None, vars)
        .map_err(Diagnostic::from)
}

/// The UI strings the calculator shows (`calc.<key>` in the translations).
const CALCULATOR_STRINGS: &[&str] = &[
    "remaining",
    "reached",
    "period_end",
    "visit_charged",
    "medicine_result",
    "medicine_paid",
    "medicine_free",
    "invalid",
    "age_free_outpatient",
    "age_free_medicines",
    "no_data",
    "no_data_onwards",
    "example_notice",
    "one_time_sum",
    "old_ladder",
    "new_period",
];

/// The data `calculator.js` reads from a region's fee page (`data-fees`). The top-level fields
/// are the contract with the script: tests/testsuite/care.rs checks them against `DATA_FIELDS`
/// in calculator.js. A period is the fee table's, as written in its YAML, plus `example`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CalculatorData<'a> {
    /// How the language writes a date (`{day} {month} {year}`).
    date_format: String,
    months: Vec<String>,
    number: NumberFormat,
    periods: Vec<PeriodData<'a>>,
    strings: BTreeMap<&'static str, String>,
    /// Each visit type's name.
    visits: BTreeMap<String, String>,
}

/// A fee period, with `example` set when any of its figures is one: the calculator then says so
/// with every answer it gives from the period.
#[derive(Serialize)]
struct PeriodData<'a> {
    #[serde(flatten)]
    period: &'a FeePeriod,
    example: bool,
}

/// How a language writes numbers: its digit-group and decimal separators (`number.group` and
/// `number.decimal` in its translations), so "2 950" in Swedish and "2,950" in English.
#[derive(Debug, Clone, Serialize)]
pub(super) struct NumberFormat {
    group: String,
    decimal: String,
}

impl NumberFormat {
    pub(super) fn of(site: &Site, lang: &str) -> Result<NumberFormat, Diagnostic> {
        Ok(NumberFormat {
            group: site.translations.text(lang, "number.group")?,
            decimal: site.translations.text(lang, "number.decimal")?,
        })
    }

    /// Whole kronor without decimals, else two decimals; digits grouped by three.
    pub(super) fn amount(&self, v: f64) -> String {
        let cents = (v * 100.0).round() as i64;
        let (whole, frac) = (cents.abs() / 100, cents.abs() % 100);
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(&self.group);
            }
            grouped.push(c);
        }
        let sign = if cents < 0 { "-" } else { "" };
        if frac == 0 {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac:02}", self.decimal)
        }
    }
}

/// What follows a figure on the page: the number of its source in the period's list, or the
/// example mark.
#[derive(Serialize, Default)]
struct Mark {
    /// The source's number in the period's list (from 1); 0 for an example.
    source: usize,
    example: bool,
}

#[derive(Serialize)]
struct Row {
    label: String,
    value: String,
    mark: Mark,
}

/// A line of text with the mark of its figure.
#[derive(Serialize)]
struct Line {
    text: String,
    mark: Mark,
}

/// A source in a period's list, for readers.
#[derive(Serialize)]
struct SourceView {
    number: usize,
    publisher: String,
    title: String,
    lang: String,
    url: String,
    /// "read 1 December 2026", in the reader's language.
    read: String,
}

#[derive(Serialize)]
struct PeriodView {
    heading: String,
    visits: Vec<Row>,
    notes: Vec<Line>,
    outpatient: Line,
    medicine: Line,
    /// The ladder of medicine periods begun before a date, when there is one.
    older_scheme: Option<Line>,
    /// Some figures are examples.
    example: bool,
    steps: Vec<Row>,
    sources: Vec<SourceView>,
}

/// The sources of one period, numbered in the order the page first cites them.
struct Cited<'a> {
    table: &'a FeeTable,
    order: std::cell::RefCell<Vec<&'a str>>,
}

impl<'a> Cited<'a> {
    fn mark(&self, origin: Option<&'a Origin>) -> Mark {
        match origin {
            Some(Origin::Source(key)) => {
                let mut order = self.order.borrow_mut();
                let at = match order.iter().position(|k| *k == key.as_str()) {
                    Some(i) => i,
                    None => {
                        order.push(key.as_str());
                        order.len() - 1
                    }
                };
                Mark {
                    source: at + 1,
                    example: false,
                }
            }
            // `load` gives every figure an origin; one without is shown as an example.
            Some(Origin::Example) | None => Mark {
                source: 0,
                example: true,
            },
        }
    }

    fn views(&self, site: &Site, lang: &str) -> Result<Vec<SourceView>, Diagnostic> {
        self.order
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, key)| self.table.sources.get(*key).map(|s| (i, s)))
            .map(|(i, s)| {
                Ok(SourceView {
                    number: i + 1,
                    publisher: s.publisher.clone(),
                    title: s.title.clone(),
                    lang: s.lang.clone(),
                    url: s.url.clone(),
                    read: fmt(
                        site,
                        lang,
                        "fees.source_read",
                        &[("date", &format_date(site, lang, s.read)?)],
                    )?,
                })
            })
            .collect()
    }
}

fn period_view<'a>(
    site: &Site,
    lang: &str,
    table: &'a FeeTable,
    p: &'a FeePeriod,
) -> Result<PeriodView, Diagnostic> {
    let number = NumberFormat::of(site, lang)?;
    let amount = |v: f64| number.amount(v);
    let cited = Cited {
        table,
        order: Default::default(),
    };
    let from = format_date(site, lang, p.valid_from)?;
    let heading = match p.valid_to {
        Some(to) => fmt(
            site,
            lang,
            "fees.period_to",
            &[("from", &from), ("to", &format_date(site, lang, to)?)],
        )?,
        None => fmt(site, lang, "fees.period", &[("from", &from)])?,
    };
    let sek = |v: f64| fmt(site, lang, "fees.sek", &[("amount", &amount(v))]);
    let visits = p
        .visits
        .iter()
        .map(|v| {
            Ok(Row {
                label: site
                    .translations
                    .text(lang, &format!("fee_visit.{}", v.kind))?,
                value: sek(v.amount as f64)?,
                mark: cited.mark(v.origin.as_ref()),
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let line =
        |key: &str, name: &str, value: String, f: &'a Figure<i64>| -> Result<Line, Diagnostic> {
            Ok(Line {
                text: fmt(site, lang, key, &[(name, &value)])?,
                mark: cited.mark(f.origin.as_ref()),
            })
        };
    let mut notes = vec![
        line(
            "fees.free_under",
            "age",
            p.free_under_age.value.to_string(),
            &p.free_under_age,
        )?,
        line(
            "fees.free_from",
            "age",
            p.free_from_age.value.to_string(),
            &p.free_from_age,
        )?,
    ];
    if let Some(fee) = &p.no_show_fee {
        notes.push(line(
            "fees.no_show",
            "amount",
            amount(fee.value as f64),
            fee,
        )?);
    }
    let outpatient = line(
        "fees.outpatient_ceiling",
        "amount",
        amount(p.high_cost.outpatient_ceiling.value as f64),
        &p.high_cost.outpatient_ceiling,
    )?;
    let medicines = &p.high_cost.medicines;
    let medicine = Line {
        text: fmt(
            site,
            lang,
            "fees.medicine_ceiling",
            &[("amount", &amount(medicines.ceiling.value))],
        )?,
        mark: cited.mark(medicines.ceiling.origin.as_ref()),
    };
    let older_scheme = p
        .high_cost
        .medicines_started_before
        .as_ref()
        .map(|o| {
            Ok::<_, Diagnostic>(Line {
                text: fmt(
                    site,
                    lang,
                    "fees.older_scheme",
                    &[
                        ("date", &format_date(site, lang, o.date)?),
                        ("amount", &sek(o.ceiling.value)?),
                    ],
                )?,
                mark: cited.mark(o.ceiling.origin.as_ref()),
            })
        })
        .transpose()?;
    let mut steps = Vec::new();
    let mut prev = 0.0;
    for s in &medicines.steps {
        steps.push(Row {
            label: fmt(
                site,
                lang,
                "fees.steps_from_to",
                &[("from", &amount(prev)), ("to", &amount(s.up_to))],
            )?,
            value: fmt(site, lang, "fees.percent", &[("share", &amount(s.share))])?,
            mark: cited.mark(s.origin.as_ref()),
        });
        prev = s.up_to;
    }
    // Above the last step the patient pays nothing: the ceiling's own provenance.
    steps.push(Row {
        label: fmt(site, lang, "fees.steps_above", &[("from", &amount(prev))])?,
        value: fmt(site, lang, "fees.percent", &[("share", "0")])?,
        mark: cited.mark(medicines.ceiling.origin.as_ref()),
    });
    Ok(PeriodView {
        heading,
        visits,
        notes,
        outpatient,
        medicine,
        older_scheme,
        example: p.any_example(),
        steps,
        sources: cited.views(site, lang)?,
    })
}

#[derive(Serialize)]
struct RegionLink {
    name: String,
    url: String,
}

/// `/<lang>/fees/`: what the high-cost protection is, and the regions' fee pages.
pub(super) fn overview(site: &Site, lang: &str, ctx: &mut Context) -> Result<Rendered, Diagnostic> {
    let title = site.translations.text(lang, "fees.heading")?;
    let desc = site.translations.text(lang, "fees.intro")?;
    let chrome = section_chrome(site, PageId::Fees(lang), "fees", &title, &desc)?;
    let regions: Vec<RegionLink> = site
        .fees
        .iter()
        .map(|f| RegionLink {
            name: site.region_name(lang, &f.region),
            url: site.url(&PageId::FeeRegion(lang, &f.region)),
        })
        .collect();
    ctx.insert("regions", &regions);
    ctx.insert("table", &None::<String>);
    Ok(("fees.html", chrome))
}

/// `/<lang>/fees/<region>/`: the region's fees, newest period first, and the calculator.
pub(super) fn region(
    site: &Site,
    lang: &str,
    table: &FeeTable,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let name = site.region_name(lang, &table.region);
    let title = fmt(site, lang, "fees.region_heading", &[("region", &name)])?;
    let page = PageId::FeeRegion(lang, &table.region);
    let crumbs = vec![
        home_crumb(site, lang)?,
        Crumb {
            title: site.translations.text(lang, "fees.heading")?,
            url: site.url(&PageId::Fees(lang)),
        },
        Crumb {
            title: title.clone(),
            url: site.url(&page),
        },
    ];
    let chrome = chrome(site, lang, "fees", &title, &title, page, crumbs)?;
    let periods = table
        .periods
        .iter()
        .rev()
        .map(|p| period_view(site, lang, table, p))
        .collect::<Result<Vec<_>, _>>()?;
    let visits: BTreeMap<String, String> = table
        .periods
        .iter()
        .flat_map(|p| p.visits.iter().map(|v| v.kind.clone()))
        .map(|k| {
            let label = site.translations.text(lang, &format!("fee_visit.{k}"))?;
            Ok((k, label))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut strings = BTreeMap::new();
    for key in CALCULATOR_STRINGS {
        strings.insert(*key, site.translations.text(lang, &format!("calc.{key}"))?);
    }
    let data = CalculatorData {
        date_format: site.translations.text(lang, "date.format")?,
        months: site.translations.list(lang, "date.months")?,
        number: NumberFormat::of(site, lang)?,
        periods: table
            .periods
            .iter()
            .map(|period| PeriodData {
                example: period.any_example(),
                period,
            })
            .collect(),
        strings,
        visits: visits.clone(),
    };
    let data = serde_json::to_string(&data).map_err(|e| {
        Diagnostic::error(&table.source, format!("cannot write the fee data: {e}")).bug()
    })?;
    ctx.insert(
        "region",
        &json!({"code": table.region, "name": name, "title": title}),
    );
    ctx.insert("periods", &periods);
    ctx.insert(
        "receipts",
        &site
            .translations
            .text(lang, &format!("fees.receipts.{}", table.receipts.as_str()))?,
    );
    ctx.insert("fee_data", &data);
    let options: Vec<(String, String)> = visits.into_iter().collect();
    ctx.insert(
        "visit_options",
        &options
            .into_iter()
            .map(|(key, label)| json!({"key": key, "label": label}))
            .collect::<Vec<_>>(),
    );
    Ok(("fee_region.html", chrome))
}
