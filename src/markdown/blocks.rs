//! The `:::` blocks editors write inside Markdown: care cards (`:::care urgent` … `:::`) and
//! regional notes (`:::region stockholm` … `:::`). A line-based scan splits a body into plain
//! Markdown and blocks before any Markdown parsing; fenced code is left alone.

use std::path::Path;

use crate::base::diagnostics::{Diagnostic, suggestion};

/// How urgently a reader should seek care.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CareLevel {
    /// Call 112 now.
    Emergency,
    /// Seek care now.
    Urgent,
    /// Contact a health centre or call 1177.
    Contact,
    /// What you can do yourself.
    Selfcare,
}

impl CareLevel {
    pub const ALL: [CareLevel; 4] = [
        CareLevel::Emergency,
        CareLevel::Urgent,
        CareLevel::Contact,
        CareLevel::Selfcare,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CareLevel::Emergency => "emergency",
            CareLevel::Urgent => "urgent",
            CareLevel::Contact => "contact",
            CareLevel::Selfcare => "selfcare",
        }
    }

    pub fn parse(s: &str) -> Option<CareLevel> {
        CareLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What a piece of a body is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SegmentKind {
    Plain,
    Care(CareLevel),
    Region(String),
}

/// A run of Markdown lines, with the 1-based file line its first line is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
    pub first_line: usize,
}

/// Splits `body` (whose first line is file line `body_line`) into segments. Region codes are
/// checked against `regions`. Every problem is returned, not just the first.
pub fn split(
    body: &str,
    body_line: usize,
    file: &Path,
    regions: &[&str],
) -> (Vec<Segment>, Vec<Diagnostic>) {
    let mut segments = Vec::new();
    let mut diags = Vec::new();
    let mut current = Segment {
        kind: SegmentKind::Plain,
        text: String::new(),
        first_line: body_line,
    };
    // (kind, line it was opened on) of the open block, if any.
    let mut open: Option<(SegmentKind, usize)> = None;
    let mut fence: Option<(char, usize)> = None;

    for (i, line) in body.split_inclusive('\n').enumerate() {
        let line_no = body_line + i;
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let indent = trimmed.len() - trimmed.trim_start_matches(' ').len();
        let content = trimmed.trim_start_matches(' ');

        if let Some((ch, len)) = fence {
            let run = content.chars().take_while(|c| *c == ch).count();
            if indent < 4 && run >= len && content[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            current.text.push_str(line);
            continue;
        }
        if indent < 4 {
            for ch in ['`', '~'] {
                let run = content.chars().take_while(|c| *c == ch).count();
                if run >= 3 {
                    fence = Some((ch, run));
                }
            }
        }
        if fence.is_some() || indent >= 4 || !content.starts_with(":::") {
            current.text.push_str(line);
            continue;
        }

        let rest = content[3..].trim();
        if rest.is_empty() {
            // A closing line.
            if open.take().is_some() {
                push(
                    &mut segments,
                    std::mem::replace(
                        &mut current,
                        Segment {
                            kind: SegmentKind::Plain,
                            text: String::new(),
                            first_line: line_no + 1,
                        },
                    ),
                );
            } else {
                diags.push(
                    Diagnostic::error(file, "`:::` closes a block, but no block is open")
                        .at_line(line_no, indent + 1)
                        .help("remove this line, or open a block above it with `:::care <level>` or `:::region <code>`"),
                );
            }
            continue;
        }

        let mut words = rest.split_whitespace();
        let name = words.next().unwrap_or_default();
        let arg = words.next();
        let arg_col = indent + 1 + trimmed[indent..].find(arg.unwrap_or(name)).unwrap_or(3);
        if let Some((_, opened)) = &open {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("a `:::{name}` block starts inside the block opened on line {opened}"),
                )
                .at_line(line_no, indent + 1)
                .help(format!(
                    "blocks do not nest: close the block from line {opened} with a `:::` line first"
                )),
            );
            current.text.push_str(line);
            continue;
        }
        if words.next().is_some() {
            diags.push(
                Diagnostic::error(file, format!("too many words after `:::{name}`"))
                    .at_line(line_no, indent + 1)
                    .help("write one block per line, e.g. `:::care urgent`; the card's text goes on the lines below"),
            );
        }
        let kind = match (name, arg) {
            ("care", Some(level)) => match CareLevel::parse(level) {
                Some(l) => Some(SegmentKind::Care(l)),
                None => {
                    let names: Vec<&str> = CareLevel::ALL.iter().map(|l| l.as_str()).collect();
                    diags.push(
                        Diagnostic::error(file, format!("unknown care level `{level}`"))
                            .at_line(line_no, arg_col)
                            .help(format!(
                                "{}care levels are: {}",
                                suggestion(level, names.iter().copied()),
                                names.join(", ")
                            )),
                    );
                    None
                }
            },
            ("care", None) => {
                diags.push(
                    Diagnostic::error(file, "`:::care` needs a level")
                        .at_line(line_no, indent + 1)
                        .help("write `:::care emergency`, `:::care urgent`, `:::care contact` or `:::care selfcare`"),
                );
                None
            }
            ("region", Some(code)) => {
                if regions.contains(&code) {
                    Some(SegmentKind::Region(code.to_string()))
                } else {
                    diags.push(
                        Diagnostic::error(file, format!("unknown region `{code}`"))
                            .at_line(line_no, arg_col)
                            .help(format!(
                                "{}regions are defined in site.yaml: {}",
                                suggestion(code, regions.iter().copied()),
                                regions.join(", ")
                            )),
                    );
                    None
                }
            }
            ("region", None) => {
                diags.push(
                    Diagnostic::error(file, "`:::region` needs a region code")
                        .at_line(line_no, indent + 1)
                        .help(format!(
                            "write e.g. `:::region {}`",
                            regions.first().copied().unwrap_or("stockholm")
                        )),
                );
                None
            }
            (other, _) => {
                diags.push(
                    Diagnostic::error(file, format!("unknown block `:::{other}`"))
                        .at_line(line_no, indent + 4)
                        .help(format!(
                            "{}blocks are `:::care <level>` and `:::region <code>`",
                            suggestion(other, ["care", "region"])
                        )),
                );
                None
            }
        };
        // Even a block with an error is tracked as open, so its closing line is not reported too.
        push(
            &mut segments,
            std::mem::replace(
                &mut current,
                Segment {
                    kind: kind.clone().unwrap_or(SegmentKind::Plain),
                    text: String::new(),
                    first_line: line_no + 1,
                },
            ),
        );
        open = Some((kind.unwrap_or(SegmentKind::Plain), line_no));
    }
    if let Some((kind, opened)) = open {
        let what = match kind {
            SegmentKind::Care(l) => format!(":::care {}", l.as_str()),
            SegmentKind::Region(r) => format!(":::region {r}"),
            SegmentKind::Plain => ":::".to_string(),
        };
        diags.push(
            Diagnostic::error(file, format!("the `{what}` block is never closed"))
                .at_line(opened, 1)
                .help("add a line with only `:::` where the block ends"),
        );
    }
    push(&mut segments, current);
    (segments, diags)
}

