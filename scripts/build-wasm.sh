#!/usr/bin/env bash
# Builds the in-browser search module (crates/search-wasm) reproducibly into
# crates/search-wasm/dist/vardguide-search.wasm, which the vardguide binary embeds.
#   scripts/build-wasm.sh          rebuild and replace the committed file
#   scripts/build-wasm.sh --check  rebuild and fail if it differs from the committed file (CI)
# Needs the wasm32-unknown-unknown target and binaryen's wasm-opt (Debian package `binaryen`).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out=crates/search-wasm/dist/vardguide-search.wasm
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
command -v wasm-opt >/dev/null || { echo "wasm-opt not found: apt-get install binaryen" >&2; exit 1; }

# The same flags as .cargo/config.toml, plus path remapping so the bytes do not depend on where
# the repository or the cargo registry live.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg getrandom_backend=\"custom\" --remap-path-prefix=$root=/vardguide --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
cargo build --locked -p vardguide-search-wasm --target wasm32-unknown-unknown --profile wasm
built=target/wasm32-unknown-unknown/wasm/vardguide_search_wasm.wasm
tmp=$(mktemp)
wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int "$built" -o "$tmp"

if [ "${1:-}" = "--check" ]; then
  if cmp -s "$tmp" "$out"; then
    echo "search module OK: $out matches the source ($(stat -c %s "$out") bytes)"
    rm -f "$tmp"
  else
    echo "error: $out does not match what the current source builds; run scripts/build-wasm.sh and commit the result" >&2
    rm -f "$tmp"
    exit 1
  fi
else
  mkdir -p "$(dirname "$out")"
  mv "$tmp" "$out"
  raw=$(stat -c %s "$out"); gz=$(gzip -9 -c "$out" | wc -c); br=$(brotli -q 11 -c "$out" 2>/dev/null | wc -c || echo "?")
  echo "wrote $out: raw $raw bytes, gzip -9 $gz, brotli -q 11 $br"
fi
