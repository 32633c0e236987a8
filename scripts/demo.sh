#!/usr/bin/env bash
# The whole job on the bundled sample article pair (tests/data/sample), in a
# second or two after the build: split both articles into sentences, align
# them, keep the aligned pairs in a translation memory (`tm add`), find the
# earlier translation of a new sentence (`tm lookup`: one with a typo, a fuzzy
# match, and one with a spelling variant, a nearly exact match, each with its
# score and penalties), and export the TM as TMX. A heading before each step.
#
# usage: scripts/demo.sh      builds build/ (Release) first; files in build/demo/
#   MUWAZI=BIN DEMO_DIR=DIR scripts/demo.sh   runs BIN, no build; files in DIR
#   (tests/e2e/demo_test.cc runs it so and checks what it prints).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MUWAZI:-}" ]; then
  # An existing build folder keeps its generator and compiler.
  if [ -f build/CMakeCache.txt ]; then
    cmake -S . -B build >/dev/null
  else
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build build -j "$(nproc)" --target muwazi >&2
  MUWAZI=build/cli/muwazi
fi
out=${DEMO_DIR:-build/demo}
mkdir -p "$out"
rm -f "$out/tm.db" "$out/tm.db-wal" "$out/tm.db-shm" "$out/tm.tmx"
ar=tests/data/sample/article.ar.txt
en=tests/data/sample/article.en.txt
step() { printf '\n== %s\n' "$*"; }

step "1. segment: $ar and $en, one sentence per line"
"$MUWAZI" segment "$ar" >"$out/article.ar.sentences"
"$MUWAZI" segment "$en" >"$out/article.en.sentences"
echo "$(wc -l <"$out/article.ar.sentences") Arabic and $(wc -l <"$out/article.en.sentences") English sentences; the first three of each:"
head -n 3 "$out/article.ar.sentences"
head -n 3 "$out/article.en.sentences"

step "2. align: beads [Arabic ids]:[English ids]:confidence, then the first two as source / target"
"$MUWAZI" align "$ar" "$en" >"$out/article.beads"
"$MUWAZI" align --format tsv "$ar" "$en" >"$out/article.tsv"
tr '\n' ' ' <"$out/article.beads" | fold -s -w 100
echo
head -n 2 "$out/article.tsv" | awk -F'\t' '{ printf "  ar: %s\n  en: %s\n  confidence %s\n", $1, $2, $3 }'

step "3. tm add: align again and store the pairs in the translation memory $out/tm.db"
"$MUWAZI" tm add --db "$out/tm.db" "$ar" "$en"
"$MUWAZI" tm stats --db "$out/tm.db"

# A sentence of the article with one letter wrong (مماثلة -> مماتلة): a fuzzy
# match. The same sentence written without hamza, ة as ه, ى as ي and without
# its comma: a nearly exact match, each difference a listed penalty.
step "4. tm lookup: a new sentence with a typo finds the stored translation (fuzzy match)"
"$MUWAZI" tm lookup --db "$out/tm.db" --src-lang ar --tgt-lang en \
  'ومع ذلك، فإننا لا نرى أي استجابة مماتلة من الولايات المتحدة'
step "5. tm lookup: the same sentence in a spelling variant (nearly exact match, with penalties)"
"$MUWAZI" tm lookup --db "$out/tm.db" --src-lang ar --tgt-lang en \
  'ومع ذلك فاننا لا نري اي استجابه مماثله من الولايات المتحده'

step "6. tm export: the TM as TMX 1.4b, $out/tm.tmx"
"$MUWAZI" tm export --db "$out/tm.db" -o "$out/tm.tmx"
echo "$(grep -c '<tu ' "$out/tm.tmx") translation units; the first:"
awk '/<tu /{p=1} p{print} /<\/tu>/{if(p) exit}' "$out/tm.tmx"
