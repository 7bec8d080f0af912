//! `vardguide new article <key>`: scaffolds an article with its front matter filled in and example
//! care cards, never overwriting a file. The language and topic are checked against site.yaml
//! first, the scaffold is a draft (its example cards must never go live by accident), and its
//! headings come from the language's `new_article.*` UI strings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostics::suggestion;
use crate::source::config::Config;

/// Why scaffolding failed.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(
        "`{0}` is not a valid article key: use lowercase ASCII letters, digits and `-`, e.g. `fever-adults`"
    )]
    BadKey(String),
    #[error("`{lang}` is not a language of this site: {hint}languages in site.yaml: {valid}")]
    UnknownLanguage {
        lang: String,
        hint: String,
        valid: String,
    },
    #[error("`{topic}` is not a topic of this site: {hint}topics in site.yaml: {valid}")]
    UnknownTopic {
        topic: String,
        hint: String,
        valid: String,
    },
    #[error("{0} already exists; vardguide new never overwrites a file")]
    Exists(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub key: &'a str,
    pub lang: &'a str,
    pub kind: &'a str,
    pub topic: &'a str,
    pub today: NaiveDate,
}

/// The scaffold's headings and example card openings, in the file's language.
#[derive(Debug, Clone)]
struct ScaffoldText {
    title: String,
    summary: String,
    reviewer_name: String,
    reviewer_role: String,
    body: String,
    what: String,
    selfcare: String,
    when: String,
    contact: String,
    urgent: String,
    emergency: String,
}

impl ScaffoldText {
    /// From the `new_article.*` strings of `translations/<lang>.yaml`; English where one is missing.
    fn for_lang(root: &Path, lang: &str) -> ScaffoldText {
        let strings: BTreeMap<String, serde_yaml_ng::Value> =
            std::fs::read_to_string(root.join("translations").join(format!("{lang}.yaml")))
                .ok()
                .and_then(|text| serde_yaml_ng::from_str(&text).ok())
                .unwrap_or_default();
        let get = |key: &str, english: &str| {
            strings
                .get(&format!("new_article.{key}"))
                .and_then(|v| v.as_str())
                .unwrap_or(english)
                .to_string()
        };
        ScaffoldText {
            title: get("title", "Title of the article"),
            summary: get("summary", "One sentence on what this article covers."),
            reviewer_name: get("reviewer_name", "Name Surname"),
            reviewer_role: get(
                "reviewer_role",
                "Role, for example physician, specialist in general practice",
            ),
            body: get("body", "Write in plain language, in short sentences."),
            what: get("what", "What it is"),
            selfcare: get("selfcare", "What you can do yourself"),
            when: get("when", "When to seek care"),
            contact: get(
                "contact",
                "Contact a health centre or call 1177 for medical advice if …",
            ),
            urgent: get(
                "urgent",
                "Seek care at once at a health centre or an out-of-hours clinic if …",
            ),
            emergency: get("emergency", "Call 112 if …"),
        }
    }
}

/// `text` as a double-quoted YAML scalar (JSON's string syntax is valid YAML), whatever it holds.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// Checks the language and topic against site.yaml, so that `new` never writes a file that
/// `check` rejects.
pub fn check_options(config: &Config, lang: &str, topic: &str) -> Result<(), NewError> {
    if config.language(lang).is_none() {
        return Err(NewError::UnknownLanguage {
            lang: lang.to_string(),
            hint: suggestion(lang, config.language_codes()),
            valid: config.language_codes().collect::<Vec<_>>().join(", "),
        });
    }
    if !config.topics.iter().any(|t| t == topic) {
        return Err(NewError::UnknownTopic {
            topic: topic.to_string(),
            hint: suggestion(topic, config.topics.iter().map(String::as_str)),
            valid: config.topics.join(", "),
        });
    }
    Ok(())
}

/// Writes `content/articles/<key>/<lang>.md` below `root`, as a draft. When the default
/// language's version exists and `lang` is another language, the new file is marked as its
/// translation.
pub fn article(root: &Path, config: &Config, new: &NewArticle<'_>) -> Result<PathBuf, NewError> {
    let NewArticle {
        key,
        lang,
        kind,
        topic,
        today,
    } = new.clone();
    if !crate::source::names::is_key(key) {
        return Err(NewError::BadKey(key.to_string()));
    }
    check_options(config, lang, topic)?;
    let default_lang = config.default_language.as_str();
    let dir = root.join("content/articles").join(key);
    let path = dir.join(format!("{lang}.md"));
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    let translated = if lang != default_lang && dir.join(format!("{default_lang}.md")).exists() {
        format!(
            "translated_from:\n  lang: {default_lang}\n  date: {today}   # the {default_lang} version's `updated` (or `reviewed`) date\n"
        )
    } else {
        String::new()
    };
    let t = ScaffoldText::for_lang(root, lang);
    let text = format!(
        "---\ntitle: {title}\nsummary: {summary}\nkind: {kind}             # symptom | illness | treatment | advice\ntopics: [{topic}]\nreviewed: {today}\nreviewer:\n  name: {reviewer_name}\n  role: {reviewer_role}\n{translated}# A draft is left out of `build` (and shown by `serve`). Remove this line when the text and\n# its care cards have been written and reviewed.\ndraft: true\n---\n\n## {what}\n\n{body}\n\n## {selfcare}\n\n:::care selfcare\n- …\n:::\n\n## {when}\n\n:::care contact\n{contact}\n:::\n\n:::care urgent\n{urgent}\n:::\n\n:::care emergency\n{emergency}\n:::\n",
        title = yaml_string(&t.title),
        summary = yaml_string(&t.summary),
        reviewer_name = yaml_string(&t.reviewer_name),
        reviewer_role = yaml_string(&t.reviewer_role),
        body = t.body,
        what = t.what,
        selfcare = t.selfcare,
        when = t.when,
        contact = t.contact,
        urgent = t.urgent,
        emergency = t.emergency,
    );
    std::fs::create_dir_all(&dir).map_err(|source| NewError::Io {
        path: dir.clone(),
        source,
    })?;
    // create_new: never overwrite, even if the file appeared since the check above.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(path.clone()),
            _ => NewError::Io {
                path: path.clone(),
                source,
            },
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|source| NewError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// `vardguide new article`'s arguments.
#[derive(clap::Args)]
pub struct ArticleArgs {
    /// The article's key: its folder name, e.g. `sunburn`.
    key: String,
    /// Language of the file (default: the site's default language).
    #[arg(long)]
    lang: Option<String>,
    #[arg(long, default_value = "symptom", value_parser = ["symptom", "illness", "treatment", "advice"])]
    kind: String,
    /// A topic key from site.yaml (default: the first one).
    #[arg(long)]
    topic: Option<String>,
    /// The site's root folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Runs `vardguide new article`.
pub fn run_article(args: ArticleArgs) -> std::process::ExitCode {
    use std::process::ExitCode;

    let ArticleArgs {
        key,
        lang,
        kind,
        topic,
        root,
    } = args;
    let Some(config) = super::site_config(&root) else {
        return ExitCode::FAILURE;
    };
    let lang = lang.unwrap_or_else(|| config.default_language.clone());
    let topic = topic
        .or_else(|| config.topics.first().cloned())
        .unwrap_or_default();
    let new = NewArticle {
        key: &key,
        lang: &lang,
        kind: &kind,
        topic: &topic,
        today: chrono::Local::now().date_naive(),
    };
    match article(&root, &config, &new) {
        Ok(path) => {
            println!(
                "Created {} as a draft. Write the text and care cards, remove `draft: true` when it has been reviewed, then run vardguide check.",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
