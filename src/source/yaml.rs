//! Strict YAML parsing with diagnostics: turns serde errors into messages that name the file, line
//! and column and, for a misspelt field or value, suggest the closest valid one.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::base::diagnostics::{Diagnostic, Position, did_you_mean};

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic::error(
            file,
            format!("brackets nested more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at(Some(Position::new(first_line + line - 1, column)))
        .help("a value is nested far deeper than any site needs: close the `[` or `{` brackets, or quote the text"));
    }
    serde_yaml_ng::from_str::<T>(text).map_err(|e| to_diagnostic(&e, text, file, first_line))
}

/// How deep `[` and `{` may nest. The YAML parser's time grows with the square of the depth
/// (200 KB of `[` took over a minute); no real file nests more than a few levels.
pub const MAX_FLOW_DEPTH: usize = 32;

/// Where (line and column, from 1) the brackets of `text` first nest deeper than
/// [`MAX_FLOW_DEPTH`], if they do. Brackets inside quoted values, plain text and comments do
/// not count;
/// an unmatched closing bracket is left to the parser. One pass over the text.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let (mut comment, mut escaped) = (false, false);
    // The last character that is not a space on this line (`\n` at its start), and whether a
    // space followed it: a quote opens a quoted value only where a value can begin (not in the
    // middle of plain text such as `barn's`), and `#` starts a comment only after a space.
    let (mut last, mut spaced) = ('\n', false);
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            if quote.is_none() {
                (last, spaced) = ('\n', false);
            }
            continue;
        }
        if comment {
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == '"' && c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
                (last, spaced) = (c, false);
            }
            continue;
        }
        if text_space(c) {
            spaced = true;
            continue;
        }
        match c {
            '#' if last == '\n' || spaced => comment = true,
            '\'' | '"' if matches!(last, '\n' | ':' | '-' | '[' | '{' | ',' | '?') => {
                quote = Some(c);
            }
            // A bracket opens a collection where a value can begin, or inside one; elsewhere it
            // is plain text (`title: Feber [barn]`).
            '[' | '{' if depth > 0 || matches!(last, '\n' | ':' | '-' | '?' | ',') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        (last, spaced) = (c, false);
    }
    None
}

fn text_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn to_diagnostic(
    e: &serde_yaml_ng::Error,
    text: &str,
    file: &Path,
    first_line: usize,
) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line X column Y"; we print the position ourselves.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let message = message.trim_start_matches(": ").to_string();
    // serde_yaml puts the path of a nested value first ("kind: unknown variant …").
    let (field, message) = split_field_path(&message);
    let shown = match (field, message.strip_prefix("unknown variant `")) {
        (Some(field), Some(rest)) => {
            let value = rest.split('`').next().unwrap_or_default();
            format!("`{value}` is not a valid value for `{field}`")
        }
        (Some(field), None) if !message.starts_with("unknown field") => {
            format!("{field}: {message}")
        }
        _ => message.to_string(),
    };
    // The valid names go in the help, once; the message keeps the unknown one.
    let shown = match shown.split_once(", expected") {
        Some((unknown, _)) if shown.starts_with("unknown field") => unknown.to_string(),
        _ => shown,
    };
    let message = message.to_string();
    if let Some(d) = syntax_diagnostic(&raw, text, file, first_line) {
        return d;
    }
    let mut d = Diagnostic::error(file, shown);
    if let Some(loc) = e.location() {
        d = d.at_line(loc.line() + first_line - 1, loc.column());
    }
    // Errors raised while converting a value (e.g. a date) point at the enclosing mapping;
    // point at the value itself when the message quotes it.
    if let Some(value) = quoted_value(&message)
        && !message.starts_with("unknown")
        && let Some((line, col)) = find_value(text, value)
    {
        d = d.at_line(line + first_line - 1, col);
    }
    if let Some(help) = unknown_name_help(&message) {
        d = d.help(help);
    } else if message.starts_with("missing field") {
        d = d.help("add the field; the Content format section of README.md lists every field");
    } else if message.contains("invalid type")
        || message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        d = d.help("check the indentation and quoting; put text containing `: ` in quotes");
    } else if message.contains("is not a date") {
        d = d.help("write dates as YYYY-MM-DD with a real day of the month, e.g. 2026-03-14");
    } else {
        d = d.help("fix the YAML at this position; the Content format section of README.md lists every field and its format");
    }
    d
}

/// The YAML syntax mistakes people make most, said in plain words at the place of the mistake:
/// the parser reports an unclosed quote where the text ends (the quote's position is only in its
/// context) and a tab as "a character that cannot start any token".
fn syntax_diagnostic(raw: &str, text: &str, file: &Path, first_line: usize) -> Option<Diagnostic> {
    let (problem, context) = match raw.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (raw, None),
    };
    let (_, problem_at) = split_position(problem);
    if let Some((line, column)) = problem_at
        && char_at(text, line, column) == Some('\t')
    {
        return Some(
            Diagnostic::error(file, "a tab is used for indentation here")
                .at_line(line + first_line - 1, column)
                .help("tabs are not allowed for indentation in YAML; use spaces (two per level) instead of the tab"),
        );
    }
    let (what, context_at) = split_position(context?);
    let (line, column) = context_at?;
    let quote = match what {
        "scanning a quoted scalar" => char_at(text, line, column)?,
        _ => return None,
    };
    Some(
        Diagnostic::error(
            file,
            format!("the quote `{quote}` that starts here is never closed"),
        )
        .at_line(line + first_line - 1, column)
        .help(format!(
            "end the text with a closing `{quote}` on the same line, or remove the opening one"
        )),
    )
}

