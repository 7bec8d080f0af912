//! The theme's Tera templates, loaded once and cloned per language with the functions templates
//! call: `t(key=…, count=…, …)` for UI strings of the page's language (`ltr="phone"` isolates the
//! named values as left-to-right), `asset(name=…)` for a content-hashed asset URL, and the `ltr`
//! filter for numbers that must read left to right in every script. Template problems become diagnostics naming the template file.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Tera, Value};

use crate::base::diagnostics::Diagnostic;
use crate::source::files::SourceFile;
use crate::source::translations::Translations;

/// One Tera instance per language, all sharing the same parsed templates.
pub struct Templates {
    by_lang: BTreeMap<String, Tera>,
    /// Which file each template came from, for diagnostics.
    files: BTreeMap<String, std::path::PathBuf>,
}

impl Templates {
    /// Parses every template and checks that each `t(key="…")` names a key of the default language.
    pub fn new(
        sources: &BTreeMap<String, SourceFile>,
        langs: &[String],
        translations: Arc<Translations>,
        assets: Arc<BTreeMap<String, String>>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL unreadable; quotes, `<`, `>`
        // and `&` are what matter in text and quoted attributes.
        tera.set_escape_fn(escape);
        tera.register_filter("ltr", LtrFilter);
        let mut diags = Vec::new();
        let files = sources
            .iter()
            .map(|(n, f)| (n.clone(), f.path.clone()))
            .collect();
        let pairs: Vec<(&str, &str)> = sources
            .iter()
            .map(|(name, f)| (name.as_str(), f.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(pairs) {
            let name = sources
                .keys()
                .find(|n| e.to_string().contains(n.as_str()))
                .and_then(|n| sources.get(n))
                .map(|f| f.path.clone())
                .unwrap_or_else(|| "templates".into());
            diags.push(
                Diagnostic::error(name, error_chain(&e))
                    .help("fix the template syntax (see the Tera documentation)"),
            );
            return Err(diags);
        }
        for f in sources.values() {
            for (line, col, key) in translation_keys(&f.text) {
                if translations
                    .entry(translations.default_lang(), &key)
                    .is_err()
                {
                    diags.push(
                        Diagnostic::error(&f.path, format!("the template uses translation key `{key}`, which translations/{}.yaml does not have", translations.default_lang()))
                            .at_line(line, col)
                            .help("add the key to every translations file, or correct the template"),
                    );
                }
            }
        }
        for name in REQUIRED {
            if !sources.contains_key(*name) {
                diags.push(
                    Diagnostic::error(
                        format!("themes/default/templates/{name}"),
                        "required template is missing",
                    )
                    .help("restore it from the default theme"),
                );
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut by_lang = BTreeMap::new();
        for lang in langs {
            let mut t = tera.clone();
            t.register_function(
                "t",
                Translate {
                    lang: lang.clone(),
                    translations: translations.clone(),
                },
            );
            t.register_function(
                "asset",
                AssetUrl {
                    assets: assets.clone(),
                },
            );
            by_lang.insert(lang.clone(), t);
        }
        Ok(Templates { by_lang, files })
    }

    /// Renders template `name` for `lang` with `context`.
    pub fn render(
        &self,
        name: &str,
        lang: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        let tera = self.by_lang.get(lang).ok_or_else(|| {
            Diagnostic::error("site.yaml", format!("no templates for language `{lang}`"))
        })?;
        tera.render(name, context).map_err(|e| {
            let file = self.files.get(name).cloned().unwrap_or_else(|| name.into());
            Diagnostic::error(file, error_chain(&e))
                .help("check the template and the translation keys it uses")
        })
    }
}

/// Templates the renderer needs.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "article.html",
    "list.html",
    "topics.html",
    "a_o.html",
    "languages.html",
    "page.html",
    "404.html",
    "root.html",
    "search.html",
    "finder.html",
    "compare.html",
    "clinic.html",
    "region.html",
    "fees.html",
    "fee_region.html",
    "eservices.html",
    "eservice.html",
    "offline.html",
];

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// `(line, column, key)` of every `t(key="…")` call in a template.
fn translation_keys(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(pos) = rest.find("t(key=") {
            let after = &rest[pos + 6..];
            let quote = after.chars().next();
            if let Some(q @ ('"' | '\'')) = quote
                && let Some(end) = after[1..].find(q)
            {
                let col = line[..offset + pos].chars().count() + 1;
                out.push((i + 1, col, after[1..1 + end].to_string()));
            }
            offset += pos + 6;
            rest = &line[offset..];
        }
    }
    out
}

struct Translate {
    lang: String,
    translations: Arc<Translations>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("t() needs key=\"…\"")?;
        let count = args.get("count").and_then(Value::as_u64);
        let isolated: Vec<&str> = args
            .get("ltr")
            .and_then(Value::as_str)
            .map(|names| names.split(',').map(str::trim).collect())
            .unwrap_or_default();
        // Each value goes in as a marker, so that the text around it is escaped alone and the
        // value can be isolated after escaping.
        let values: Vec<(String, String)> = args
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "key" | "count" | "ltr"))
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect();
        let markers: Vec<String> = (0..values.len())
            .map(|i| format!("\u{E000}{i}\u{E001}"))
            .collect();
        let vars: Vec<(&str, &str)> = values
            .iter()
            .zip(&markers)
            .map(|((k, _), m)| (k.as_str(), m.as_str()))
            .collect();
        let text = self
            .translations
            .format(&self.lang, key, count, &vars)
            .map_err(|e| tera::Error::msg(e.to_string()))?;
        let mut html = escape(&text);
        for ((name, value), marker) in values.iter().zip(&markers) {
            let value = if isolated.contains(&name.as_str()) {
                ltr(value)
            } else {
                escape(value)
            };
            html = html.replace(marker.as_str(), &value);
        }
        Ok(Value::String(html))
    }

    /// Escapes its own output (as Tera would), so that `ltr="name"` can isolate a value.
    fn is_safe(&self) -> bool {
        true
    }
}

