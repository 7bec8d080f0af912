//! E-services: the personal services (book, rebook, cancel, medical record, prescriptions,
//! registration, high-cost status) live in an external booking backend where people log in with
//! BankID. `site.yaml` describes each with an RFC 6570 URI template (expanded with the
//! `iri-string` crate); this module checks the templates at build time and builds the links. Links
//! carry only the unit's HSA-id, the page's language and a return address on this site: never
//! anything about the person.

use std::path::Path;

use iri_string::spec::UriSpec;
use iri_string::template::UriTemplateStr;
use iri_string::template::simple_context::SimpleContext;
use serde::Deserialize;

use crate::base::diagnostics::{Diagnostic, Position};

/// Whether a service is used at one health centre or nationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Unit,
    National,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub id: String,
    /// Translation key of the name (default `eservice.<id>`).
    #[serde(default)]
    pub name: Option<String>,
    /// Translation key of the description (default `eservice_desc.<id>`).
    #[serde(default)]
    pub description: Option<String>,
    pub template: String,
    pub login: Vec<String>,
    pub scope: Scope,
}

/// The `eservices:` section of site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EServicesConfig {
    pub backend: String,
    pub allowed_hosts: Vec<String>,
    /// Where return links point (default: the site's base_url); must be this site.
    #[serde(default)]
    pub return_base: Option<String>,
    pub services: Vec<ServiceConfig>,
}

/// A checked e-service.
#[derive(Debug, Clone)]
pub struct EService {
    pub id: String,
    pub name_key: String,
    pub description_key: String,
    pub template: String,
    pub login: Vec<String>,
    pub scope: Scope,
}

/// All e-services of the site (empty when site.yaml has none).
#[derive(Debug, Clone, Default)]
pub struct EServices {
    pub backend: String,
    /// Origin that return links start with, e.g. `https://example.org`.
    pub return_origin: String,
    pub services: Vec<EService>,
}

/// The variables a page can fill. `unit`/`hsa_id` exist only on a health centre's page.
pub const VARIABLES: &[&str] = &["backend", "unit", "hsa_id", "lang", "return", "return_url"];

impl EServices {
    pub fn get(&self, id: &str) -> Option<&EService> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The link to `service` from the page at `return_path` (root-relative) in `lang`, for the
    /// unit with `hsa_id` when there is one.
    pub fn link(
        &self,
        service: &EService,
        hsa_id: Option<&str>,
        lang: &str,
        return_path: &str,
    ) -> Result<String, String> {
        let return_url = format!("{}{return_path}", self.return_origin);
        expand(&service.template, &self.backend, hsa_id, lang, &return_url)
    }
}

fn expand(
    template: &str,
    backend: &str,
    hsa_id: Option<&str>,
    lang: &str,
    return_url: &str,
) -> Result<String, String> {
    let t = UriTemplateStr::new(template).map_err(|e| e.to_string())?;
    let mut ctx = SimpleContext::new();
    ctx.insert("backend", backend.trim_end_matches('/'));
    if let Some(id) = hsa_id {
        ctx.insert("unit", id);
        ctx.insert("hsa_id", id);
    }
    ctx.insert("lang", lang);
    ctx.insert("return", return_url);
    ctx.insert("return_url", return_url);
    t.expand::<UriSpec, _>(&ctx)
        .map(|e| e.to_string())
        .map_err(|e| e.to_string())
}

