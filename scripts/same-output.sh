#!/usr/bin/env bash
# Checks that two vardguide binaries write byte-identical sites: the bundled site and the two
# generated corpus shapes (bench/gen_corpus.py, zipf and uniform), each built without the build
# cache by both binaries. Prints one tree hash per site and binary, and the files that differ.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [ARTICLES]     (ARTICLES per language, default 300)
#
# Use it around a refactoring that must not change the output: build the old binary from the
# commit before (git worktree), the new one from the working tree.
set -euo pipefail
old=$1 new=$2 articles=${3:-300}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tree_hash() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

python3 "$repo/bench/gen_corpus.py" --articles "$articles" --clinics 200 --profile zipf --out "$work/zipf" >/dev/null
python3 "$repo/bench/gen_corpus.py" --articles "$articles" --clinics 200 --profile uniform --out "$work/uniform" >/dev/null

status=0
for site in bundled zipf uniform; do
  root=$work/$site
  [ "$site" = bundled ] && root=$repo
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    "$bin" build --root "$root" --out "$work/out-$site-$which" --no-cache >/dev/null
  done
  a=$(tree_hash "$work/out-$site-old") b=$(tree_hash "$work/out-$site-new")
  files=$(find "$work/out-$site-new" -type f | wc -l)
  if [ "$a" = "$b" ]; then
    echo "$site: identical, $files files, tree $a"
  else
    echo "$site: DIFFERENT (old $a, new $b)"
    diff -rq "$work/out-$site-old" "$work/out-$site-new" | head -20 || true
    status=1
  fi
done
exit $status