/// Text escaped for HTML, as the templates escape every value.
fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// `text` escaped, with each number in it isolated as left-to-right: a phone number, postcode,
/// amount, time or date range reads in the order it is written on a right-to-left page too
/// (`070-174 06 05` would otherwise show its digit groups as `05 06 070-174`), and never breaks
/// across lines. The words around a number (`kr`, `كرونة`, the word for "closed") stay in the
/// page's direction.
pub fn ltr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 40);
    let mut rest = text;
    while let Some((start, end)) = number_run(rest) {
        out.push_str(&escape(&rest[..start]));
        out.push_str("<bdi dir=\"ltr\" class=\"ltr\">");
        out.push_str(&escape(&rest[start..end]));
        out.push_str("</bdi>");
        rest = &rest[end..];
    }
    out.push_str(&escape(rest));
    out
}

/// The byte range of the first number in `text`: digits joined by at most three separators
/// each (`070-174 06 05`, `1 300–2 600`, `08.00–12.00, 13.00–17.00`); a full stop before a space
/// ends a sentence, not a number. The theme's `js/ltr.js` follows the same rule.
fn number_run(text: &str) -> Option<(usize, usize)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let chars: Vec<(usize, char)> = text[start..].char_indices().collect();
    let separator = |c: char| {
        matches!(
            c,
            ' ' | '\u{a0}' | '\u{202f}' | '.' | ',' | ':' | '/' | '-' | '–'
        )
    };
    let mut end = start;
    let mut i = 0;
    loop {
        while let Some(&(at, c)) = chars.get(i)
            && c.is_ascii_digit()
        {
            end = start + at + 1;
            i += 1;
        }
        let mut j = i;
        while j - i < 3
            && let Some(&(_, c)) = chars.get(j)
            && separator(c)
        {
            if c == '.' && chars.get(j + 1).is_some_and(|&(_, n)| n == ' ') {
                return Some((start, end));
            }
            j += 1;
        }
        if j == i || !chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit()) {
            return Some((start, end));
        }
        i = j;
    }
}

/// The `ltr` filter: `{{ clinic.phone | ltr }}`.
struct LtrFilter;

impl tera::Filter for LtrFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_string);
        Ok(Value::String(ltr(&text)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

struct AssetUrl {
    assets: Arc<BTreeMap<String, String>>,
}

impl tera::Function for AssetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = args
            .get("name")
            .and_then(Value::as_str)
            .ok_or("asset() needs name=\"…\"")?;
        self.assets
            .get(name)
            .map(|u| Value::String(u.clone()))
            .ok_or_else(|| {
                tera::Error::msg(format!("no asset `{name}` in the theme's static/ folder"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_isolated_left_to_right_and_words_are_not() {
        assert_eq!(
            ltr("070-174 06 05"),
            "<bdi dir=\"ltr\" class=\"ltr\">070-174 06 05</bdi>"
        );
        assert_eq!(
            ltr("<1 & 2>"),
            "&lt;<bdi dir=\"ltr\" class=\"ltr\">1</bdi> &amp; <bdi dir=\"ltr\" class=\"ltr\">2</bdi>&gt;"
        );
        assert_eq!(
            ltr("250 كرونة"),
            "<bdi dir=\"ltr\" class=\"ltr\">250</bdi> كرونة",
            "the word stays outside"
        );
        assert_eq!(
            ltr("08.00–12.00, 13.00–17.00"),
            "<bdi dir=\"ltr\" class=\"ltr\">08.00–12.00, 13.00–17.00</bdi>"
        );
        assert_eq!(
            ltr("1\u{a0}300–2\u{a0}600 kr"),
            "<bdi dir=\"ltr\" class=\"ltr\">1\u{a0}300–2\u{a0}600</bdi> kr"
        );
        assert_eq!(
            ltr("14 mars 2026. 08:00"),
            "<bdi dir=\"ltr\" class=\"ltr\">14</bdi> mars <bdi dir=\"ltr\" class=\"ltr\">2026</bdi>. <bdi dir=\"ltr\" class=\"ltr\">08:00</bdi>"
        );
        assert_eq!(ltr("Stängt"), "Stängt");
    }

    #[test]
    fn finds_translation_keys() {
        let keys = translation_keys("<p>{{ t(key=\"a.b\") }} {{ t(key='c', count=2) }}</p>\nx");
        assert_eq!(
            keys,
            vec![(1, 7, "a.b".to_string()), (1, 26, "c".to_string())]
        );
    }
}
