//! What a file change means for a live preview: a pure function from changed paths to the
//! smallest rebuild that is still correct. One changed article is re-rendered with the pages that
//! show it; anything else (templates, translations, site.yaml, clinics, fees, images, deletions)
//! rebuilds the site.

use std::path::{Component, Path};

/// The rebuild a set of changed paths needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Nothing the site is built from.
    Ignore,
    /// Only these existing article files changed: `(key, lang)`.
    Articles(Vec<(String, String)>),
    /// Rebuild everything.
    Full,
}

/// Classifies changed paths (absolute, or relative to `root`). `exists` tells whether a path
/// still exists (a deleted article changes lists and links, so it needs a full rebuild).
pub fn classify(
    root: &Path,
    paths: &[impl AsRef<Path>],
    exists: impl Fn(&Path) -> bool,
) -> ChangeKind {
    let mut articles = Vec::new();
    let mut full = false;
    for p in paths {
        let p = p.as_ref();
        let rel = p.strip_prefix(root).unwrap_or(p);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(name) = parts.last() else { continue };
        if is_noise(name)
            || parts.iter().any(|s| {
                s.starts_with('.') || s == "public" || s == "target" || s == "node_modules"
            })
        {
            continue;
        }
        let watched = matches!(
            parts[0].as_str(),
            "content" | "translations" | "themes" | "templates"
        ) || (parts.len() == 1 && name == "site.yaml");
        if !watched {
            continue;
        }
        // A file that is gone and is not one we build from was an editor's temporary file.
        let ours = [
            "md", "yaml", "yml", "html", "css", "js", "svg", "png", "jpg", "jpeg", "gif", "webp",
            "avif", "wasm",
        ];
        if !exists(p)
            && !ours
                .iter()
                .any(|e| name.to_ascii_lowercase().ends_with(&format!(".{e}")))
        {
            continue;
        }
        match parts.as_slice() {
            [c, a, key, file]
                if c == "content" && a == "articles" && file.ends_with(".md") && exists(p) =>
            {
                let lang = file.trim_end_matches(".md").to_string();
                let id = (key.clone(), lang);
                if !articles.contains(&id) {
                    articles.push(id);
                }
            }
            _ => full = true,
        }
    }
    if full {
        ChangeKind::Full
    } else if articles.is_empty() {
        ChangeKind::Ignore
    } else {
        ChangeKind::Articles(articles)
    }
}

/// Editor swap, backup and temporary files.
fn is_noise(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> ChangeKind {
        classify(Path::new("/site"), paths, |p| {
            !p.to_string_lossy().contains("deleted")
        })
    }

    #[test]
    fn one_article_is_incremental() {
        assert_eq!(
            run(&["/site/content/articles/fever/sv.md"]),
            ChangeKind::Articles(vec![("fever".into(), "sv".into())])
        );
        assert_eq!(
            run(&[
                "/site/content/articles/fever/sv.md",
                "content/articles/fever/sv.md",
                "/site/content/articles/cough/en.md"
            ]),
            ChangeKind::Articles(vec![
                ("fever".into(), "sv".into()),
                ("cough".into(), "en".into())
            ])
        );
    }

    #[test]
    fn everything_else_is_a_full_rebuild() {
        for p in [
            "/site/site.yaml",
            "/site/translations/sv.yaml",
            "/site/themes/default/templates/base.html",
            "/site/templates/article.html",
            "/site/content/clinics/x.yaml",
            "/site/content/fees/skane.yaml",
            "/site/content/articles/fever/rash.png",
            "/site/content/pages/about/sv.md",
            "/site/content/articles/deleted/sv.md",
        ] {
            assert_eq!(run(&[p]), ChangeKind::Full, "{p}");
        }
        assert_eq!(
            run(&["/site/content/articles/fever/sv.md", "/site/site.yaml"]),
            ChangeKind::Full
        );
    }

    #[test]
    fn noise_is_ignored() {
        for p in [
            "/site/content/articles/fever/deleted-sedAb12Cd",
            "/site/public/sv/index.html",
            "/site/content/articles/fever/.sv.md.swp",
            "/site/content/articles/fever/sv.md~",
            "/site/.git/index",
            "/site/target/debug/x",
            "/site/README.md",
            "/site/content/articles/fever/4913",
            "/site/.public.tmp-1/sv/index.html",
        ] {
            assert_eq!(run(&[p]), ChangeKind::Ignore, "{p}");
        }
    }
}