/// https, or plain http on this machine's loopback address (for testing against a stand-in).
fn acceptable_scheme(url: &url::Url) -> bool {
    url.scheme() == "https"
        || (url.scheme() == "http"
            && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")))
}

/// Checks the `eservices` section. `text` is site.yaml's text (for positions), `base_url` the
/// site's address.
pub fn check(
    raw: EServicesConfig,
    text: &str,
    file: &Path,
    base_url: &str,
    diags: &mut Vec<Diagnostic>,
) -> EServices {
    let at = |needle: &str| {
        text.lines().position(|l| l.contains(needle)).map(|i| {
            let line = text.lines().nth(i).unwrap_or_default();
            Position::new(
                i + 1,
                line[..line.find(needle).unwrap_or(0)].chars().count() + 1,
            )
        })
    };
    let err = |msg: String, pos: Option<Position>, help: &str| {
        Diagnostic::error(file, msg).at(pos).help(help.to_string())
    };
    let allowed: Vec<String> = raw
        .allowed_hosts
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let host_ok = |u: &url::Url| {
        u.host_str()
            .is_some_and(|h| allowed.iter().any(|a| a == &h.to_ascii_lowercase()))
    };
    match url::Url::parse(&raw.backend) {
        Ok(u) if !acceptable_scheme(&u) => diags.push(err(
            format!("the booking backend `{}` is not https", raw.backend),
            at(&raw.backend),
            "people log in with BankID there: the backend must be served over https://",
        )),
        Ok(u) if !host_ok(&u) => diags.push(err(
            format!(
                "the backend host `{}` is not in allowed_hosts",
                u.host_str().unwrap_or_default()
            ),
            at(&raw.backend),
            "add the host to eservices.allowed_hosts, or correct the backend address",
        )),
        Ok(_) => {}
        Err(_) => diags.push(err(
            format!("the booking backend `{}` is not a URL", raw.backend),
            at(&raw.backend),
            "write the backend's full address, e.g. https://e-tjanster.example.se",
        )),
    }
    let site = url::Url::parse(base_url).ok();
    let return_base = raw
        .return_base
        .clone()
        .unwrap_or_else(|| base_url.to_string());
    let return_origin = match (url::Url::parse(&return_base), &site) {
        (Ok(r), Some(s))
            if r.host_str() == s.host_str() && r.scheme() == s.scheme() && r.port() == s.port() =>
        {
            r.origin().ascii_serialization()
        }
        _ => {
            diags.push(err(format!("the return address `{return_base}` is not on this site ({base_url})"), at("return_base"), "return links must lead back to this site; remove return_base or set it to the site's own address"));
            String::new()
        }
    };
    let mut services = Vec::new();
    for s in raw.services {
        let pos = at(&s.template);
        if services.iter().any(|o: &EService| o.id == s.id) {
            diags.push(err(
                format!("e-service `{}` is listed twice", s.id),
                at(&format!("id: {}", s.id)),
                "give each service its own id",
            ));
        }
        if !crate::source::names::is_key(&s.id) {
            diags.push(err(
                format!("e-service id `{}` is not a valid key", s.id),
                at(&format!("id: {}", s.id)),
                "use lowercase ASCII letters, digits and `-`",
            ));
        }
        let template = match UriTemplateStr::new(&s.template) {
            Ok(t) => t,
            Err(e) => {
                diags.push(err(format!("the URI template of `{}` does not parse: {e}", s.id), pos, "write an RFC 6570 template, e.g. \"{+backend}/booking/new{?unit,lang,return}\""));
                continue;
            }
        };
        let mut bad_var = false;
        for var in template.variables() {
            let v = var.as_str();
            let unit_only = matches!(v, "unit" | "hsa_id");
            if !VARIABLES.contains(&v) {
                bad_var = true;
                diags.push(err(
                    format!("`{}` uses `{{{v}}}`, which no page can fill", s.id),
                    pos,
                    &format!(
                        "templates may use {}; links never carry personal data",
                        VARIABLES.join(", ")
                    ),
                ));
            } else if unit_only && s.scope == Scope::National {
                bad_var = true;
                diags.push(err(format!("`{}` is national but uses `{{{v}}}`, which only a health centre's page can fill", s.id), pos, "remove the variable, or make the service `scope: unit`"));
            }
        }
        if bad_var {
            continue;
        }
        match expand(&s.template, &raw.backend, Some("SE0000000000-X"), "sv", &format!("{base_url}sv/")) {
            Ok(link) => match url::Url::parse(&link) {
                Ok(u) if !acceptable_scheme(&u) => diags.push(err(format!("`{}` links to `{link}`, which is not https", s.id), pos, "start the template with {+backend} or an https:// address")),
                Ok(u) if !host_ok(&u) => diags.push(err(format!("`{}` links to host `{}`, which is not in allowed_hosts", s.id, u.host_str().unwrap_or_default()), pos, "link only to the booking backend's hosts, or add the host to eservices.allowed_hosts")),
                Ok(_) => {}
                Err(_) => diags.push(err(format!("`{}` expands to `{link}`, which is not an absolute URL", s.id), pos, "start the template with {+backend}")),
            },
            Err(e) => diags.push(err(format!("the URI template of `{}` cannot be expanded: {e}", s.id), pos, "check the template's operators and variable names")),
        }
        if s.login.is_empty() {
            diags.push(err(
                format!("`{}` lists no login methods", s.id),
                at(&format!("id: {}", s.id)),
                "add e.g. login: [bankid, freja]",
            ));
        }
        services.push(EService {
            name_key: s
                .name
                .clone()
                .unwrap_or_else(|| format!("eservice.{}", s.id)),
            description_key: s
                .description
                .clone()
                .unwrap_or_else(|| format!("eservice_desc.{}", s.id)),
            id: s.id,
            template: s.template,
            login: s.login,
            scope: s.scope,
        });
    }
    EServices {
        backend: raw.backend.trim_end_matches('/').to_string(),
        return_origin,
        services,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_yaml(services: &str) -> (EServices, Vec<Diagnostic>) {
        let text = format!(
            "backend: https://e.example\nallowed_hosts: [e.example]\nservices:\n{services}"
        );
        let raw: EServicesConfig = serde_yaml_ng::from_str(&text).unwrap();
        let mut diags = Vec::new();
        let e = check(
            raw,
            &text,
            Path::new("site.yaml"),
            "https://site.example/halsa/",
            &mut diags,
        );
        (e, diags)
    }

    #[test]
    fn expands_unit_links_with_return_address() {
        let (e, d) = check_yaml(
            "  - {id: book, template: \"{+backend}/booking/new{?unit,lang,return}\", login: [bankid], scope: unit}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let link = e
            .link(
                &e.services[0],
                Some("SE2321000016-7FJB"),
                "sv",
                "/halsa/sv/clinics/x/",
            )
            .expect("expands");
        assert_eq!(
            link,
            "https://e.example/booking/new?unit=SE2321000016-7FJB&lang=sv&return=https%3A%2F%2Fsite.example%2Fhalsa%2Fsv%2Fclinics%2Fx%2F"
        );
        let national = e
            .link(&e.services[0], None, "en", "/halsa/en/eservices/book/")
            .expect("expands");
        assert_eq!(
            national,
            "https://e.example/booking/new?lang=en&return=https%3A%2F%2Fsite.example%2Fhalsa%2Fen%2Feservices%2Fbook%2F"
        );
    }

    #[test]
    fn every_validation_error() {
        let cases = [
            ("{+backend/x", "does not parse"),
            ("{+backend}/x{?personnummer}", "which no page can fill"),
            ("https://evil.example/x{?lang}", "not in allowed_hosts"),
            ("http://e.example/x", "not https"),
        ];
        for (template, needle) in cases {
            let (_, d) = check_yaml(&format!(
                "  - {{id: book, template: \"{template}\", login: [bankid], scope: unit}}\n"
            ));
            assert!(
                d.iter()
                    .any(|x| x.message.contains(needle) && x.position.is_some()),
                "{template}: {d:?}"
            );
        }
        let (_, d) = check_yaml(
            "  - {id: journal, template: \"{+backend}/j{?unit}\", login: [bankid], scope: national}\n",
        );
        assert!(
            d.iter()
                .any(|x| x.message.contains("only a health centre's page can fill")),
            "{d:?}"
        );
        let text = "backend: http://e.example\nallowed_hosts: [e.example]\nservices: []\n";
        let raw: EServicesConfig = serde_yaml_ng::from_str(text).unwrap();
        let mut diags = Vec::new();
        check(
            raw,
            text,
            Path::new("site.yaml"),
            "https://site.example/",
            &mut diags,
        );
        assert!(diags[0].message.contains("is not https"));
        let text = "backend: https://e.example\nallowed_hosts: [e.example]\nreturn_base: https://other.example/\nservices: []\n";
        let raw: EServicesConfig = serde_yaml_ng::from_str(text).unwrap();
        let mut diags = Vec::new();
        check(
            raw,
            text,
            Path::new("site.yaml"),
            "https://site.example/",
            &mut diags,
        );
        assert!(
            diags[0].message.contains("is not on this site"),
            "{diags:?}"
        );
    }

    #[test]
    fn loopback_http_is_allowed_for_stand_ins() {
        let text = "backend: http://127.0.0.1:9000\nallowed_hosts: [127.0.0.1]\nservices: []\n";
        let raw: EServicesConfig = serde_yaml_ng::from_str(text).unwrap();
        let mut diags = Vec::new();
        check(
            raw,
            text,
            Path::new("site.yaml"),
            "https://site.example/",
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
    }
}
