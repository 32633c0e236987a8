#!/usr/bin/env bash
# Installs the Debian 12 packages muwazi needs. Run as root on a fresh
# machine. Idempotent.
#
# usage: scripts/setup.sh           to build muwazi and run it (scripts/demo.sh)
#        scripts/setup.sh --tests   also what scripts/test.sh uses
#        scripts/setup.sh --bench   also what scripts/benchmarks.sh uses
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
group=${1:-build}
case "$group" in
  build|--tests|--bench) ;;
  *) echo "usage: scripts/setup.sh [--tests|--bench]" >&2; exit 2 ;;
esac
pkgs=(
  build-essential cmake ninja-build ccache pkg-config git python3
  libicu-dev            # Unicode: normalization, break iteration, transliteration
  libsqlite3-dev sqlite3 # translation memory (FTS5 is compiled in on Debian)
  libxml2-dev libxml2-utils # TMX streaming reader/writer; xmllint for tests
  nlohmann-json3-dev    # JSON output (jsonl, --json)
  libboost-dev libboost-program-options-dev # option parsing + generated help (cli/), HTTP (serve/)
  libssl-dev            # SHA-256 of provenance files (libcrypto EVP)
  libgtest-dev libgmock-dev googletest # unit tests (the default configuration builds them)
  libbenchmark-dev      # Google Benchmark micro-benchmarks (built by default too)
)
if [ "$group" != build ]; then
  pkgs+=(
    clang libclang-rt-14-dev clang-tidy # the clang build, sanitizers, libFuzzer targets, lint
    chromium              # the bench HTML report is rendered headless in a test
    chromium-driver python3-selenium # tests/browser: the page of muwazi serve in headless chromium
    firefox-esr           # tests/browser: the same page in headless Firefox (Marionette, no geckodriver in Debian 12)
    munge slurm-wlm       # tests/slurm: a single-node Slurm runs the contrib/slurm recipe
    shellcheck            # lint of the recipe's shell scripts (ctest Lint.SlurmShellScripts)
  )
fi
if [ "$group" = --bench ]; then
  pkgs+=(
    wrk apache2-utils     # scripts/bench_serve.sh: load generators
    translate-toolkit python3-cheroot python3-levenshtein # translate-toolkit's tmserver, measured beside muwazi serve
    linux-perf            # scripts/bench_batch.sh: where the time goes
  )
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: missing packages (${missing[*]}); run as root" >&2
    exit 1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
