//! Diagnostics: every problem a build finds, with the file, line and column it was found at and a
//! hint saying how to fix it. Stages collect them instead of stopping at the first one; the binary
//! renders them with the offending source line underlined.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is. Errors fail the build; warnings are reported and the build goes on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based like an editor shows it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, as the editor knows it.
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn at_line(self, line: usize, column: usize) -> Self {
        self.at(Some(Position::new(line, column)))
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks a problem no input can cause: a bug in vardguide, to report.
    pub fn bug(self) -> Self {
        self.help("this is a bug in vardguide; please report it with the site that triggers it")
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, the form editors and terminals turn into a link.
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }

    /// Renders the diagnostic with the offending line of `source` (the file's text) underlined.
    pub fn render(&self, source: Option<&str>, styled: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let path = self.file.display().to_string();
        // A tab is shown as `→`: a terminal would show it as spaces, and a tab is often the
        // mistake the reader has to find.
        let line_text = match (source, self.position) {
            (Some(src), Some(p)) => src.lines().nth(p.line - 1).map(|l| l.replace('\t', "→")),
            _ => None,
        };
        let line_text = line_text.as_deref();
        let title = level.primary_title(self.message.as_str());
        let mut report = match (line_text, self.position) {
            (Some(text), Some(p)) => {
                let start = char_column_to_byte(text, p.column).min(text.len());
                let end = word_end(text, start);
                vec![
                    title.element(
                        Snippet::source(text)
                            .line_start(p.line)
                            .path(path.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                ]
            }
            _ => vec![title.element(annotate_snippets::Origin::path(self.location()))],
        };
        if let Some(help) = &self.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        renderer.render(&report)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

fn char_column_to_byte(text: &str, column: usize) -> usize {
    text.char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

fn word_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']')
        .unwrap_or(rest.len());
    if len == 0 {
        (start + rest.chars().next().map_or(0, char::len_utf8)).min(text.len())
    } else {
        start + len
    }
}

/// All diagnostics of a build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, then position, then message, so output never depends on thread timing.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.message)
                .cmp(&(&b.file, b.position, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The closest of `candidates` to `word`, for "did you mean …?" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// " Did you mean `x`?" or an empty string.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default()
}

/// A path shown relative to the site root.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "summary", "kind"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzz", ["title", "summary"]), None);
    }

    #[test]
    fn render_underlines_the_column() {
        let d = Diagnostic::error("content/a/sv.md", "unknown care level `urgnt`")
            .at_line(2, 9)
            .help("use one of: emergency, urgent, contact, selfcare");
        let out = d.render(Some("text\n:::care urgnt\n"), false);
        assert!(out.contains("content/a/sv.md:2:9"), "{out}");
        assert!(out.contains(":::care urgnt"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: use one of"), "{out}");
    }

    #[test]
    fn render_shows_a_tab_where_it_is() {
        let d = Diagnostic::error("content/a/sv.md", "a tab is used for indentation here")
            .at_line(2, 1);
        let out = d.render(Some("reviewer:\n\tname: A\n"), false);
        assert!(out.contains("→name: A"), "{out}");
        assert!(out.contains("^"), "{out}");
    }
}
