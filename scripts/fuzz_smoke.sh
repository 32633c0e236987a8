#!/usr/bin/env bash
# Smoke run of every libFuzzer target: each replays its seed corpus
# (tests/fuzz/corpus/<target>/) and then mutates for a fixed number of runs,
# so the targets keep building and running. Not a substitute for real fuzzing
# (README, "Reliability", says how to run them for longer).
#
# usage: scripts/fuzz_smoke.sh [BUILD_DIR] [RUNS]   (default build-fuzz 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
runs=${2:-2000}
targets=(utf8 segment align beads tmx tsv jsonl lookup lexicon serve)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/${t}_fuzz"
  [ -x "$bin" ] || { echo "fuzz_smoke: $bin not built" >&2; exit 1; }
  # Mutations go to a scratch corpus: the checked-in seeds stay as they are.
  mkdir -p "$work/$t"
  start=$SECONDS
  if ! TMPDIR="$work" "$bin" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -seed=1 \
      -artifact_prefix="$work/$t-" "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    tail -n 40 "$work/$t.log" >&2
    mkdir -p "$build/fuzz-artifacts"
    for a in "$work/$t"-*; do
      [ -f "$a" ] && cp "$a" "$build/fuzz-artifacts/" && echo "fuzz_smoke: reproducer: $build/fuzz-artifacts/$(basename "$a")" >&2
    done
    echo "fuzz_smoke: $t FAILED" >&2
    exit 1
  fi
  echo "fuzz_smoke: $t ok ($((SECONDS - start)) s): $(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -1)"
done
