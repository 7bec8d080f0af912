//! The library's layers go one way. Every `crate::` and `super::` path in `src/` is read and
//! resolved to the module it names; a module may use its own layer and the layers below it,
//! never one above, and no two modules may use each other (directly or round a longer loop).
//! A module's use of its own ancestors (a child using its parent's helpers) is not counted: the
//! parent is where the child lives.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::repo;

/// The layers from the bottom up: the first part of every module path under `crate::`.
const LAYERS: &[&str] = &[
    "base", "source", "markdown", "model", "graph", "cache", "validate", "render", "index",
    "output", "pipeline", "cli",
];

/// One use of another module: in `file` at `line`, the path as written and the module it names.
#[derive(Debug, Clone)]
struct Use {
    file: String,
    line: usize,
    written: String,
    target: Vec<String>,
}

/// A source file's module path: `src/render/care.rs` → `render::care`, `src/model/mod.rs` →
/// `model`, `src/lib.rs` → the crate root (empty).
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The paths a `crate::…` or `super::…` path starting at `text` names, with `use` groups
/// (`{a::b, c::{d, e}}`) expanded: `text` starts just after the leading `crate::`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        if let Some(inner) = rest.strip_prefix('{') {
            let Some(end) = closing_brace(inner) else {
                return vec![segments];
            };
            let mut out = Vec::new();
            for item in split_top_level(&inner[..end]) {
                let item = item.trim();
                if item.is_empty() || item == "self" {
                    out.push(segments.clone());
                    continue;
                }
                for tail in expand(item) {
                    out.push(segments.iter().cloned().chain(tail).collect());
                }
            }
            return out;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            return vec![segments];
        }
        rest = &rest[name.len()..];
        segments.push(name);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![segments],
        }
    }
}

fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn split_top_level(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Every use of another module in the files `(path relative to the repo, text)`; `modules` are
/// all module paths, each path used is resolved to the longest of them it starts with.
fn uses(files: &[(String, String)], modules: &BTreeSet<Vec<String>>) -> Vec<Use> {
    let mut found = Vec::new();
    for (rel, text) in files {
        let here = module_of(rel);
        // Joined so that a `use` group spread over several lines is read whole; comments
        // (including doc comments, whose links are not uses) are dropped line by line.
        let mut code = String::new();
        let mut line_of = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for _ in 0..=line.len() {
                line_of.push(n + 1);
            }
            code.push_str(line);
            code.push('\n');
        }
        for (start, prefix) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            if code[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let after = &code[start + prefix.len()..];
            let base: Vec<String> = if prefix == "crate::" {
                Vec::new()
            } else {
                here[..here.len().saturating_sub(1)].to_vec()
            };
            let end = after.find([';', '(', ')', '<', '!']).unwrap_or(after.len());
            for tail in expand(&after[..end]) {
                let written = format!("{prefix}{}", tail.join("::"));
                let path: Vec<String> = base.iter().cloned().chain(tail).collect();
                let target = (0..=path.len())
                    .rev()
                    .map(|n| path[..n].to_vec())
                    .find(|p| modules.contains(p))
                    .unwrap_or_default();
                found.push(Use {
                    file: rel.clone(),
                    line: line_of.get(start).copied().unwrap_or(0),
                    written,
                    target,
                });
            }
        }
    }
    found
}

/// What is wrong with the uses of `files`: each use of a later layer, each module outside the
/// known layers, and each loop of modules using each other.
fn problems(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let layer = |m: &[String]| m.first().and_then(|l| LAYERS.iter().position(|x| x == l));
    let mut problems = Vec::new();
    for m in &modules {
        if !m.is_empty() && layer(m).is_none() {
            problems.push(format!(
                "src/{} is in no layer: put it in one of {}",
                m.join("/"),
                LAYERS.join(", ")
            ));
        }
    }
    let mut graph: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>> = BTreeMap::new();
    let mut reported = BTreeSet::new();
    for u in uses(files, &modules) {
        let here = module_of(&u.file);
        // The crate root, the module itself and its ancestors are its context, not uses.
        if u.target.is_empty() || here.starts_with(&u.target) {
            continue;
        }
        if let (Some(from), Some(to)) = (layer(&here), layer(&u.target))
            && to > from
            && reported.insert((u.file.clone(), u.line, u.target.clone()))
        {
            problems.push(format!(
                "{}:{} uses {} (layer `{}`) from layer `{}`: a module may only use its own layer and those below it ({})",
                u.file,
                u.line,
                u.written,
                LAYERS[to],
                LAYERS[from],
                LAYERS.join(" → ")
            ));
        }
        graph
            .entry(here)
            .or_default()
            .entry(u.target.clone())
            .or_insert_with(|| format!("{}:{}", u.file, u.line));
    }
    for cycle in cycles(&graph) {
        let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
        let wheres: Vec<&str> = cycle
            .iter()
            .zip(cycle.iter().cycle().skip(1))
            .filter_map(|(a, b)| graph.get(a)?.get(b).map(String::as_str))
            .collect();
        problems.push(format!(
            "modules use each other in a loop: {} → {} (at {})",
            names.join(" → "),
            names[0],
            wheres.join(", ")
        ));
    }
    problems
}

