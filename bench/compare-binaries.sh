#!/usr/bin/env bash
# Two vardguide binaries side by side on one generated site: first builds without the build cache,
# then cached rebuilds after a one-line body edit, alternating the binaries so that the machine's
# state is shared. Each binary builds its own copy of the site (the cache is per binary).
#
#   bench/compare-binaries.sh OLD NEW SITE [RUNS] [EDITS]      (defaults: 3 first builds, 5 edits)
#
# SITE is a corpus from bench/gen_corpus.py (it must have content/articles/a05001/sv.md, so N is at
# least 5001; the edit appends to it). Outputs go to SITE.out-*; prints wall time, peak RSS and
# `--timings` for each build, and the load average before and after.
set -u
old=$1 new=$2 site=$3 runs=${4:-3} edits=${5:-5}
article=content/articles/a05001/sv.md
[ -f "$site/$article" ] || { echo "$site has no $article (generate at least 5001 articles)" >&2; exit 1; }
[ -d "$site.old" ] || cp -r "$site" "$site.old"
rm -rf "$site/.vardguide-cache" "$site.old/.vardguide-cache"
pick() { if [ "$1" = old ]; then bin=$old root=$site.old; else bin=$new root=$site; fi; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$runs"); do
  for which in old new; do
    pick $which
    rm -rf "$site.out-$which-$run"
    /usr/bin/time -f "first build, $which, run $run: %e s, peak %M KB" \
      "$bin" build --root "$root" --out "$site.out-$which-$run" --no-cache --timings 2>&1 | grep -E "^first|^timings"
  done
done
for which in old new; do
  pick $which
  rm -rf "$site.out-inc-$which"
  "$bin" build --root "$root" --out "$site.out-inc-$which" >/dev/null 2>&1
done
for i in $(seq "$edits"); do
  for which in old new; do
    pick $which
    echo "Tillägg $i." >> "$root/$article"
    sleep 2
    /usr/bin/time -f "cached build after an edit, $which, edit $i: %e s, peak %M KB" \
      "$bin" build --root "$root" --out "$site.out-inc-$which" --timings 2>&1 | grep -E "^cached|^timings"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
