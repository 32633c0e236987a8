#!/usr/bin/env bash
# Regenerates BENCHMARKS.md (and bench/report.html) from scratch. Every figure
# in those files comes from the commands below; nothing is typed by hand.
#
#   scripts/benchmarks.sh                 # writes BENCHMARKS.md, bench/report.html
#   BUILD_DIR=build-x scripts/benchmarks.sh
#   MICRO_FILTER='BM_Align.*/1024' scripts/benchmarks.sh   # a quicker, partial run
#   ONLY=batch scripts/benchmarks.sh      # regenerates one section in place
#
# Sections run by other scripts (batch: scripts/bench_batch.sh, serve:
# scripts/bench_serve.sh, lexicon: scripts/tm_lexicon_eval.sh) sit between
# "<!-- section NAME -->" and "<!-- /section NAME -->" lines; ONLY="NAME..."
# reruns just those and leaves the rest of BENCHMARKS.md as it is.
#
# Needs the shared evaluation data (../shared/data, or MUWAZI_SHARED_DATA) and
# the benchmark packages (`bash scripts/setup.sh --bench`: load generators,
# translate-toolkit, perf; a section whose tool is missing says so), and
# takes a few minutes on two cores (the 64k-sentence micro-benchmarks dominate).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${MUWAZI_SHARED_DATA:-$root/../shared/data}
build=${BUILD_DIR:-$root/build-bench}
out_md=$root/BENCHMARKS.md
out_html=$root/bench/report.html

if [ ! -d "$data/ar-en" ]; then
  echo "benchmarks.sh: no evaluation data in $data (set MUWAZI_SHARED_DATA)" >&2
  exit 1
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUWAZI_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target muwazi muwazi_bench >/dev/null
muwazi=$build/cli/muwazi
micro=$build/bench/muwazi_bench

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# section NAME: the Markdown of one script-run section, between its markers.
section() {
  local name=$1
  echo "<!-- section $name -->"
  case $name in
    batch)
      echo "## Corpus scale: \`muwazi batch\`"
      echo
      echo "\`scripts/bench_batch.sh\` (issue 11); every figure below comes from one run of it."
      echo
      bash "$root/scripts/bench_batch.sh" "$build"
      ;;
    serve)
      echo "\`scripts/bench_serve.sh\` (issue 12; about 3 minutes, needs wrk; translate-toolkit's tmserver"
      echo "side by side when installed); every figure below comes from one run of it. On a shared"
      echo "machine compare the server CPU seconds and requests per CPU-second, not only the wall clock."
      echo
      bash "$root/scripts/bench_serve.sh" "$build"
      ;;
    lexicon)
      echo "## A lexicon learned from the TM (\`tm lexicon\`, \`--lexicon\`)"
      echo
      echo "Does a word lexicon learned from a TM help the next alignment? For each ar-en dev source S, a"
      echo "TM holds the TICO-19 TMX and the gold units of the other four sources' dev documents (never"
      echo "S's); \`muwazi tm lexicon\` learns from it and S's dev and dev/hard documents are aligned with"
      echo "\`align --presplit\` without and with \`--lexicon\`, scored by \`muwazi eval\` (strict/lax F1;"
      echo "\`pairs\`: lines of the learned file). \`scripts/tm_lexicon_eval.sh\`, with the default"
      echo "\`--min-dice 0.5\` and then with \`LEXICON_FLAGS=\"--min-dice 0.3\"\`:"
      echo
      echo '```'
      bash "$root/scripts/tm_lexicon_eval.sh" "$build" "$data"
      echo
      echo "with --min-dice 0.3:"
      LEXICON_FLAGS="--min-dice 0.3" bash "$root/scripts/tm_lexicon_eval.sh" "$build" "$data"
      echo '```'
      ;;
    *) echo "benchmarks.sh: unknown section $name" >&2; return 1 ;;
  esac
  echo "<!-- /section $name -->"
}
script_sections=(batch serve lexicon)

if [ -n "${ONLY:-}" ]; then
  [ -f "$out_md" ] || { echo "benchmarks.sh: ONLY needs an existing $out_md" >&2; exit 1; }
  cp "$out_md" "$tmp/cur.md"
  for name in $ONLY; do
    section "$name" >"$tmp/section.md"
    if grep -qx "<!-- section $name -->" "$tmp/cur.md"; then
      awk -v name="$name" -v file="$tmp/section.md" '
        $0 == "<!-- section " name " -->" { while ((getline l < file) > 0) print l; skip = 1; next }
        $0 == "<!-- /section " name " -->" { skip = 0; next }
        !skip' "$tmp/cur.md" >"$tmp/next.md"
    else
      { cat "$tmp/cur.md"; echo; cat "$tmp/section.md"; } >"$tmp/next.md"
    fi
    mv "$tmp/next.md" "$tmp/cur.md"
  done
  mv "$tmp/cur.md" "$out_md"
  echo "wrote the sections $ONLY of $out_md"
  exit 0
