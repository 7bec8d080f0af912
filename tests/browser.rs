//! Runs the browser suite (`tests/browser/*.test.mjs`, node's test runner) in headless Chromium
//! against sites built by this crate's `vardguide` binary. Needs Debian's `chromium` and the npm
//! packages in `tests/browser` (`bash .ci/run` installs both). Set VARDGUIDE_SKIP_BROWSER=1 to skip
//! it on a machine that cannot run a browser; CI never sets it.

use std::path::PathBuf;
use std::process::Command;

/// Ensure every page type passes axe-core, the language switcher, RTL, keyboard and CSP checks in
/// a real browser, and that planted defects are caught.
#[test]
fn browser_suite() {
    if std::env::var_os("VARDGUIDE_SKIP_BROWSER").is_some() {
        eprintln!("browser suite skipped: VARDGUIDE_SKIP_BROWSER is set");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} not found: install Debian's chromium (apt-get install chromium) or run `bash .ci/run`"
    );
    assert!(
        dir.join("node_modules/playwright-core").exists()
            && dir.join("node_modules/axe-core").exists(),
        "browser test packages missing: run `npm ci --prefix tests/browser` (or `bash .ci/run`)"
    );
    let output = Command::new("node")
        .args([
            "--test",
            "--test-reporter=spec",
            "suite.test.mjs",
            "planted.test.mjs",
            "search.test.mjs",
            "care.test.mjs",
            "eservices.test.mjs",
        ])
        .current_dir(&dir)
        .env("VARDGUIDE_BIN", env!("CARGO_BIN_EXE_vardguide"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node (is Node.js installed?)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser suite failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("ℹ fail 0"),
        "the browser suite reported failures:\n{stdout}"
    );
}
