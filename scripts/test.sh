#!/usr/bin/env bash
# Builds muwazi and runs the whole test suite twice, then the threaded tests a
# third time:
#   1. a Release build with gcc, every test, then clang-tidy;
#   2. a fresh clone of the tree in a 0700 folder with no ../shared beside it
#      (as a user's clone under /root is), built whole with clang -Werror
#      under ASan+UBSan with the libFuzzer targets: every test there (each
#      passes or skips saying why), then a smoke run of every fuzz target;
#   3. the tests that run threads, under ThreadSanitizer (gcc).
# One clang build serves the clone, the sanitizers and the fuzz targets: on a
# fresh 2-core machine (CI, no ccache) each build of the tree costs 6-14
# minutes, and three builds, not five, keep the command within its budget.
# Run from anywhere; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
# An existing build/ keeps its generator (cmake refuses to switch it).
if [ -f build/CMakeCache.txt ]; then cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
else cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release; fi
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# Lint: clang-tidy over text/ align/ tm/ cli/ (checks in .clang-tidy), ~2 min
# on two cores; MUWAZI_SKIP_LINT=1 skips it.
if [ "${MUWAZI_SKIP_LINT:-0}" != 1 ]; then
  bash scripts/lint.sh build
fi
# --- A newcomer's clone, with clang, ASan+UBSan and the fuzz targets ---------
# The tree (HEAD plus uncommitted changes to tracked files) is cloned into a
# 0700 folder outside the checkout, with no ../shared beside it, and built
# whole (tests, benchmarks, fuzz targets) with clang, -Werror, AddressSanitizer
# and UndefinedBehaviorSanitizer (MUWAZI_SANITIZE; MUWAZI_FUZZ adds libFuzzer's
# coverage instrumentation, which the ASan runtime answers in the tests).
# The folder's name is fixed (one run at a time, under a lock), so that ccache
# serves the next run's build; it is kept when a step fails.
# MUWAZI_SKIP_CLONE=1 skips it (and with it the sanitizers and the fuzz smoke).
if [ "${MUWAZI_SKIP_CLONE:-0}" != 1 ] && git rev-parse --git-dir >/dev/null 2>&1; then
  clone_root=${TMPDIR:-/tmp}/muwazi-clone-check-$(id -u)
  exec 9>"$clone_root.lock"
  flock 9
  rm -rf "$clone_root"
  mkdir -m 0700 "$clone_root"
  trap 'echo "test.sh: the clone check failed; the clone is in $clone_root" >&2' ERR
  snapshot=$(git stash create 2>/dev/null || true)
  clone=$clone_root/muwazi
  git clone --quiet --no-checkout . "$clone"
  git -C "$clone" checkout --quiet --detach "${snapshot:-HEAD}"
  cmake -S "$clone" -B "$clone/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_FLAGS=-Werror -DCMAKE_CXX_FLAGS=-Werror \
    -DMUWAZI_SANITIZE=ON -DMUWAZI_FUZZ=ON
  cmake --build "$clone/build" -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$clone/build" --output-on-failure -j "$jobs"
  # Fuzz smoke: every libFuzzer target (tests/fuzz) replays its seed corpus
  # and mutates for 2000 runs, so the targets keep building and running
  # (README, "Reliability", says how to fuzz for real).
  bash "$clone/scripts/fuzz_smoke.sh" "$clone/build" 2000
  trap - ERR
  rm -rf "$clone_root"
  exec 9>&-
fi
# --- end of the clone check ----------------------------------------------------
# ThreadSanitizer for what runs threads: `tm import` parses TMX on a reader
# thread while SQLite writes (tm/import.cc), `muwazi batch` aligns on a pool
# of threads (corpus/), and `muwazi serve` answers on several (serve/). The
# TM, corpus and server tests and the CLI tests that import, batch or serve
# (TM, batch, serve, reliability, bad input) run under TSan.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMUWAZI_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_C_FLAGS="-fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread"
cmake --build build-tsan -j "$jobs"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
  -R '^(Tm[A-Za-z]*|Corpus[A-Za-z]*|Serve[A-Za-z]*|BatchCli|LookupTest|ReliabilityConcurrency|ReliabilityDisk|ReliabilityTmpfs|BadInputTmx?)\.'
