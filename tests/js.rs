//! Runs the theme's JavaScript rule tests (`tests/js/*.test.mjs`: the high-cost protection
//! calculator and opening hours) with node's test runner.

use std::process::Command;

/// The fee data of the bundled site's Stockholm fee page, as the calculator reads it, written
/// into `dir`.
fn bundled_fee_data(dir: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = dir.join("public");
    let options = vardguide::pipeline::BuildOptions {
        root,
        out: out.clone(),
        drafts: false,
        base_url: None,
        precompress: false,
        cache: None,
    };
    if let Err(f) = vardguide::pipeline::build(&options, &|_, _| {}, &|| {}) {
        panic!("the bundled site does not build: {:?}", f.diagnostics);
    }
    let page = std::fs::read_to_string(out.join("sv/fees/stockholm/index.html")).expect("fee page");
    let start = page.find("data-fees=\"").expect("data-fees") + "data-fees=\"".len();
    let end = start + page[start..].find('"').expect("end of data-fees");
    let json = html_escape::decode_html_entities(&page[start..end]);
    let file = dir.join("fees.json");
    std::fs::write(&file, json.as_bytes()).expect("write the fee data");
    file
}

/// Ensure the fee and opening-hours rules pass their worked examples, and the calculator gives
/// the hand-worked medicine costs on the bundled fee data.
#[test]
fn javascript_rules() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().expect("tempdir");
    let fee_data = bundled_fee_data(dir.path());
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/js/"])
        .env("VARDGUIDE_FEE_DATA", &fee_data)
        .current_dir(root)
        .output()
        .expect("run node (is Node.js installed?)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "JavaScript tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("ℹ fail 0"), "{stdout}");
    assert!(stdout.contains("ℹ skipped 0"), "every test ran: {stdout}");
}
