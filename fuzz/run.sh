#!/usr/bin/env bash
# Runs a fuzzer for a bounded time. Not part of CI's normal path.
#   fuzz/run.sh [seconds] [target]    targets: content (default), cache_records
# `content` fuzzes one article file (decoding, front matter, blocks, Markdown, sanitising);
# `cache_records` fuzzes the build cache's readers with sealed and unsealed records.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain accept
# the sanitizer flags. A crash is saved under fuzz/artifacts/<target>/: turn it into a regression
# test (tests/testsuite/adversarial.rs, or src/cache.rs for a cache record).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
target="${2:-content}"
case "$target" in
  content) max_len=8192 ;;
  cache_records) max_len=4096 ;;
  *) echo "unknown fuzz target: $target (content, cache_records)" >&2; exit 2 ;;
esac
mkdir -p "corpus/$target"
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len="$max_len"
