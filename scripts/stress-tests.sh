#!/usr/bin/env bash
# Runs one test binary again and again while the machine is busy, to find tests that pass only on
# a quiet machine. Two CPU-bound loops and one disk-heavy loop run beside the tests; each is
# bounded in time (`timeout`) and all are stopped by PID when the runs end, however they end.
#
#   scripts/stress-tests.sh [--runs N] [--no-load] BINARY [-- TEST-ARGS…]
#
#   BINARY      a test target of this crate: browser, hosting, html, js, or testsuite
#   --runs N    how many runs (default 10)
#   --no-load   run without the loops (to compare)
#   TEST-ARGS   passed to the test binary, e.g. `-- serve::` for the serve tests only
#
# Prints one line per run (pass or fail, seconds, load average) and a closing
# "stress: N passed, N failed"; the output of failed runs is kept in a folder it names.
# Exits non-zero when any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
load=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-load) load=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: scripts/stress-tests.sh [--runs N] [--no-load] BINARY [-- TEST-ARGS…]" >&2; exit 2; }
binary=$1
shift
[ "${1:-}" = "--" ] && shift

# Compile first, so that the loops load the tests and not the compiler.
cargo test --locked --test "$binary" --no-run

work=$(mktemp -d)
pids=()
stop_loops() {
  for pid in "${pids[@]}"; do kill -- "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  rm -f "$work/disk.bin"
}
trap stop_loops EXIT INT TERM

# Long enough for every run, never forever: at most two hours.
limit=7200
if [ "$load" -eq 1 ]; then
  for _ in 1 2; do
    timeout "$limit" sh -c 'while :; do :; done' &
    pids+=($!)
  done
  # Writes and syncs 256 MiB, reads it back, again and again: the page cache and the disk queue
  # are as busy as on a machine that also builds a large site.
  timeout "$limit" sh -c "while :; do dd if=/dev/zero of='$work/disk.bin' bs=1M count=256 conv=fsync status=none; cat '$work/disk.bin' > /dev/null; done" &
  pids+=($!)
fi

passed=0
failed=0
for i in $(seq 1 "$runs"); do
  log="$work/run-$i.log"
  start=$SECONDS
  if cargo test --locked --test "$binary" -- "$@" >"$log" 2>&1; then
    passed=$((passed + 1)); verdict=pass
    rm -f "$log"
  else
    failed=$((failed + 1)); verdict=FAIL
  fi
  printf 'run %2d/%d  %s  %4ds  load %s\n' "$i" "$runs" "$verdict" "$((SECONDS - start))" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
stop_loops
if [ "$failed" -gt 0 ]; then
  echo "the output of the failed runs: $work"
else
  rmdir "$work" 2>/dev/null || true
fi
echo "stress: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
