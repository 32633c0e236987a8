#!/usr/bin/env bash
# Does a lexicon learned from a TM improve the alignment of new documents?
# For each ar-en dev source S: a TM of the TICO-19 TMX and the gold units of
# the OTHER sources' dev documents (never S's), `muwazi tm lexicon`, then
# `align --presplit` of S's dev documents without and with --lexicon, scored
# by `muwazi eval` (strict / lax F1).
#   [LEXICON_FLAGS="--min-dice 0.5"] scripts/tm_lexicon_eval.sh [BUILD_DIR] [DATA_DIR]
set -euo pipefail
build=${1:-build}
data=${2:-../shared/data}
muwazi=$build/cli/muwazi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sources=$(cd "$data/ar-en" && ls)
# Gold beads -> TSV units (Arabic TAB English), one file per source.
for s in $sources; do
  python3 - "$data/ar-en/$s/dev" > "$work/$s.tsv" <<'PY'
import sys, pathlib, re
d = pathlib.Path(sys.argv[1])
for g in sorted(d.glob("*.gold")):
    ar = (d / (g.stem + ".ar")).read_text(encoding="utf-8").split("\n")
    en = (d / (g.stem + ".en")).read_text(encoding="utf-8").split("\n")
    for line in g.read_text(encoding="utf-8").split("\n"):
        m = re.match(r"\[([0-9,\s]*)\]:\[([0-9,\s]*)\]", line.strip())
        if not m or not m.group(1).strip() or not m.group(2).strip():
            continue
        a = " ".join(ar[int(i)] for i in m.group(1).split(","))
        e = " ".join(en[int(j)] for j in m.group(2).split(","))
        print(a.replace("\t", " ") + "\t" + e.replace("\t", " "))
PY
done
printf '%-25s %8s %17s %17s\n' "source (split)" pairs "strict/lax before" "strict/lax after"
for s in $sources; do
  db=$work/$s.db
  "$muwazi" tm import --quiet --db "$db" "$data/tmx/tico19-all.en-ar.tmx" > /dev/null 2>&1
  for o in $sources; do
    [ "$o" = "$s" ] || "$muwazi" tm import --quiet --db "$db" --format tsv --src-lang ar --tgt-lang en "$work/$o.tsv" > /dev/null 2>&1
  done
  # shellcheck disable=SC2086
  "$muwazi" tm lexicon --quiet --db "$db" ${LEXICON_FLAGS:-} -o "$work/$s.lex"
  for split in dev dev/hard; do
    gold=$data/ar-en/$s/$split
    for mode in before after; do
      out=$work/$s.${split//\//_}.$mode
      mkdir -p "$out"
      extra=()
      [ "$mode" = after ] && extra=(--lexicon "$work/$s.lex")
      for ar in "$gold"/*.ar; do
        n=$(basename "$ar" .ar)
        "$muwazi" align --presplit "${extra[@]}" "$ar" "${ar%.ar}.en" > "$out/$n.align"
      done
    done
    f() { "$muwazi" eval --gold-dir "$gold" --test-dir "$work/$s.${split//\//_}.$1" --json |
          python3 -c 'import json,sys; t=json.load(sys.stdin); print("%.4f/%.4f" % (t["strict"]["f1"], t["lax"]["f1"]))'; }
    printf '%-25s %8s %17s %17s\n' "$s ($split)" "$(wc -l < "$work/$s.lex")" "$(f before)" "$(f after)"
  done
done
