#!/usr/bin/env bash
# Runs the content fuzzer for a bounded time (default 120 s). Not part of CI's normal path.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain accept
# the sanitizer flags. A crash is saved under fuzz/artifacts/content/: turn it into a regression
# test in tests/testsuite/adversarial.rs.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
RUSTC_BOOTSTRAP=1 cargo fuzz run content corpus/content -- -max_total_time="$seconds" -max_len=8192
