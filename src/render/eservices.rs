//! E-service pages: an overview, one page per service with its "Log in to …" action, and the
//! links on each health centre's page. Every login action comes with a way forward for people who
//! cannot log in (the unit's phone, 1177, 112, the EHIC note).

use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::views::{Chrome, Crumb};
use super::{chrome, home_crumb};
use crate::base::diagnostics::Diagnostic;
use crate::graph::pages::PageId;
use crate::model::Site;
use crate::source::clinics::Clinic;
use crate::source::eservices::{EService, Scope};

type Rendered = (&'static str, Chrome);

/// A service as a list entry or action.
#[derive(Serialize)]
pub(super) struct ServiceView {
    id: String,
    name: String,
    description: String,
    /// This site's page about the service.
    url: String,
    /// The backend link (login happens there).
    login_url: String,
    login_text: String,
    methods: String,
    per_unit: bool,
}

/// `name` with its first letter in lower case, to follow "Log in to …".
fn lower_first(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn service_view(
    site: &Site,
    lang: &str,
    s: &EService,
    unit: Option<&Clinic>,
    page_path: &str,
) -> Result<ServiceView, Diagnostic> {
    let t = &site.translations;
    let name = t.text(lang, &s.name_key)?;
    let methods = s
        .login
        .iter()
        .map(|m| t.text(lang, &format!("login.{m}")))
        .collect::<Result<Vec<_>, _>>()?;
    let hsa = if s.scope == Scope::Unit {
        unit.map(|u| u.hsa_id.as_str())
    } else {
        None
    };
    Ok(ServiceView {
        id: s.id.clone(),
        description: t.text(lang, &s.description_key)?,
        url: site.url(&PageId::EService(lang, &s.id)),
        login_url: site
            .config
            .eservices
            .link(s, hsa, lang, page_path)
            .map_err(|e| {
                Diagnostic::error(
                    "site.yaml",
                    format!(
                        "the template of e-service `{}` cannot be expanded: {e}",
                        s.id
                    ),
                )
                .help("correct the service's `template` in site.yaml (RFC 6570)")
            })?,
        login_text: t.format(
            lang,
            "eservices.login",
            None,
            &[("service", &lower_first(&name))],
        )?,
        methods: t.format(
            lang,
            "eservices.login_methods",
            None,
            &[("methods", &methods.join(", "))],
        )?,
        per_unit: s.scope == Scope::Unit,
        name,
    })
}

/// The e-services a unit offers, linked for that unit and page.
pub(super) fn unit_services(
    site: &Site,
    lang: &str,
    c: &Clinic,
    page_path: &str,
) -> Result<Vec<ServiceView>, Diagnostic> {
    c.eservices
        .iter()
        .filter_map(|id| site.config.eservices.get(id))
        .map(|s| service_view(site, lang, s, Some(c), page_path))
        .collect()
}

/// No-show fees from each region's newest fee period.
fn no_show_fees(site: &Site, lang: &str) -> Result<Vec<String>, Diagnostic> {
    site.fees
        .iter()
        .filter_map(|f| {
            let fee = f.periods.last()?.no_show_fee.as_ref()?;
            Some((f, fee))
        })
        .map(|(f, fee)| {
            let amount = site.translations.format(
                lang,
                "fees.sek",
                None,
                &[("amount", &fee.value.to_string())],
            )?;
            let mark = if fee.is_example() {
                format!(" ({})", site.translations.text(lang, "fees.example_mark")?)
            } else {
                String::new()
            };
            Ok(format!(
                "{}: {amount}{mark}",
                site.region_name(lang, &f.region)
            ))
        })
        .collect()
}

fn crumbs(site: &Site, lang: &str) -> Result<Vec<Crumb>, Diagnostic> {
    Ok(vec![
        home_crumb(site, lang)?,
        Crumb {
            title: site.translations.text(lang, "eservices.heading")?,
            url: site.url(&PageId::EServices(lang)),
        },
    ])
}

/// `/<lang>/eservices/`.
pub(super) fn overview(site: &Site, lang: &str, ctx: &mut Context) -> Result<Rendered, Diagnostic> {
    let t = &site.translations;
    let title = t.text(lang, "eservices.heading")?;
    let desc = t.text(lang, "eservices.intro")?;
    let path = site.url(&PageId::EServices(lang));
    let chrome = chrome(
        site,
        lang,
        "eservices",
        &title,
        &desc,
        PageId::EServices(lang),
        crumbs(site, lang)?,
    )?;
    let services = site
        .config
        .eservices
        .services
        .iter()
        .map(|s| service_view(site, lang, s, None, &path))
        .collect::<Result<Vec<_>, _>>()?;
    ctx.insert("services", &services);
    ctx.insert("no_show_fees", &no_show_fees(site, lang)?);
    Ok(("eservices.html", chrome))
}

/// `/<lang>/eservices/<id>/`.
pub(super) fn service(
    site: &Site,
    lang: &str,
    s: &EService,
    ctx: &mut Context,
) -> Result<Rendered, Diagnostic> {
    let page = PageId::EService(lang, &s.id);
    let path = site.url(&page);
    let view = service_view(site, lang, s, None, &path)?;
    let mut crumbs = crumbs(site, lang)?;
    crumbs.push(Crumb {
        title: view.name.clone(),
        url: path.clone(),
    });
    let chrome = chrome(
        site,
        lang,
        "eservices",
        &view.name,
        &view.description,
        page,
        crumbs,
    )?;
    ctx.insert("service", &view);
    ctx.insert("no_show_fees", &no_show_fees(site, lang)?);
    ctx.insert("extra", &json!({ "booking": matches!(s.id.as_str(), "book" | "rebook" | "cancel"), "journal": s.id == "journal", "prescription": s.id == "renew-prescription" }));
    Ok(("eservice.html", chrome))
}
