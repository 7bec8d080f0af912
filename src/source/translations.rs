//! UI translations: `translations/<lang>.yaml`, one catalog per language with plain strings, lists
//! and CLDR plural forms (rules from ICU4X's CLDR data). Checks that every language has every key
//! of the default language and the plural forms its grammar needs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use icu_plurals::{PluralCategory, PluralRules, PluralRulesPreferences};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::source::config::Config;
use crate::source::files::SourceFile;
use crate::source::yaml;

/// One translated value.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    /// Forms by CLDR category name (`zero`, `one`, `two`, `few`, `many`, `other`).
    Plural(BTreeMap<String, String>),
    List(Vec<String>),
}

impl Entry {
    fn shape(&self) -> &'static str {
        match self {
            Entry::Text(_) => "a string",
            Entry::Plural(_) => "a map of plural forms",
            Entry::List(_) => "a list",
        }
    }
}

/// The strings of one language.
pub struct Catalog {
    pub lang: String,
    pub file: PathBuf,
    pub entries: BTreeMap<String, Entry>,
    /// Where each key is written, for diagnostics.
    positions: BTreeMap<String, Position>,
    rules: PluralRules,
}

impl Catalog {
    /// The CLDR plural category name for `n` in this language.
    pub fn plural_category(&self, n: u64) -> &'static str {
        category_name(self.rules.category_for(n))
    }
}

/// Per-language coverage of UI strings, printed when fallback is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub lang: String,
    pub translated: usize,
    pub total: usize,
}

/// All catalogs of the site.
pub struct Translations {
    default_lang: String,
    fallback: bool,
    catalogs: BTreeMap<String, Catalog>,
    pub coverage: Vec<Coverage>,
}

/// Why a string could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    MissingKey {
        key: String,
        lang: String,
    },
    WrongShape {
        key: String,
        lang: String,
        expected: &'static str,
    },
    /// A plural entry without the form a count needs, nor `other`.
    MissingForm {
        key: String,
        lang: String,
        form: &'static str,
    },
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::MissingKey { key, lang } => write!(
                f,
                "translation key `{key}` is missing in translations/{lang}.yaml"
            ),
            LookupError::WrongShape {
                key,
                lang,
                expected,
            } => {
                write!(
                    f,
                    "translation key `{key}` in translations/{lang}.yaml must be {expected}"
                )
            }
            LookupError::MissingForm { key, lang, form } => write!(
                f,
                "translation key `{key}` in translations/{lang}.yaml has neither the `{form}` form nor `other`"
            ),
        }
    }
}

impl Translations {
    pub fn catalog(&self, lang: &str) -> Option<&Catalog> {
        self.catalogs.get(lang)
    }

    pub fn default_lang(&self) -> &str {
        &self.default_lang
    }

    /// The entry for `key` in `lang`, or the default language's when fallback is on.
    pub fn entry(&self, lang: &str, key: &str) -> Result<&Entry, LookupError> {
        let found = self.catalogs.get(lang).and_then(|c| c.entries.get(key));
        let found = match found {
            Some(e) => Some(e),
            None if self.fallback => self
                .catalogs
                .get(&self.default_lang)
                .and_then(|c| c.entries.get(key)),
            None => None,
        };
        found.ok_or_else(|| LookupError::MissingKey {
            key: key.to_string(),
            lang: lang.to_string(),
        })
    }

    /// A plain string.
    pub fn text(&self, lang: &str, key: &str) -> Result<String, LookupError> {
        self.format(lang, key, None, &[])
    }