fn push(segments: &mut Vec<Segment>, seg: Segment) {
    if seg.kind != SegmentKind::Plain || !seg.text.trim().is_empty() {
        segments.push(seg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Vec<Segment>, Vec<Diagnostic>) {
        split(body, 10, Path::new("a.md"), &["stockholm", "skane"])
    }

    #[test]
    fn splits_cards_and_regions() {
        let (segs, diags) =
            run("Intro\n\n:::care urgent\nGo now.\n:::\n\n:::region skane\nNote\n:::\nEnd\n");
        assert!(diags.is_empty(), "{diags:?}");
        let kinds: Vec<_> = segs.iter().map(|s| s.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                SegmentKind::Plain,
                SegmentKind::Care(CareLevel::Urgent),
                SegmentKind::Region("skane".into()),
                SegmentKind::Plain
            ]
        );
        assert_eq!(segs[1].text, "Go now.\n");
        assert_eq!(segs[1].first_line, 13);
    }

    #[test]
    fn unknown_level_is_reported_with_suggestion_and_column() {
        let (_, diags) = run("x\n:::care urgnt\ntext\n:::\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].position.map(|p| (p.line, p.column)), Some((11, 9)));
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `urgent`")
        );
    }

    #[test]
    fn unclosed_and_stray_and_nested_blocks() {
        let (_, d) = run(":::care selfcare\nrest\n");
        assert!(
            d[0].message.contains("never closed") && d[0].position.map(|p| p.line) == Some(10),
            "{d:?}"
        );
        let (_, d) = run("text\n:::\n");
        assert!(d[0].message.contains("no block is open"), "{d:?}");
        let (_, d) = run(":::care urgent\n:::region skane\n:::\n");
        assert!(d[0].message.contains("inside the block"), "{d:?}");
        let (_, d) = run(":::region narnia\n:::\n");
        assert!(d[0].message.contains("unknown region"), "{d:?}");
        let (_, d) = run(":::warning\n:::\n");
        assert!(d[0].message.contains("unknown block"), "{d:?}");
    }

    #[test]
    fn fenced_code_is_not_scanned() {
        let (segs, diags) = run("```\n:::care bogus\n```\n");
        assert!(diags.is_empty());
        assert_eq!(segs.len(), 1);
    }
}
