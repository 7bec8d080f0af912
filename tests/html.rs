//! Every page of the bundled site passes the W3C Nu Html Checker (vnu, from the `vnu-jar` npm
//! package in tests/browser, run with Java) with no error and no warning. Needs Java and the npm
//! packages (`bash .ci/run` installs both); VARDGUIDE_SKIP_BROWSER=1 skips it with the browser
//! suite.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Ensure the bundled site's HTML is valid: 0 errors and 0 warnings from vnu over every page.
#[test]
fn bundled_site_is_valid_html() {
    if std::env::var_os("VARDGUIDE_SKIP_BROWSER").is_some() {
        eprintln!("HTML validation skipped: VARDGUIDE_SKIP_BROWSER is set");
        return;
    }
    let jar = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} missing: run `npm ci --prefix tests/browser` (or `bash .ci/run`)",
        jar.display()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args([
            "build",
            "--no-precompress",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("run vardguide");
    assert!(status.success());
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 300, "only {pages} pages");
    let result = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--skip-non-html", "--format", "gnu"])
        .arg(&out)
        .output()
        .expect("run java (is Java installed? apt-get install default-jre-headless)");
    let messages = String::from_utf8_lossy(&result.stderr).into_owned()
        + &String::from_utf8_lossy(&result.stdout);
    assert!(
        messages.trim().is_empty() && result.status.success(),
        "vnu found problems in the {pages} pages:\n{messages}"
    );
}