    /// The string for `key`, with the plural form for `count` where the entry has forms, and
    /// `{name}` placeholders filled from `vars` (`{count}` from `count`).
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        count: Option<u64>,
        vars: &[(&str, &str)],
    ) -> Result<String, LookupError> {
        let entry = self.entry(lang, key)?;
        let template = match (entry, count) {
            (Entry::Text(s), _) => s.clone(),
            (Entry::Plural(forms), count) => {
                let form = match count {
                    Some(n) => self
                        .catalogs
                        .get(lang)
                        .map_or("other", |c| c.plural_category(n)),
                    None => "other",
                };
                // Loading checks every form a language needs, so this is found; if it were not,
                // the page would say nothing where it should say something: an error instead.
                forms
                    .get(form)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .ok_or_else(|| LookupError::MissingForm {
                        key: key.to_string(),
                        lang: lang.to_string(),
                        form,
                    })?
            }
            (Entry::List(_), _) => {
                return Err(LookupError::WrongShape {
                    key: key.to_string(),
                    lang: lang.to_string(),
                    expected: "a string",
                });
            }
        };
        let mut s = template;
        if let Some(n) = count {
            s = s.replace("{count}", &n.to_string());
        }
        for (name, value) in vars {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        Ok(s)
    }

    /// The CLDR forms of `key` (a plain string counts as the `other` form), for scripts that
    /// choose the form with `Intl.PluralRules`.
    pub fn plural_forms(
        &self,
        lang: &str,
        key: &str,
    ) -> Result<BTreeMap<String, String>, LookupError> {
        match self.entry(lang, key)? {
            Entry::Plural(forms) => Ok(forms.clone()),
            Entry::Text(s) => Ok(BTreeMap::from([("other".to_string(), s.clone())])),
            Entry::List(_) => Err(LookupError::WrongShape {
                key: key.to_string(),
                lang: lang.to_string(),
                expected: "a map of plural forms",
            }),
        }
    }

    pub fn list(&self, lang: &str, key: &str) -> Result<Vec<String>, LookupError> {
        match self.entry(lang, key)? {
            Entry::List(items) => Ok(items.clone()),
            _ => Err(LookupError::WrongShape {
                key: key.to_string(),
                lang: lang.to_string(),
                expected: "a list",
            }),
        }
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Plural rules for a language code from ICU4X's compiled CLDR data.
pub fn plural_rules(lang: &str) -> Option<PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(lang).ok()?;
    PluralRules::try_new_cardinal(PluralRulesPreferences::from(&locale)).ok()
}

/// Loads and checks the catalogs of every configured language.
pub fn load(
    config: &Config,
    files: &BTreeMap<String, SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Translations> {
    let before = diags.error_count();
    let mut catalogs = BTreeMap::new();
    for lang in config.language_codes() {
        let path = PathBuf::from(format!("translations/{lang}.yaml"));
        let Some(file) = files.get(lang) else {
            diags.push(
                Diagnostic::error(
                    &path,
                    format!(
                        "language `{lang}` is configured in site.yaml but has no translations file"
                    ),
                )
                .help(format!(
                    "create {} (copy translations/{}.yaml and translate it)",
                    path.display(),
                    config.default_language
                )),
            );
            continue;
        };
        if let Some(c) = parse_catalog(lang, file, diags) {
            catalogs.insert(lang.to_string(), c);
        }
    }
    for (lang, file) in files {
        if config.language(lang).is_none() {
            diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "language `{lang}` is not configured in site.yaml; this file is ignored"
                    ),
                )
                .help("add the language under `languages:` in site.yaml, or remove the file"),
            );
        }
    }

    let mut coverage = Vec::new();
    if let Some(default) = catalogs.get(&config.default_language) {
        for (lang, catalog) in &catalogs {
            let mut translated = 0;
            for (key, entry) in &default.entries {
                match catalog.entries.get(key) {
                    Some(e) => {
                        translated += 1;
                        if std::mem::discriminant(e) != std::mem::discriminant(entry) {
                            diags.push(
                                Diagnostic::error(&catalog.file, format!("`{key}` is {} here but {} in translations/{}.yaml", e.shape(), entry.shape(), config.default_language))
                                    .at(locate_key(catalog, key))
                                    .help("write the same kind of value in every language"),
                            );
                        }
                    }
                    None if config.fallback_to_default => {}
                    None => diags.push(
                        Diagnostic::error(&catalog.file, format!("translation key `{key}` is missing in language `{lang}`"))
                            .help(format!(
                                "add `{key}:` to {} (see translations/{}.yaml), or set `translations: {{fallback_to_default: true}}` in site.yaml",
                                catalog.file.display(),
                                config.default_language
                            )),
                    ),
                }
            }
            for key in catalog.entries.keys() {
                if !default.entries.contains_key(key) {
                    diags.push(
                        Diagnostic::warning(&catalog.file, format!("translation key `{key}` is not in translations/{}.yaml and is never used", config.default_language))
                            .at(locate_key(catalog, key))
                            .help("remove it, or add it to the default language too"),
                    );
                }
            }
            coverage.push(Coverage {
                lang: lang.clone(),
                translated,
                total: default.entries.len(),
            });
        }
    }
    for topic in &config.topics {
        let key = format!("topic.{topic}");
        if let Some(default) = catalogs.get(&config.default_language)
            && !default.entries.contains_key(&key)
        {
            diags.push(
                Diagnostic::error(
                    &default.file,
                    format!("topic `{topic}` has no name: key `{key}` is missing"),
                )
                .help(format!("add `{key}: …` to every translations file")),
            );
        }
    }
    if diags.error_count() > before {
        return None;
    }
    Some(Translations {
        default_lang: config.default_language.clone(),
        fallback: config.fallback_to_default,
        catalogs,
        coverage,
    })
}

