#!/usr/bin/env bash
# Builds muwazi and runs the whole test suite twice: a Release build (then
# clang-tidy), then an ASan+UBSan build; then a short smoke run of every
# libFuzzer target (clang) and the tests that run threads under
# ThreadSanitizer. Run from anywhere; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# Lint: clang-tidy over text/ align/ tm/ cli/ (checks in .clang-tidy), ~2 min
# on two cores; MUWAZI_SKIP_LINT=1 skips it.
if [ "${MUWAZI_SKIP_LINT:-0}" != 1 ]; then
  bash scripts/lint.sh build
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMUWAZI_SANITIZE=ON -DMUWAZI_BENCH=OFF
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

# Fuzz smoke: every libFuzzer target (tests/fuzz) replays its seed corpus and
# mutates for 2000 runs, so the targets keep building and running (README,
# "Reliability", says how to fuzz for real).
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DMUWAZI_FUZZ=ON -DMUWAZI_TESTS=OFF -DMUWAZI_BENCH=OFF
cmake --build build-fuzz -j "$jobs"
bash scripts/fuzz_smoke.sh build-fuzz 2000
# ThreadSanitizer for what runs threads: `tm import` parses TMX on a reader
# thread while SQLite writes (tm/import.cc), and `muwazi batch` aligns on a
# pool of threads (corpus/). The TM and corpus tests and the CLI tests that
# import or batch (TM, batch, reliability, bad input) run under TSan.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMUWAZI_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_C_FLAGS="-fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread"
cmake --build build-tsan -j "$jobs"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
  -R '^(Tm[A-Za-z]*|Corpus[A-Za-z]*|BatchCli|LookupTest|ReliabilityConcurrency|ReliabilityDisk|ReliabilityTmpfs|BadInputTmx?)\.'
