//! Every page of the bundled site passes the W3C Nu Html Checker (vnu, from the `vnu-jar` npm
//! package in tests/browser, run with Java) with no error and no warning. Needs Java and the npm
//! packages (`bash .ci/run` installs both); VARDGUIDE_SKIP_BROWSER=1 skips it with the browser
//! suite.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Ensure the bundled site's HTML is valid: 0 errors and 0 warnings from vnu over every page.
#[test]
fn bundled_site_is_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    build(env!("CARGO_MANIFEST_DIR").as_ref(), &out);
    let pages = html_files(&out, |_| true);
    assert!(pages.len() > 300, "only {} pages", pages.len());
    validate(&jar, &pages);
}

/// Ensure the pages of long lists are valid HTML too: the bundled site with lists split from
/// three articles (a page per letter, untranslated articles pointed to, no languages table).
#[test]
fn letter_pages_are_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    std::fs::create_dir(&root).expect("mkdir");
    // Copies, not symbolic links: a build follows no link that leads outside the site root.
    for part in ["content", "translations", "themes"] {
        for entry in walkdir::WalkDir::new(repo.join(part)) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(&repo).expect("inside the repo");
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(root.join(rel)).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), root.join(rel)).expect("copy");
            }
        }
    }
    let config = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    std::fs::write(
        root.join("site.yaml"),
        format!("{config}\nlists:\n  split_above: 3\n"),
    )
    .expect("write");
    let out = dir.path().join("public");
    build(&root, &out);
    let pages = html_files(&out, |rel| {
        ["/a-o/", "/kinds/", "/topics/", "/languages/"]
            .iter()
            .any(|part| rel.contains(part))
    });
    let letters = pages
        .iter()
        .filter(|p| p.to_string_lossy().contains("/a-o/f/"))
        .count();
    assert!(
        letters > 0 && pages.len() > 100,
        "only {} pages",
        pages.len()
    );
    validate(&jar, &pages);
}

/// vnu's jar, or `None` when the browser suite is skipped.
fn vnu_jar() -> Option<PathBuf> {
    if std::env::var_os("VARDGUIDE_SKIP_BROWSER").is_some() {
        eprintln!("HTML validation skipped: VARDGUIDE_SKIP_BROWSER is set");
        return None;
    }
    let jar = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} missing: run `npm ci --prefix tests/browser` (or `bash .ci/run`)",
        jar.display()
    );
    Some(jar)
}

fn build(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["build", "--no-precompress", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .expect("run vardguide");
    assert!(status.success());
}

/// The HTML files below `out` whose path (with `/` around it) `keep` accepts.
fn html_files(out: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| {
            let rel = e.path().strip_prefix(out).unwrap_or(e.path());
            keep(&format!("/{}", rel.to_string_lossy()))
        })
        .map(|e| e.into_path())
        .collect()
}

fn validate(jar: &Path, pages: &[PathBuf]) {
    let result = Command::new("java")
        .args(["-jar"])
        .arg(jar)
        .args(["--skip-non-html", "--format", "gnu"])
        .args(pages)
        .output()
        .expect("run java (is Java installed? apt-get install default-jre-headless)");
    let messages = String::from_utf8_lossy(&result.stderr).into_owned()
        + &String::from_utf8_lossy(&result.stdout);
    assert!(
        messages.trim().is_empty() && result.status.success(),
        "vnu found problems in the {} pages:\n{messages}",
        pages.len()
    );
}
