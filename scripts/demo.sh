#!/usr/bin/env bash
# Builds muwazi (Release) and aligns the bundled sample article pair.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target muwazi >&2
# Raw text in (title, blank line, body); source TAB target TAB confidence out.
build/cli/muwazi align --format tsv tests/data/sample/article.ar.txt tests/data/sample/article.en.txt
