//! Fee pages: an overview with the high-cost protection explained and a page per region with its
//! fee tables (newest period first) and the calculator, whose rules live in `js/fees.js`.

use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::care::region_name;
use super::views::{Chrome, Crumb, format_date};
use super::{chrome, home_crumb, section_chrome};
use crate::diagnostics::Diagnostic;
use crate::fees::{FeePeriod, FeeTable};
use crate::model::Site;
use crate::pages::PageId;

type Rendered = (&'static str, Chrome);

fn fmt(site: &Site, lang: &str, key: &str, vars: &[(&str, &str)]) -> Result<String, Diagnostic> {
    site.translations
        .format(lang, key, None, vars)
        .map_err(Diagnostic::from)
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

#[derive(Serialize)]
struct Row {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct PeriodView {
    heading: String,
    visits: Vec<Row>,
    notes: Vec<String>,
    source: String,
    outpatient: String,
    medicine: String,
    /// The ladder of medicine periods begun before a date, when there is one.
    older_scheme: Option<String>,
    /// Some figures could not be verified.
    example: bool,
    steps: Vec<Row>,
}

fn period_view(site: &Site, lang: &str, p: &FeePeriod) -> Result<PeriodView, Diagnostic> {
    let number = NumberFormat::of(site, lang)?;
    let amount = |v: f64| number.amount(v);
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
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let notes = vec![
        fmt(
            site,
            lang,
            "fees.free_under",
            &[("age", &p.free_under_age.to_string())],
        )?,
        fmt(
            site,
            lang,
            "fees.free_from",
            &[("age", &p.free_from_age.to_string())],
        )?,
        fmt(
            site,
            lang,
            "fees.no_show",
            &[("amount", &amount(p.no_show_fee as f64))],
        )?,
    ];
    let mut steps = Vec::new();
    let mut prev = 0.0;
    for s in &p.high_cost.medicines.steps {
        steps.push(Row {
            label: fmt(
                site,
                lang,
                "fees.steps_from_to",
                &[("from", &amount(prev)), ("to", &amount(s.up_to))],
            )?,
            value: fmt(site, lang, "fees.percent", &[("share", &amount(s.share))])?,
        });
        prev = s.up_to;
    }
    steps.push(Row {
        label: fmt(site, lang, "fees.steps_above", &[("from", &amount(prev))])?,
        value: fmt(site, lang, "fees.percent", &[("share", "0")])?,
    });
    Ok(PeriodView {
        heading,
        visits,
        notes,
        source: p.source.clone(),
        outpatient: fmt(
            site,
            lang,
            "fees.outpatient_ceiling",
            &[("amount", &amount(p.high_cost.outpatient_ceiling as f64))],
        )?,
        medicine: fmt(
            site,
            lang,
            "fees.medicine_ceiling",
            &[("amount", &amount(p.high_cost.medicines.ceiling))],
        )?,
        older_scheme: p
            .high_cost
            .medicines_started_before
            .as_ref()
            .map(|o| {
                fmt(
                    site,
                    lang,
                    "fees.older_scheme",
                    &[
                        ("date", &format_date(site, lang, o.date)?),
                        ("amount", &sek(o.ceiling)?),
                    ],
                )
            })
            .transpose()?,
        example: p.example,
        steps,
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
            name: region_name(site, lang, &f.region),
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
    let name = region_name(site, lang, &table.region);
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
        .map(|p| period_view(site, lang, p))
        .collect::<Result<Vec<_>, _>>()?;
    let visit_labels: serde_json::Map<String, serde_json::Value> = table
        .periods
        .iter()
        .flat_map(|p| p.visits.iter().map(|v| v.kind.clone()))
        .map(|k| {
            let label = site.translations.text(lang, &format!("fee_visit.{k}"))?;
            Ok((k, json!(label)))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut strings = serde_json::Map::new();
    for key in [
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
    ] {
        strings.insert(
            key.to_string(),
            json!(site.translations.text(lang, &format!("calc.{key}"))?),
        );
    }
    // `number`: the separators the tables use, so the calculator writes amounts the same way.
    let data = json!({"periods": table.periods, "visits": visit_labels, "strings": strings, "months": site.translations.list(lang, "date.months")?, "dateFormat": site.translations.text(lang, "date.format")?, "number": NumberFormat::of(site, lang)?});
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
    ctx.insert("fee_data", &data.to_string());
    let mut options: Vec<(String, String)> = visit_labels
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    options.sort();
    ctx.insert(
        "visit_options",
        &options
            .into_iter()
            .map(|(key, label)| json!({"key": key, "label": label}))
            .collect::<Vec<_>>(),
    );
    Ok(("fee_region.html", chrome))
}