fi

# Commands are shown in BENCHMARKS.md with the data directory as $DATA.
show() { sed "s|$data|\$DATA|g; s|$build|build|g; s|$tmp|\$TMP|g; s|$root/||g"; }

# 1. Accuracy (and speed) on the dev data: five ar-en sources, clean and hard,
#    and the de-fr Text+Berg document, in the four default configurations.
accuracy_cmd=("$muwazi" bench align "$data"/ar-en/*/dev "$data"/de-fr --format markdown --html "$tmp/report.html" --quiet)
"${accuracy_cmd[@]}" >"$tmp/accuracy.md" 2>"$tmp/accuracy.err"

# 2. One long document pair: the clean ar-en dev documents concatenated (and
#    repeated) until the source side has at least 15,000 sentences, gold ids
#    shifted accordingly.
mkdir -p "$tmp/long"
shift_gold() {  # shift_gold SRC_OFFSET TGT_OFFSET FILE
  awk -v os="$1" -v ot="$2" '
    /^[ \t]*(#|$)/ { next }
    { line = $0; out = ""; side = 0
      while (side < 2 && match(line, /[0-9]+|\]/)) {
        tok = substr(line, RSTART, RLENGTH)
        out = out substr(line, 1, RSTART - 1)
        if (tok == "]") { out = out tok; side++ } else { out = out (tok + (side == 0 ? os : ot)) }
        line = substr(line, RSTART + RLENGTH)
      }
      print out line }' "$3"
}
n_src=0
n_tgt=0
: >"$tmp/long/long.ar"
: >"$tmp/long/long.en"
: >"$tmp/long/long.gold"
while [ "$n_src" -lt 15000 ]; do
  for gold in "$data"/ar-en/*/dev/*.gold; do
    base=${gold%.gold}
    shift_gold "$n_src" "$n_tgt" "$gold" >>"$tmp/long/long.gold"
    sed -e '$a\' "$base.ar" >>"$tmp/long/long.ar"
    sed -e '$a\' "$base.en" >>"$tmp/long/long.en"
    n_src=$(wc -l <"$tmp/long/long.ar")
    n_tgt=$(wc -l <"$tmp/long/long.en")
    [ "$n_src" -ge 15000 ] && break
  done
done
long_cmd=("$muwazi" bench align "$tmp/long" --config length --config global=--no-local --config default --format markdown --quiet)
"${long_cmd[@]}" >"$tmp/long.md"

# 3. Parallel-pair detection (issue 13): every dev document with itself, with another
# document of its subset, and with its target shuffled, at the default --min-pair-score.
parallel_cmd=(python3 "$root/scripts/parallel_eval.py" --muwazi "$muwazi" --data "$data" --threshold 0.55)
"${parallel_cmd[@]}" >"$tmp/parallel.txt"

# 4. Google Benchmark: feature extraction and the aligner at 1k-64k sentences.
micro_cmd=("$micro" "--benchmark_filter=${MICRO_FILTER:-BM_FeatureExtraction|BM_Align}")
"${micro_cmd[@]}" >"$tmp/micro.txt" 2>"$tmp/micro.err"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
if ! git diff --quiet HEAD -- align text cli 2>/dev/null; then dirty=" (with uncommitted changes in align/ text/ cli/)"; fi

{
  cat <<EOF
# muwazi benchmarks

Generated by \`scripts/benchmarks.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit \`$commit\`$dirty.
Do not edit by hand: run the script again. The same run wrote [bench/report.html](bench/report.html),
a self-contained page with the charts (F1 per subset and configuration, recall by gold bead
shape, errors by kind, time against document length).

## Method

- **Data**: the development split of \`../shared/data\` (see its README): five Arabic–English
  sources (news_ntrex, ted_iwslt17, law_alignar, literature_alignar, quran_tanzil), each clean
  (\`dev\`) and with about 5% of the units dropped on one side (\`dev/hard\`), and the German–French
  Text+Berg document (\`de-fr\`). One sentence per line, as given; gold alignments as given
  (the de-fr gold leaves two French sentences out; it is scored as it is).
- **Metric**: strict and lax precision, recall and F1 of Sennrich & Volk (2011), counts summed
  over the documents of a row before dividing -- the numbers of \`muwazi eval\` and
  \`../shared/tools/score.py\` (tested to be identical). Rows \`ar-en/*/dev\` and
  \`ar-en/*/dev/hard\` sum the five sources.
- **Configurations** (flags of \`muwazi align\`): \`gale-church\` = length only with a fixed 1:1
  ratio (\`--no-ratio --fixed-ratio 1.0 --no-anchors --no-lexicon --no-local\`), \`length\` = length with the
  ratio estimated per document (\`--no-anchors --no-lexicon\`), \`anchors\` = + anchor evidence
  (\`--no-lexicon\`), \`default\` = + the learned lexicon (no flags). All but \`gale-church\`
  re-align the low-confidence stretches of a long document with a model of their own; the
  long-document run also shows \`global\` = the default without that (\`--no-local\`).
- **Errors**: every gold bead the aligner did not reproduce exactly is classified by the test
  beads around it: merge (the aligner merged what gold splits), split, shifted boundaries, false
  omission (a sentence left out that gold aligns), missed omission (an untranslated sentence
  aligned anyway).
- **Speed**: wall and CPU time inside \`align_documents\` per document (files are read before
  timing), single-threaded; peak memory is the process's resident-set high-water mark, reset
  before each document, so it includes the loaded corpus. The long-document run concatenates
  the clean ar-en dev documents (repeated) into one pair of at least 15,000 source sentences.
  Micro-benchmarks: Google Benchmark on the bundled NTREX news documents concatenated to 1k-64k
  sentences per side; \`BigO\`/\`RMS\` are Google Benchmark's fit of time against N (its "Library
  was built as DEBUG" warning is about Debian's libbenchmark package; muwazi is built Release).
- **Machine load**: the reports give the load average at the end of each run. On a shared
  machine wall time exceeds CPU time; CPU seconds are the steadier figure.

## Commands

\`\`\`sh
$(printf '%q ' "${accuracy_cmd[@]}" | show)
$(printf '%q ' "${long_cmd[@]}" | show)   # \$TMP/long: see scripts/benchmarks.sh
$(printf '%q ' "${micro_cmd[@]}" | show)
$(printf '%q ' "${parallel_cmd[@]}" | show)
\`\`\`

## Accuracy on the dev data

$(cat "$tmp/accuracy.md")
EOF
  if [ -s "$tmp/accuracy.err" ]; then
    printf '\nWarnings of that run:\n\n```\n%s\n```\n' "$(show <"$tmp/accuracy.err")"
  fi
  cat <<EOF

## One long document ($n_src × $n_tgt sentences)

$(cat "$tmp/long.md")

## Parallel-pair detection

Is a document pair a translation at all? \`muwazi align --verbose\` prints the pair's parallel
score (align/parallel.h: the weighted geometric mean of the share of the text in confident
beads, the share of the anchor evidence of both sides matched inside its beads (recall), the share
of the anchors that have a partner anywhere matched inside their bead (precision), the beads'
length fit (weight 2), and the probability that the rare anchors (items found once on each side)
sit where a translation puts them: both ends at the same relative place of their documents, within
about 3% (bar 5% chance pairs), against ends placed at random, from even odds (a shuffle or a wrong
pairing scatters them; this factor does not depend on the alignment); recall and precision shrunk
towards one half for a pair with little evidence); \`tm add\` and \`batch\` refuse a pair below
\`--min-pair-score\` (default 0.55, fixed on all sources together; the script's own pick when it is
given no threshold, maximizing the worse of the kept and refused shares, is 0.572, which refuses one
translation) as a failed pair with that reason. Parallel: every dev document (dev, dev/hard,
de-fr) with itself.
Not parallel: *other* = its source with the target of the document of the same subset whose
target length in sentences is closest (a subset of one document: the first half of its source
with the second half of its target, and the reverse); *shuffled* = its source with its own target
in a shuffled sentence order. AUC: parallel against each kind. Before the check (issue 13) every
pair was stored: none of the 90 wrong pairings was refused. Its cost per news pair:
\`build/bench/muwazi_bench --benchmark_filter='BM_AlignNewsPair\$|BM_AlignNewsPairVerdict'\`.

\`\`\`
$(show <"$tmp/parallel.txt")
\`\`\`

## Micro-benchmarks (Google Benchmark)

\`\`\`
$(cat "$tmp/micro.err" "$tmp/micro.txt")
\`\`\`
EOF
  for name in "${script_sections[@]}"; do
    echo
    section "$name"
  done
} >"$tmp/BENCHMARKS.md"

mv "$tmp/BENCHMARKS.md" "$out_md"
cp "$tmp/report.html" "$out_html.tmp" && mv "$out_html.tmp" "$out_html"
echo "wrote $out_md and $out_html"
