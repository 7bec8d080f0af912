//! Review integrity: what a medical review covered. [`text_hash`] names an article version's
//! text (title, summary and body); `vardguide review` ([`record`]) writes it into the front
//! matter as `review_hash` with the reviewer and the date, and into a translation's
//! `translated_from.revision` the text it was checked against. Validation compares them with
//! the text as it is now: a text changed since its review, or a source changed since its
//! translation was checked, is a warning (`check --strict` fails on it).

use std::path::{Path, PathBuf};

use crate::source::frontmatter::{self, ArticleFrontMatter};

/// The hash of what a reader reads of an article version: its title, summary, body (as hashed
/// by [`crate::source::load::body_hash`]) and the texts of the shared snippets it takes (their hashes,
/// in order; `None` for one that does not exist), as 16 hex digits.
pub fn text_hash(title: &str, summary: &str, body_hash: u64, snippets: &[Option<u64>]) -> String {
    let mut bytes = Vec::with_capacity(title.len() + summary.len() + 10 + 9 * snippets.len());
    bytes.extend_from_slice(title.trim().as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(summary.trim().as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(&body_hash.to_le_bytes());
    for snippet in snippets {
        bytes.push(u8::from(snippet.is_some()));
        bytes.extend_from_slice(&snippet.unwrap_or_default().to_le_bytes());
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Why a review could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{0} does not exist: there is no such article version")]
    Missing(PathBuf),
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

/// The reviewer and day of a review.
pub struct Review<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub date: chrono::NaiveDate,
}

/// The text hash of the article version in `text` (a whole `.md` file at `path`, in `lang`),
/// with the site's shared texts under `root` as the build sees them.
fn hash_of(
    text: &str,
    path: &Path,
    root: &Path,
    lang: &str,
) -> Result<(ArticleFrontMatter, String), ReviewError> {
    let split = frontmatter::split(text, path).map_err(|d| ReviewError::Invalid(d.to_string()))?;
    let fm = frontmatter::parse_article(&split, path)
        .map_err(|d| ReviewError::Invalid(d.to_string()))?;
    let snippets: Vec<Option<u64>> = crate::source::snippets::includes(split.body)
        .iter()
        .map(|key| {
            let file = root
                .join("content/snippets")
                .join(key)
                .join(format!("{lang}.md"));
            std::fs::read(file)
                .ok()
                .and_then(|b| crate::source::files::decode(&b).ok())
                .map(|t| xxhash_rust::xxh3::xxh3_64(t.as_bytes()))
        })
        .collect();
    let hash = text_hash(
        &fm.title,
        &fm.summary,
        crate::source::load::body_hash(split.body),
        &snippets,
    );
    Ok((fm, hash))
}

/// The file as the build reads it: UTF-8, without a byte-order mark, with `\n` line ends.
fn read(path: &Path) -> Result<String, ReviewError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReviewError::Missing(path.to_path_buf()),
        _ => ReviewError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    crate::source::files::decode(&bytes).map_err(|(message, line, column, _)| {
        ReviewError::Invalid(format!("{}:{line}:{column}: {message}", path.display()))
    })
}

/// Records a review of `content/articles/<key>/<lang>.md` (`<lang>.easy.md` for the
/// easy-to-read version when `easy`) under `root`: sets `reviewed`,
/// `reviewer` (keeping its `example` mark if the new reviewer is the same person) and
/// `review_hash`, and for a translation `translated_from.revision` (the source's text hash
/// now). Everything else in the file stays as it was. Returns the file's path.
pub fn record(
    root: &Path,
    key: &str,
    lang: &str,
    easy: bool,
    review: &Review<'_>,
) -> Result<PathBuf, ReviewError> {
    let suffix = |easy: bool| {
        if easy {
            crate::source::load::EASY_SUFFIX
        } else {
            ""
        }
    };
    if !crate::source::names::is_key(key) || !crate::source::names::is_key(lang) {
        return Err(ReviewError::Invalid(format!(
            "`{key}` in `{lang}` is not an article key and language"
        )));
    }
    for value in [review.name, review.role] {
        if value.trim().is_empty() || value.chars().any(char::is_control) {
            return Err(ReviewError::Invalid(format!(
                "the reviewer's name and role are one line of text each, not `{}`",
                value.escape_debug()
            )));
        }
    }
    let path = root
        .join("content/articles")
        .join(key)
        .join(format!("{lang}{}.md", suffix(easy)));
    let text = read(&path)?;
    let (fm, hash) = hash_of(&text, &path, root, lang)?;
    // A translation: the source's text hash now, and its date (`updated`, else `reviewed`).
    let revision = match &fm.translated_from {
        Some(tf) => {
            let from_easy = tf.version == frontmatter::SourceVersion::Easy;
            let source = path.with_file_name(format!("{}{}.md", tf.lang, suffix(from_easy)));
            let (source_fm, hash) = hash_of(&read(&source)?, &source, root, &tf.lang)?;
            Some((hash, source_fm.updated.unwrap_or(source_fm.reviewed)))
        }
        None => None,
    };
    let example = fm.reviewer.example && fm.reviewer.name == review.name;
    let mut reviewer = format!(
        "reviewer:\n  name: {}\n  role: {}\n",
        yaml_string(review.name),
        yaml_string(review.role)
    );
    if example {
        reviewer.push_str("  example: true\n");
    }
    let mut fields = vec![
        ("reviewed", format!("reviewed: {}\n", review.date)),
        ("reviewer", reviewer),
        ("review_hash", format!("review_hash: {hash}\n")),
    ];
    if let (Some(tf), Some((revision, date))) = (&fm.translated_from, revision) {
        fields.push((
            "translated_from",
            format!(
                "translated_from:\n  lang: {}\n  date: {date}\n  revision: {revision}\n",
                tf.lang
            ),
        ));
    }
    let updated = replace_fields(&text, &fields)
        .ok_or_else(|| ReviewError::Invalid(format!("{}: no front matter", path.display())))?;
    // The new front matter must read back as the same article, reviewed as said.
    let (check, again) = hash_of(&updated, &path, root, lang)?;
    if again != hash || check.review_hash.as_deref() != Some(hash.as_str()) {
        return Err(ReviewError::Invalid(format!(
            "{}: the updated front matter did not read back",
            path.display()
        )));
    }
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, updated)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|source| ReviewError::Io {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}

/// `value` as a YAML scalar: quoted when plain text could be read as something else.
fn yaml_string(value: &str) -> String {
    let plain = !value.is_empty()
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(char::is_whitespace);
    if plain {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `text` with each top-level front-matter field of `fields` (and its indented lines) replaced
/// by the given lines, or added before the closing `---` when the file lacks it.
fn replace_fields(text: &str, fields: &[(&str, String)]) -> Option<String> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")? + 1;
    let (yaml, after) = rest.split_at(end);
    let mut out = String::from("---\n");
    let mut added = vec![false; fields.len()];
    let mut skipping = false;
    for line in yaml.lines() {
        let top = !line.starts_with(' ') && !line.starts_with('\t') && !line.is_empty();
        if top {
            skipping = false;
            let name = line.split(':').next().unwrap_or_default();
            if let Some(i) = fields.iter().position(|(f, _)| *f == name) {
                out.push_str(&fields[i].1);
                added[i] = true;
                skipping = true;
                continue;
            }
        } else if skipping {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    for (i, (_, lines)) in fields.iter().enumerate() {
        if !added[i] {
            out.push_str(lines);
        }
    }
    out.push_str(after);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_replaced_in_place_or_added() {
        let text = "---\ntitle: T\nreviewer:\n  name: A\n  role: B\nkind: symptom\n---\nBody\n";
        let out = replace_fields(
            text,
            &[
                ("reviewer", "reviewer:\n  name: C\n  role: D\n".into()),
                ("review_hash", "review_hash: 00\n".into()),
            ],
        )
        .expect("front matter");
        assert_eq!(
            out,
            "---\ntitle: T\nreviewer:\n  name: C\n  role: D\nkind: symptom\nreview_hash: 00\n---\nBody\n"
        );
    }

    #[test]
    fn names_are_quoted_when_yaml_would_misread_them() {
        assert_eq!(yaml_string("Karin Ek"), "Karin Ek");
        assert_eq!(yaml_string("Läkare: ST"), "\"Läkare: ST\"");
        assert_eq!(yaml_string("-x"), "\"-x\"");
    }

    #[test]
    fn the_hash_covers_title_summary_and_body() {
        let a = text_hash("Feber", "Om feber.", 1, &[]);
        assert_ne!(a, text_hash("Feber!", "Om feber.", 1, &[]));
        assert_ne!(a, text_hash("Feber", "Om feber!", 1, &[]));
        assert_ne!(a, text_hash("Feber", "Om feber.", 2, &[]));
        assert_eq!(a, text_hash(" Feber ", "Om feber.", 1, &[]));
        assert_ne!(a, text_hash("Feber", "Om feber.", 1, &[Some(7)]));
        assert_ne!(
            text_hash("Feber", "Om feber.", 1, &[Some(7)]),
            text_hash("Feber", "Om feber.", 1, &[Some(8)])
        );
    }
}
