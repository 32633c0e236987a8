#!/usr/bin/env bash
# Runs clang-tidy-14 (checks in .clang-tidy) over the project's sources:
# text/, align/, evaluation/, tm/, corpus/, serve/, cli/ (and their headers, through HeaderFilterRegex).
# Needs a compile_commands.json: configure first (scripts/test.sh does).
#
# usage: scripts/lint.sh [BUILD_DIR] [FILE.cc...]   (default build, every file)
# Exits non-zero when clang-tidy reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
[ -n "$tidy" ] || { echo "lint.sh: clang-tidy-14 not installed (scripts/setup.sh --tests)" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "lint.sh: no $build/compile_commands.json (configure first)" >&2; exit 1; }
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'text/*.cc' 'align/*.cc' 'evaluation/*.cc' 'tm/*.cc' 'corpus/*.cc' 'serve/*.cc' 'cli/*.cc')
fi
jobs=${LINT_JOBS:-$(nproc)}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One clang-tidy per file, in parallel; --quiet drops the "N warnings
# generated" chatter, so any line of output is a finding.
printf '%s\n' "${files[@]}" |
  xargs -P "$jobs" -I{} "$tidy" -p "$build" --quiet {} >"$log" 2>/dev/null || true
if grep -qE '(warning|error):' "$log"; then
  grep -E '(warning|error):' "$log" | sort -u
  echo "lint.sh: $(grep -cE '(warning|error):' "$log") finding(s) in ${#files[@]} files" >&2
  exit 1
fi
echo "lint.sh: clean (${#files[@]} files)"