/// One loop through each group of modules that reach each other (a depth-first search from
/// every module, in order, for a path back to it through modules not yet reported).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>>) -> Vec<Vec<Vec<String>>> {
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut found = Vec::new();
    for start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flat_map(BTreeMap::keys) {
                if next == start {
                    reported.extend(path.iter().cloned());
                    found.push(path.clone());
                    stack.clear();
                    break;
                }
                if !reported.contains(next) && seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found
}

fn source_files() -> Vec<(String, String)> {
    let root = repo();
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| e.file_name() != "main.rs")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .expect("under the repo")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).expect("reads");
            (rel, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_library_uses_its_layers_one_way_without_loops() {
    let files = source_files();
    assert!(files.len() > 40, "read the source files ({})", files.len());
    let problems = problems(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lib_declares_the_layers_in_order() {
    let lib = std::fs::read_to_string(repo().join("src/lib.rs")).expect("reads");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(declared, LAYERS, "src/lib.rs lists the layers bottom up");
}

fn file(rel: &str, text: &str) -> (String, String) {
    (rel.to_string(), text.to_string())
}

/// The check itself, on made-up files: an upward use is found in every form a path takes, a
/// loop is found with where each step is, and what is allowed passes.
#[test]
fn the_check_finds_upward_uses_and_loops() {
    let lower = file("src/model/mod.rs", "pub struct Site;\n");
    let render = file("src/render/mod.rs", "pub struct Renderer;\npub mod care;\n");
    let care = file(
        "src/render/care.rs",
        "use super::Renderer;\nuse crate::model::Site;\n",
    );
    assert_eq!(
        problems(&[lower.clone(), render.clone(), care.clone()]),
        Vec::<String>::new()
    );

    for upward in [
        "use crate::render::Renderer;",
        "use crate::{render::Renderer, base};",
        "use crate::{\n    base::x,\n    render::{self, Renderer},\n};",
        "fn f() -> crate::render::Renderer { todo!() }",
    ] {
        let model = file(
            "src/model/mod.rs",
            &format!("// crate::render in a comment\n{upward}\n"),
        );
        let found = problems(&[model, render.clone(), care.clone()]);
        assert_eq!(found.len(), 1, "{upward}: {found:?}");
        assert!(
            found[0].starts_with("src/model/mod.rs:2 uses crate::")
                && found[0].contains("(layer `render`) from layer `model`"),
            "{}",
            found[0]
        );
    }

    let a = file("src/render/care.rs", "use super::fees::x;\n");
    let b = file(
        "src/render/fees.rs",
        "pub fn x() {}\nfn y() { crate::render::care::z() }\n",
    );
    let found = problems(&[render.clone(), a, b]);
    assert_eq!(
        found,
        vec![
            "modules use each other in a loop: render::care → render::fees → render::care (at src/render/care.rs:1, src/render/fees.rs:2)"
                .to_string()
        ]
    );

    let outside = file("src/helpers.rs", "");
    assert!(problems(&[outside])[0].starts_with("src/helpers is in no layer"));
}

#[test]
fn use_groups_expand_to_every_path() {
    let paths = expand("{a::{b, c::D}, e, self}");
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["a::b", "a::c::D", "e", ""]);
    assert_eq!(module_of("src/render/mod.rs"), ["render"]);
    assert_eq!(module_of("src/lib.rs"), Vec::<String>::new());
}
