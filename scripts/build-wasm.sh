#!/usr/bin/env bash
# Builds the in-browser search module (crates/search-wasm) reproducibly into
# crates/search-wasm/dist/vardguide-search.wasm, which the vardguide binary embeds.
#   scripts/build-wasm.sh          rebuild and replace the committed file
#   scripts/build-wasm.sh --check  rebuild and fail if it differs from the committed file (CI)
# Needs the wasm32-unknown-unknown target (rust-toolchain.toml installs it) and binaryen's wasm-opt
# (Debian 12 package `binaryen`, version 108). The bytes depend on both; see rust-toolchain.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out=crates/search-wasm/dist/vardguide-search.wasm
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
command -v wasm-opt >/dev/null || { echo "wasm-opt not found: apt-get install binaryen" >&2; exit 1; }
# The committed module was made with Debian 12's binaryen; another version may give other bytes.
expected_binaryen="version 108"

# The same flags as .cargo/config.toml, plus path remapping so the bytes do not depend on where
# the repository or the cargo registry live.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg getrandom_backend=\"custom\" --remap-path-prefix=$root=/vardguide --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
cargo build --locked -p vardguide-search-wasm --target wasm32-unknown-unknown --profile wasm
built=target/wasm32-unknown-unknown/wasm/vardguide_search_wasm.wasm
tmp=$(mktemp)
wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int "$built" -o "$tmp"

# Precompressed copies (gzip -9 -n has no timestamp or name; brotli is deterministic), served
# as they are by servers that support it.
gzip -9 -n -c "$tmp" > "$tmp.gz"
brotli -q 11 -c "$tmp" > "$tmp.br"

if [ "${1:-}" = "--check" ]; then
  status=0
  for ext in "" .gz .br; do
    if ! cmp -s "$tmp$ext" "$out$ext"; then
      echo "error: $out$ext does not match what the current source builds." >&2
      echo "  If you changed crates/search or crates/search-wasm: run scripts/build-wasm.sh and commit the result." >&2
      echo "  If you did not: the bytes depend on the compiler and binaryen. This check expects the toolchain in" >&2
      echo "  rust-toolchain.toml ($(rustc --version)) and binaryen $expected_binaryen (found: $(wasm-opt --version))." >&2
      status=1
    fi
  done
  rm -f "$tmp" "$tmp.gz" "$tmp.br"
  [ $status -eq 0 ] && echo "search module OK: $out matches the source ($(stat -c %s "$out") bytes)"
  exit $status
else
  mkdir -p "$(dirname "$out")"
  for ext in "" .gz .br; do mv "$tmp$ext" "$out$ext"; done
  echo "wrote $out: raw $(stat -c %s "$out") bytes, gzip -9 $(stat -c %s "$out.gz"), brotli -q 11 $(stat -c %s "$out.br")"
fi