fn locate_key(catalog: &Catalog, key: &str) -> Option<Position> {
    catalog.positions.get(key).copied()
}

fn parse_catalog(lang: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<Catalog> {
    let raw: BTreeMap<String, serde_yaml_ng::Value> = match yaml::parse(&file.text, &file.path, 1) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let Some(rules) = plural_rules(lang) else {
        diags.push(
            Diagnostic::error(&file.path, format!("no plural rules for language `{lang}`"))
                .help("check the language code in site.yaml"),
        );
        return None;
    };
    let needed: Vec<&'static str> = rules.categories().map(category_name).collect();
    let at = |key: &str| yaml::locate(&file.text, key, None).map(|(l, c)| Position::new(l, c));
    let mut entries = BTreeMap::new();
    let mut positions = BTreeMap::new();
    for (key, value) in raw {
        let entry = match value {
            serde_yaml_ng::Value::String(s) => Entry::Text(s),
            serde_yaml_ng::Value::Number(n) => Entry::Text(n.to_string()),
            serde_yaml_ng::Value::Sequence(items) => {
                Entry::List(items.iter().map(scalar_text).collect())
            }
            serde_yaml_ng::Value::Mapping(map) => {
                let mut forms = BTreeMap::new();
                for (k, v) in map {
                    let k = scalar_text(&k);
                    if !CATEGORY_NAMES.contains(&k.as_str()) {
                        diags.push(
                            Diagnostic::error(
                                &file.path,
                                format!("`{key}` has an unknown plural form `{k}`"),
                            )
                            .at(at(&key))
                            .help(format!(
                                "plural forms are {}; `{lang}` uses {}",
                                CATEGORY_NAMES.join(", "),
                                needed.join(", ")
                            )),
                        );
                    }
                    forms.insert(k, scalar_text(&v));
                }
                let missing: Vec<&str> = needed
                    .iter()
                    .copied()
                    .filter(|c| !forms.contains_key(*c))
                    .collect();
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            &file.path,
                            format!(
                                "`{key}` lacks the plural form(s) {} that `{lang}` needs",
                                missing.join(", ")
                            ),
                        )
                        .at(at(&key))
                        .help(format!(
                            "`{lang}` uses the CLDR forms {}",
                            needed.join(", ")
                        )),
                    );
                }
                Entry::Plural(forms)
            }
            _ => {
                diags.push(
                    Diagnostic::error(&file.path, format!("`{key}` has no usable value"))
                        .at(at(&key))
                        .help("write a string, a list, or a map of plural forms"),
                );
                continue;
            }
        };
        if let Some(p) = at(&key) {
            positions.insert(key.clone(), p);
        }
        entries.insert(key, entry);
    }
    Some(Catalog {
        lang: lang.to_string(),
        file: file.path.clone(),
        entries,
        positions,
        rules,
    })
}

fn scalar_text(v: &serde_yaml_ng::Value) -> String {
    match v {
        serde_yaml_ng::Value::String(s) => s.clone(),
        serde_yaml_ng::Value::Number(n) => n.to_string(),
        serde_yaml_ng::Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A missing or misshapen UI string, as a diagnostic on the language's translations file.
impl From<LookupError> for crate::base::diagnostics::Diagnostic {
    fn from(e: LookupError) -> Self {
        let lang = match &e {
            LookupError::MissingKey { lang, .. }
            | LookupError::WrongShape { lang, .. }
            | LookupError::MissingForm { lang, .. } => lang.clone(),
        };
        crate::base::diagnostics::Diagnostic::error(
            format!("translations/{lang}.yaml"),
            e.to_string(),
        )
        .help("add the key to every translations file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_plural_categories() {
        let ar = plural_rules("ar").unwrap();
        let names: Vec<_> = [0u64, 1, 2, 3, 11, 100]
            .iter()
            .map(|n| category_name(ar.category_for(*n)))
            .collect();
        assert_eq!(names, ["zero", "one", "two", "few", "many", "other"]);
        let sv = plural_rules("sv").unwrap();
        assert_eq!(category_name(sv.category_for(1u64)), "one");
        assert_eq!(category_name(sv.category_for(2u64)), "other");
        assert_eq!(plural_rules("so").unwrap().categories().count(), 2);
    }
}
