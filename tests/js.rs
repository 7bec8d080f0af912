//! Runs the theme's JavaScript rule tests (`tests/js/*.test.mjs`: the high-cost protection
//! calculator and opening hours) with node's test runner.

use std::process::Command;

/// Ensure the fee and opening-hours rules pass their worked examples.
#[test]
fn javascript_rules() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/js/"])
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
}
