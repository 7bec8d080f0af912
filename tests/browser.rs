//! Runs the browser suite (`tests/browser/*.test.mjs`, node's test runner) in headless Chromium
//! against sites built by this crate's `vardguide` binary, one Rust test per file so that a run
//! reports each file as it finishes. Needs Debian's `chromium` and the npm packages in
//! `tests/browser` (`bash .ci/run` installs both). Set VARDGUIDE_SKIP_BROWSER=1 to skip it on a
//! machine that cannot run a browser; CI never sets it.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// One browser at a time: the files run one after another even when cargo runs tests in
/// parallel, so a busy two-core machine does not starve the pages under test.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn run(file: &str) {
    if std::env::var_os("VARDGUIDE_SKIP_BROWSER").is_some() {
        eprintln!("browser test {file} skipped: VARDGUIDE_SKIP_BROWSER is set");
        return;
    }
    let _one = ONE_BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
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
        .args(["--test", "--test-reporter=spec", file])
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
        "browser tests in {file} failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("ℹ fail 0") && !stdout.contains("ℹ pass 0\n"),
        "{file} reported failures or ran no test:\n{stdout}"
    );
}

/// Ensure every page type passes axe-core, the language switcher, RTL, keyboard and CSP checks.
#[test]
fn browser_pages() {
    run("suite.test.mjs");
}

/// Ensure planted defects (image without alt, broken switcher, inline script, third-party
/// request) are caught by the checks the other files rely on.
#[test]
fn browser_planted_defects() {
    run("planted.test.mjs");
}

/// Ensure a reader on a phone gets the right number and action in every language: no page wider
/// than 320 px, a header of at most 120 px, phone numbers in the order dialled, the fever article
/// reached by menu and search with call 112 in the first screen, and a clean printout.
#[test]
fn browser_reader_tasks() {
    run("reader.test.mjs");
}

/// Ensure search works in the browser: whole-file and range reads, servers that ignore Range.
#[test]
fn browser_search() {
    run("search.test.mjs");
}

/// Ensure the finder, comparison and high-cost protection calculator work in the browser.
#[test]
fn browser_care() {
    run("care.test.mjs");
}

/// Ensure e-service links reach a stand-in backend and lead back, in sv, en and ar.
#[test]
fn browser_eservices() {
    run("eservices.test.mjs");
}

/// Ensure search, the finder and the fee calculator work through a real nginx running the
/// configuration the build writes (precompressed copies and security headers included).
#[test]
fn browser_through_nginx() {
    run("nginx.test.mjs");
}

/// Ensure `vardguide serve`'s error overlay reads left to right over a right-to-left page and
/// goes when the mistake is fixed.
#[test]
fn browser_serve_overlay() {
    run("serve.test.mjs");
}

/// Ensure every reader's aids work: read-aloud with on-device voices only (controls hidden
/// without one, highlight following the boundary events, care cards first) and offline reading.
#[test]
fn browser_every_reader() {
    run("every-reader.test.mjs");
}
