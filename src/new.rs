//! `vardguide new article <key>`: scaffolds an article with its front matter filled in and example
//! care cards, never overwriting a file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// Why scaffolding failed.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(
        "`{0}` is not a valid article key: use lowercase ASCII letters, digits and `-`, e.g. `fever-adults`"
    )]
    BadKey(String),
    #[error("{0} already exists; vardguide new never overwrites a file")]
    Exists(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes `content/articles/<key>/<lang>.md` below `root`. When the default language's version
/// exists and `lang` is another language, the new file is marked as its translation.
pub fn article(
    root: &Path,
    key: &str,
    lang: &str,
    default_lang: &str,
    kind: &str,
    topic: &str,
    today: NaiveDate,
) -> Result<PathBuf, NewError> {
    if !crate::config::is_key(key) {
        return Err(NewError::BadKey(key.to_string()));
    }
    let dir = root.join("content/articles").join(key);
    let path = dir.join(format!("{lang}.md"));
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    let title = key.replace('-', " ");
    let title = format!("{}{}", title[..1].to_uppercase(), &title[1..]);
    let translated = if lang != default_lang && dir.join(format!("{default_lang}.md")).exists() {
        format!(
            "translated_from:\n  lang: {default_lang}\n  date: {today}   # the {default_lang} version's `updated` (or `reviewed`) date\n"
        )
    } else {
        String::new()
    };
    let text = format!(
        "---\ntitle: {title}\nsummary: One sentence on what this article covers.\nkind: {kind}             # symptom | illness | treatment | advice\ntopics: [{topic}]\nreviewed: {today}\nreviewer:\n  name: Name Surname\n  role: Role, e.g. Physician, specialist in general practice\n{translated}---\n\n## What it is\n\nWrite in plain language.\n\n## What you can do yourself\n\n:::care selfcare\n- Advice the reader can follow at home.\n:::\n\n## When to seek care\n\n:::care contact\nContact a health centre or call 1177 if …\n:::\n\n:::care urgent\nSeek care at once at a health centre or an out-of-hours clinic if …\n:::\n\n:::care emergency\nCall 112 if …\n:::\n"
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
