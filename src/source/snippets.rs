//! Shared advice: a text several articles give word for word (when a child may go back to
//! preschool, say) lives once in `content/snippets/<key>/<lang>.md`, and an article takes it
//! with a line of its own, `:::snippet <key>`. The next change to the rule is one edit.
//!
//! The line is replaced by the snippet's text in the article's language before the body is
//! rendered, so a snippet may hold anything a body may (lists, care cards). Diagnostics inside
//! it name the snippet's file and line ([`Expanded::place`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::source::files::SourceFile;

/// The line that takes a snippet: `:::snippet <key>`.
const INCLUDE: &str = ":::snippet";

/// Every snippet of the site, by key and language.
#[derive(Debug, Default)]
pub struct Snippets {
    texts: BTreeMap<(String, String), SourceFile>,
}

impl Snippets {
    /// The snippets among `files` (`content/snippets/<key>/<lang>.md`); a file elsewhere in
    /// the folder is a warning.
    pub fn new(files: Vec<SourceFile>, diags: &mut Diagnostics) -> Snippets {
        let mut texts = BTreeMap::new();
        for file in files {
            let path = file.path.clone();
            let key = path
                .parent()
                .filter(|p| {
                    p.parent()
                        .is_some_and(|pp| pp.ends_with("content/snippets"))
                })
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned());
            let lang = path.file_stem().map(|n| n.to_string_lossy().into_owned());
            match (key, lang, path.extension().is_some_and(|e| e == "md")) {
                (Some(key), Some(lang), true) => {
                    texts.insert((key, lang), file);
                }
                _ => diags.push(
                    Diagnostic::warning(&path, "ignored: not a shared text")
                        .help("shared texts are content/snippets/<key>/<lang>.md"),
                ),
            }
        }
        Snippets { texts }
    }

    /// A hash of the text of the snippet `key` in `lang` (for review records), if it exists.
    pub fn text_hash(&self, key: &str, lang: &str) -> Option<u64> {
        self.texts
            .get(&(key.to_string(), lang.to_string()))
            .map(|f| xxhash_rust::xxh3::xxh3_64(f.text.as_bytes()))
    }

    /// A hash of every snippet: a body that includes one renders the same while this is the
    /// same.
    pub fn hash(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        for ((key, lang), file) in &self.texts {
            (key, lang, &file.text).hash(&mut h);
        }
        h.finish()
    }

    /// `body` (whose first line is line `first_line` of `file`, in `lang`) with every
    /// `:::snippet <key>` line replaced by the snippet's text.
    pub fn expand<'a>(
        &self,
        body: &'a str,
        lang: &str,
        file: &Path,
        first_line: usize,
    ) -> Expanded<'a> {
        if !body.contains(INCLUDE) {
            return Expanded {
                text: Cow::Borrowed(body),
                lines: Vec::new(),
                first_line,
                errors: Vec::new(),
            };
        }
        let mut text = String::with_capacity(body.len() + 256);
        let mut lines = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in body.split_inclusive('\n').enumerate() {
            let at = first_line + i;
            let Some(key) = include_key(line) else {
                text.push_str(line);
                lines.push((None, at, at));
                continue;
            };
            match self.texts.get(&(key.to_string(), lang.to_string())) {
                Some(snippet) => {
                    let before = lines.len();
                    for (j, inner) in snippet.text.split_inclusive('\n').enumerate() {
                        if include_key(inner).is_some() {
                            errors.push(
                                Diagnostic::error(
                                    &snippet.path,
                                    "a shared text cannot take another",
                                )
                                .at_line(j + 1, 1)
                                .help(
                                    "write the text out here, or take both snippets in the article",
                                ),
                            );
                            continue;
                        }
                        text.push_str(inner);
                        lines.push((Some(snippet.path.clone()), j + 1, at));
                    }
                    if lines.len() == before {
                        // Nothing to take: the line stays, empty, so later lines keep their place.
                        text.push('\n');
                        lines.push((None, at, at));
                    } else if !text.ends_with('\n') {
                        text.push('\n');
                    }
                }
                None => {
                    let known: Vec<&str> = self
                        .texts
                        .keys()
                        .filter(|(_, l)| l == lang)
                        .map(|(k, _)| k.as_str())
                        .collect();
                    errors.push(
                        Diagnostic::error(file, format!("no shared text `{key}` in `{lang}`"))
                            .at_line(at, 1)
                            .help(format!(
                                "{}add content/snippets/{key}/{lang}.md{}",
                                suggestion(key, known.iter().copied()),
                                if known.is_empty() {
                                    String::new()
                                } else {
                                    format!(" (shared texts in `{lang}`: {})", known.join(", "))
                                }
                            )),
                    );
                    // The line stays out, so the body renders without it.
                    text.push('\n');
                    lines.push((None, at, at));
                }
            }
        }
        Expanded {
            text: Cow::Owned(text),
            lines,
            first_line,
            errors,
        }
    }
}