/// `what at line L column C` → (`what`, (L, C)); the position is 1-based.
fn split_position(part: &str) -> (&str, Option<(usize, usize)>) {
    let Some((what, at)) = part.rsplit_once(" at line ") else {
        return (part, None);
    };
    let position = at
        .split_once(" column ")
        .and_then(|(line, column)| Some((line.trim().parse().ok()?, column.trim().parse().ok()?)));
    (what, position)
}

/// The character at a 1-based line and column of `text`.
fn char_at(text: &str, line: usize, column: usize) -> Option<char> {
    text.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// Splits serde_yaml's leading path of a nested value (`kind: …`, `reviewer.role: …`,
/// `hours[2].day: …`) from the message.
fn split_field_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c)) =>
        {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

/// The first `backticked` word of a message.
fn quoted_value(message: &str) -> Option<&str> {
    let mut parts = message.split('`');
    parts.next()?;
    parts.next().filter(|v| !v.is_empty())
}

/// Where `value` is written as a value (after a `:` or `-`), 1-based.
fn find_value(text: &str, value: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(value)?;
        let before = line[..at].trim_end();
        (before.ends_with(':')
            || before.ends_with('-')
            || before.ends_with('[')
            || before.ends_with(','))
        .then(|| (i + 1, line[..at].chars().count() + 1))
    })
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (and "unknown variant"), a hint with the
/// closest valid name and the list of valid ones.
fn unknown_name_help(message: &str) -> Option<String> {
    if !(message.starts_with("unknown field") || message.starts_with("unknown variant")) {
        return None;
    }
    let mut parts = message.split('`');
    parts.next();
    let word = parts.next()?;
    let expected: Vec<&str> = message
        .split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    if expected.is_empty() {
        return Some("remove it".to_string());
    }
    let list = expected.join(", ");
    let what = if message.starts_with("unknown field") {
        "fields"
    } else {
        "values"
    };
    Some(match did_you_mean(word, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? Valid {what}: {list}"),
        None => format!("valid {what}: {list}"),
    })
}

/// Finds where `key:` is written at the start of a line in a YAML block, and optionally where
/// `value` appears after it, for diagnostics about values that parsed but are not valid.
/// Returns a 1-based (line, column) relative to the block's first line.
pub fn locate(text: &str, key: &str, value: Option<&str>) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let prefix = format!("{key}:");
    let key_line = lines.iter().position(|l| {
        let t = l.trim_start();
        t.starts_with(&prefix) && l.len() - t.len() == 0
    })?;
    let Some(value) = value else {
        return Some((key_line + 1, 1));
    };
    for (i, line) in lines.iter().enumerate().skip(key_line) {
        if i > key_line && !line.starts_with([' ', '-', '\t']) {
            break;
        }
        let search_from = if i == key_line { prefix.len() } else { 0 };
        if let Some(col) = line[search_from..].find(value) {
            let byte = search_from + col;
            return Some((i + 1, line[..byte].chars().count() + 1));
        }
    }
    Some((key_line + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        summary: String,
    }

    #[test]
    fn unknown_field_gets_suggestion_and_position() {
        let e = parse::<T>("title: a\nsumary: b\n", Path::new("x.md"), 2).unwrap_err();
        assert!(e.message.contains("unknown field `sumary`"), "{e}");
        assert_eq!(e.position.map(|p| p.line), Some(3));
        assert!(
            e.help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `summary`"),
            "{e}"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
        Green,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct WithEnum {
        title: String,
        colour: Colour,
    }

    #[test]
    fn bad_enum_value_names_the_field_the_values_and_a_suggestion() {
        let e = parse::<WithEnum>("title: a\ncolour: gren\n", Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(e.message, "`gren` is not a valid value for `colour`");
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((2, 9)));
        let help = e.help.as_deref().unwrap_or("");
        assert!(
            help.contains("did you mean `green`? Valid values: red, green"),
            "{help}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = "title: a\nsummary: \"Feber hos barn\nkind: symptom\ntopics: [skin]\n";
        let e = parse::<T>(text, Path::new("x.md"), 2).unwrap_err();
        assert_eq!(e.message, "the quote `\"` that starts here is never closed");
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((3, 10)));
        let e = parse::<T>("title: 'a\nsummary: b\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.message, "the quote `'` that starts here is never closed");
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((1, 8)));
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let text = "title: a\nsummary: b\nreviewer:\n\tname: A\n";
        let e = parse::<serde_yaml_ng::Value>(text, Path::new("x.md"), 2).unwrap_err();
        assert_eq!(e.message, "a tab is used for indentation here");
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((5, 1)));
        assert!(
            e.help.as_deref().unwrap_or("").contains("use spaces"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_field_lists_the_valid_fields_once() {
        let e = parse::<T>("title: a\nsumary: b\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.message, "unknown field `sumary`");
        let shown = e.to_string();
        assert_eq!(
            shown.matches("`title`").count() + shown.matches(" title").count(),
            1,
            "{shown}"
        );
    }

    #[test]
    fn locate_finds_values_in_flow_and_block_lists() {
        let text = "title: x\ntopics: [skin, infektion]\nrelated:\n  - a\n  - bogus\n";
        assert_eq!(locate(text, "topics", Some("infektion")), Some((2, 16)));
        assert_eq!(locate(text, "related", Some("bogus")), Some((5, 5)));
        assert_eq!(locate(text, "title", None), Some((1, 1)));
    }
}