/// The keys of the shared texts `body` takes, in order.
pub fn includes(body: &str) -> Vec<String> {
    if !body.contains(INCLUDE) {
        return Vec::new();
    }
    body.lines()
        .filter_map(include_key)
        .map(str::to_string)
        .collect()
}

/// The key of a `:::snippet <key>` line.
fn include_key(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(INCLUDE)?;
    let key = rest.trim();
    let one_word = rest.starts_with(char::is_whitespace) && !key.contains(char::is_whitespace);
    (one_word && !key.is_empty()).then_some(key)
}

/// A body with its snippets in place.
pub struct Expanded<'a> {
    pub text: Cow<'a, str>,
    /// For each line of `text`: the snippet file it comes from (`None`: the article), its line
    /// there, and the article's line (the one that took the snippet). Empty when nothing was
    /// included.
    lines: Vec<(Option<PathBuf>, usize, usize)>,
    first_line: usize,
    /// Includes that could not be made.
    pub errors: Vec<Diagnostic>,
}

impl Expanded<'_> {
    /// Where line `line` of the expanded body (numbered as in the article) was written: the
    /// snippet's file and line, or `None` and the article's line.
    pub fn place(&self, line: usize) -> (Option<&Path>, usize) {
        match line
            .checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
        {
            Some((file, at, _)) => (file.as_deref(), *at),
            // Past the last line (the end of the body): back to the article's numbering.
            None => match self.lines.last() {
                Some((_, _, last)) if line >= self.first_line + self.lines.len() => {
                    (None, last + 1 + (line - self.first_line - self.lines.len()))
                }
                _ => (None, line),
            },
        }
    }

    /// The article's line for line `line` of the expanded body: a snippet's lines are the line
    /// that took it.
    pub fn article_line(&self, line: usize) -> usize {
        match line
            .checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
        {
            Some((_, _, article)) => *article,
            None => self.place(line).1,
        }
    }

    /// Moves the diagnostics of the expanded body to where their text was written.
    pub fn place_diagnostics(&self, diags: &mut [Diagnostic]) {
        if self.lines.is_empty() {
            return;
        }
        for d in diags {
            let Some(p) = d.position.as_mut() else {
                continue;
            };
            let (file, line) = self.place(p.line);
            if let Some(file) = file {
                d.file = file.to_path_buf();
            }
            p.line = line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippets() -> Snippets {
        let file = |key: &str, lang: &str, text: &str| SourceFile {
            path: PathBuf::from(format!("content/snippets/{key}/{lang}.md")),
            text: text.to_string(),
        };
        Snippets::new(
            vec![file(
                "preschool",
                "sv",
                "- Ett dygn utan feber.\n- Orkar vara med.\n",
            )],
            &mut Diagnostics::new(),
        )
    }

    #[test]
    fn a_line_takes_the_shared_text_and_lines_are_traced_back() {
        let s = snippets();
        let body = "Först.\n:::snippet preschool\nSist.\n";
        let e = s.expand(body, "sv", Path::new("a.md"), 10);
        assert_eq!(
            e.text,
            "Först.\n- Ett dygn utan feber.\n- Orkar vara med.\nSist.\n"
        );
        assert!(e.errors.is_empty());
        assert_eq!(e.place(10), (None, 10));
        assert_eq!(
            e.place(12),
            (Some(Path::new("content/snippets/preschool/sv.md")), 2)
        );
        assert_eq!(e.place(13), (None, 12));
        assert_eq!(e.article_line(12), 11);
    }

    #[test]
    fn an_empty_snippet_keeps_the_lines_after_it_in_place() {
        let s = Snippets::new(
            vec![SourceFile {
                path: PathBuf::from("content/snippets/empty/sv.md"),
                text: String::new(),
            }],
            &mut Diagnostics::new(),
        );
        let e = s.expand(":::snippet empty\nText.\n", "sv", Path::new("a.md"), 9);
        assert_eq!(e.text, "\nText.\n");
        assert_eq!(e.place(10), (None, 10));
        assert_eq!(
            includes(":::snippet empty\nText.\n:::snippet x\n"),
            ["empty", "x"]
        );
    }

    #[test]
    fn an_unknown_snippet_or_language_is_an_error_at_its_line() {
        let s = snippets();
        let e = s.expand("x\n:::snippet preschol\n", "sv", Path::new("a.md"), 5);
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].position.map(|p| p.line), Some(6));
        assert!(
            e.errors[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("preschool"))
        );
        let e = s.expand(":::snippet preschool\n", "en", Path::new("a.md"), 1);
        assert!(
            e.errors[0]
                .message
                .contains("no shared text `preschool` in `en`")
        );
    }
}
