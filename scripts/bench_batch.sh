#!/usr/bin/env bash
# The corpus-scale benchmark of `muwazi batch` (issue 11): pairs and sentences
# per second with 1 and 2 jobs into a folder and into a TM, against a shell
# loop of `muwazi tm add` and, when ../shared/peers/hunalign is there,
# hunalign's -batch mode on the same presplit news pairs, in one run; peak
# memory at 2,000 and 20,000 pairs; `tm merge` of 4 shards of 250,000 units.
# Prints a Markdown section on stdout (scripts/benchmarks.sh puts it into
# BENCHMARKS.md).
#
#   scripts/bench_batch.sh [BUILD_DIR]      # default build-bench
#   QUICK=1 scripts/bench_batch.sh          # smaller workloads, for a try
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${MUWAZI_SHARED_DATA:-$root/../shared/data}
build=${1:-${BUILD_DIR:-$root/build-bench}}
muwazi=$build/cli/muwazi
peers=${MUWAZI_PEERS:-$root/../shared/peers}
quick=${QUICK:-0}
[ -x "$muwazi" ] || { echo "bench_batch.sh: build $muwazi first" >&2; exit 1; }
[ -d "$data/ar-en" ] || { echo "bench_batch.sh: no evaluation data in $data" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cores=$(nproc)

copies_news=$([ "$quick" = 1 ] && echo 6 || echo 60)      # x 37 pairs: 2,220
copies_mixed=$([ "$quick" = 1 ] && echo 4 || echo 36)     # x 56 pairs: 2,016
big_pairs=$([ "$quick" = 1 ] && echo 2000 || echo 20000)  # the memory run
merge_units=$([ "$quick" = 1 ] && echo 20000 || echo 250000)

# make_corpus OUT_DIR COPIES MODE SOURCE_DIRS...: every dev pair of the
# sources, COPIES times; copy k's lines end with " [k]" (k > 0) so that each
# copy is a new pair with new units. MODE presplit: one sentence per line;
# raw: the article rebuilt as headline, blank line, body sentences joined by
# spaces. Writes OUT_DIR/pairs.tsv.
make_corpus() {
  local out=$1 copies=$2 mode=$3; shift 3
  mkdir -p "$out"
  : >"$out/pairs.tsv"
  local k f base name
  for ((k = 0; k < copies; k++)); do
    for dir in "$@"; do
      for f in "$dir"/*.gold; do
        base=${f%.gold}
        name=$(basename "$base")-$k
        for ext in ar en; do
          awk -v k="$k" -v mode="$mode" '
            { s = $0 (k > 0 ? " [" k "]" : "") }
            mode == "presplit" { print s; next }
            NR == 1 { print s; print ""; next }
            { body = body (body == "" ? "" : " ") s }
            END { if (mode == "raw" && body != "") print body }' "$base.$ext" >"$out/$name.$ext"
        done
        printf '%s.ar\t%s.en\t%s\n' "$name" "$name" "$name" >>"$out/pairs.tsv"
      done
    done
  done
}

# run LABEL ARGS...: runs `muwazi batch ARGS` under /usr/bin/time; appends a
# table row: pairs/s and sentences/s (muwazi's summary), wall, CPU, peak RSS.
rows=()
declare -A rate
declare -A peak
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$muwazi" batch "$@" 2>"$tmp/err" >/dev/null || true
  local summary
  summary=$(grep '^muwazi batch: [0-9]* pairs:' "$tmp/err" | tail -1)
  [ -n "$summary" ] || { echo "bench_batch.sh: $label failed: $(tail -3 "$tmp/err")" >&2; exit 1; }
  local pairs ps ss
  pairs=$(sed -E 's/^muwazi batch: ([0-9]+) pairs:.*/\1/' <<<"$summary")
  ps=$(sed -E 's/.* ([0-9]+) pairs\/s.*/\1/' <<<"$summary")
  ss=$(sed -E 's/.* ([0-9]+) sentences\/s.*/\1/' <<<"$summary")
  read -r wall user sys rss <"$tmp/time"
  rate[$label]=$ps
  peak[$label]=$rss
  rows+=("| $label | $pairs | **$ps** | $ss | $wall | $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}') | $((rss / 1024)) |")
}

make_corpus "$tmp/news" "$copies_news" presplit "$data/ar-en/news_ntrex/dev"
make_corpus "$tmp/news-raw" "$copies_news" raw "$data/ar-en/news_ntrex/dev"
make_corpus "$tmp/mixed" "$copies_mixed" presplit "$data"/ar-en/*/dev
n_news=$(wc -l <"$tmp/news/pairs.tsv")
n_mixed=$(wc -l <"$tmp/mixed/pairs.tsv")

for jobs in 1 2; do
  run "news, presplit, --jobs $jobs, --out-dir" --presplit --jobs "$jobs" --out-dir "$tmp/o-n$jobs" "$tmp/news/pairs.tsv"
  run "news, presplit, --jobs $jobs, --db" --presplit --jobs "$jobs" --db "$tmp/n$jobs.db" "$tmp/news/pairs.tsv"
done
for jobs in 1 2; do
  run "news, raw text, --jobs $jobs, --out-dir" --jobs "$jobs" --out-dir "$tmp/o-r$jobs" "$tmp/news-raw/pairs.tsv"
  run "news, raw text, --jobs $jobs, --db" --jobs "$jobs" --db "$tmp/r$jobs.db" "$tmp/news-raw/pairs.tsv"
done
for jobs in 1 2; do
  run "mixed (5 sources), --jobs $jobs, --out-dir" --presplit --jobs "$jobs" --out-dir "$tmp/o-m$jobs" "$tmp/mixed/pairs.tsv"
  run "mixed (5 sources), --jobs $jobs, --db" --presplit --jobs "$jobs" --db "$tmp/m$jobs.db" "$tmp/mixed/pairs.tsv"
done

# A shell loop of `muwazi tm add` (one process, one transaction per pair)
# over the first 200 news pairs.
loop_n=200
head -n "$loop_n" "$tmp/news/pairs.tsv" >"$tmp/loop.tsv"
t0=$(date +%s.%N)
while IFS=$'\t' read -r a b _; do
  "$muwazi" tm add --presplit --db "$tmp/loop.db" "$tmp/news/$a" "$tmp/news/$b" >/dev/null
done <"$tmp/loop.tsv"
t1=$(date +%s.%N)
loop_rate=$(awk -v n="$loop_n" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')

# hunalign -batch (and -realign -batch) on the same presplit news pairs.
hun=""
if [ -x "$peers/hunalign/build.sh" ] && hun_bin=$(bash "$peers/hunalign/build.sh" "$tmp/hunalign" 2>/dev/null); then
  : >"$tmp/empty.dic"
  awk -F'\t' -v d="$tmp/news" -v o="$tmp/hun-out" '{print d "/" $1 "\t" d "/" $2 "\t" o "/" $3 ".align"}' \
    "$tmp/news/pairs.tsv" >"$tmp/hun.batch"
  mkdir -p "$tmp/hun-out"
  for mode in "" "-realign"; do
    t0=$(date +%s.%N)
    # hunalign writes translate.txt into its working folder: run it in $tmp.
    # shellcheck disable=SC2086
    (cd "$tmp" && "$hun_bin" $mode -batch "$tmp/empty.dic" "$tmp/hun.batch" >/dev/null 2>&1)
    t1=$(date +%s.%N)
    hr=$(awk -v n="$n_news" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')
    rate["hunalign$mode"]=$hr
    hun+="| hunalign $mode -batch (one core) | $n_news | **$hr** | | $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') | | |"$'\n'
  done
else
  hun="| hunalign | (absent: ../shared/peers/hunalign not found or not buildable) | | | | | |"$'\n'
fi

# Peak memory: 2,000 and $big_pairs news pairs, --jobs 2 into a folder.
make_corpus "$tmp/big" $(((big_pairs + 36) / 37)) presplit "$data/ar-en/news_ntrex/dev"
head -n "$big_pairs" "$tmp/big/pairs.tsv" >"$tmp/big/big.tsv"
head -n 2000 "$tmp/big/pairs.tsv" >"$tmp/big/small.tsv"
run "memory: 2,000 news pairs, --jobs 2" --presplit --jobs 2 --out-dir "$tmp/o-small" "$tmp/big/small.tsv"
run "memory: $big_pairs news pairs, --jobs 2" --presplit --jobs 2 --out-dir "$tmp/o-big" "$tmp/big/big.tsv"

# tm merge: 4 shard TMs of $merge_units distinct units each.
for s in 0 1 2 3; do
  awk -v s="$s" -v n="$merge_units" 'BEGIN{
    split("ذهب الولد إلى المدرسة في الصباح وقال المعلم إن الدرس", a, " ");
    split("the boy went to school in morning teacher said lesson", e, " ");
    srand(42 + s);
    for (i = 0; i < n; i++) { x = ""; y = "";
      for (w = 0; w < 8; w++) { x = x a[int(rand()*10)+1] " "; y = y e[int(rand()*10)+1] " " }
      print x s "-" i "\t" y s "-" i } }' >"$tmp/shard$s.tsv"
  "$muwazi" tm import --quiet --db "$tmp/shard$s.db" --src-lang ar --tgt-lang en "$tmp/shard$s.tsv" >/dev/null
done
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$muwazi" tm merge --quiet --db "$tmp/merged.db" \
  "$tmp/shard0.db" "$tmp/shard1.db" "$tmp/shard2.db" "$tmp/shard3.db" >/dev/null
read -r mwall muser msys mrss <"$tmp/time"
merge_rate=$(awk -v n="$((4 * merge_units))" -v t="$mwall" 'BEGIN{printf "%.0f", n/t}')

# Where the time goes: perf over one --jobs 1 run of the presplit news pairs
# into a folder, with a build that keeps frame pointers (PROFILE_BUILD,
# default build-prof); SKIP_PROFILE=1 or no perf skips it.
prof="(not measured: perf is not installed or SKIP_PROFILE=1)"
if command -v perf >/dev/null && [ "${SKIP_PROFILE:-0}" != 1 ]; then
  pbuild=${PROFILE_BUILD:-$root/build-prof}
  cmake -S "$root" -B "$pbuild" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-fno-omit-frame-pointer -g" \
    -DMUWAZI_TESTS=OFF -DMUWAZI_BENCH=OFF >/dev/null
  cmake --build "$pbuild" --target muwazi >/dev/null
  if perf record -q -g -o "$tmp/perf.data" "$pbuild/cli/muwazi" batch --presplit --quiet --jobs 1 \
    --out-dir "$tmp/o-prof" "$tmp/news/pairs.tsv" >/dev/null 2>&1; then
    prof=$(perf script -i "$tmp/perf.data" 2>/dev/null | python3 "$root/scripts/profile_breakdown.py")
  fi
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }'; }
# target LABEL VALUE OP BOUND: a row of the targets table ("-" = not measured).
targets=""
target() {
  local verdict
  verdict=$(awk -v v="$2" -v op="$3" -v b="$4" 'BEGIN{
    if (v == "-" || v == "" || b == "" || b == "-") { print "not measured"; exit }
    ok = (op == ">=") ? (v + 0 >= b + 0) : (v + 0 <= b + 0); print ok ? "met" : "**not met**" }')
  targets+="| $1 | $2 | $3 $4 | $verdict |"$'\n'
}
n1=${rate["news, presplit, --jobs 1, --out-dir"]}
n2=${rate["news, presplit, --jobs 2, --out-dir"]}
d2=${rate["news, presplit, --jobs 2, --db"]}
target "\`--jobs 2\` / \`--jobs 1\` (news, presplit, --out-dir)" "$(ratio "$n2" "$n1")" ">=" 1.8
target "\`--jobs 2 --db\` / shell loop of \`tm add\`" "$(ratio "$d2" "$loop_rate")" ">=" 10
target "\`--jobs 1 --out-dir\` pairs/s vs hunalign -realign -batch" "$n1" ">=" "${rate["hunalign-realign"]:--}"
target "\`--jobs 2 --out-dir\` pairs/s vs hunalign -batch" "$n2" ">=" "${rate["hunalign"]:--}"
target "\`--jobs 2 --db\` pairs/s" "$d2" ">=" 1000
target "\`--db\` / \`--out-dir\` (news, --jobs 2; 0.85 = 15% slower)" "$(ratio "$d2" "$n2")" ">=" 0.85
target "peak RSS, $big_pairs pairs / 2,000 pairs" "$(ratio "${peak["memory: $big_pairs news pairs, --jobs 2"]}" "${peak["memory: 2,000 news pairs, --jobs 2"]}")" "<=" 1.10
target "\`tm merge\` units/s" "$merge_rate" ">=" 50000
cat <<EOF
Workloads: the ar-en dev pairs of \`../shared/data\`, each copy's lines marked " [k]" so that every
copy is a new pair: news = the $((n_news / copies_news)) NTREX pairs x $copies_news = $n_news pairs (about 16
sentences a side), presplit or rebuilt as raw articles (headline, blank line, body in one
paragraph: segmentation runs too); mixed = all five sources x $copies_mixed = $n_mixed pairs. Machine: $cores
cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg). Pairs/s and sentences/s as \`muwazi batch\`
reports them (wall clock, whole run); CPU = user + system seconds of the process; RSS = peak resident set.

| run | pairs | pairs/s | sentences/s | wall s | CPU s | peak RSS MiB |
|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")
| shell loop of \`muwazi tm add\` (first $loop_n news pairs) | $loop_n | **$loop_rate** | | | | |
$hun
Ratios in this run: \`--jobs 2\` / \`--jobs 1\` (news, presplit, --out-dir) = **$(ratio "${rate["news, presplit, --jobs 2, --out-dir"]}" "${rate["news, presplit, --jobs 1, --out-dir"]}")**;
\`--jobs 2 --db\` / shell loop of \`tm add\` = **$(ratio "${rate["news, presplit, --jobs 2, --db"]}" "$loop_rate")**;
\`--db\` / \`--out-dir\` (news, presplit, --jobs 2) = **$(ratio "${rate["news, presplit, --jobs 2, --db"]}" "${rate["news, presplit, --jobs 2, --out-dir"]}")**
(1 = no cost for the TM).

\`tm merge\` of 4 shards of $merge_units units each: $((4 * merge_units)) units in $mwall s = **$merge_rate units/s**
(CPU $(awk -v u="$muser" -v s="$msys" 'BEGIN{printf "%.1f", u+s}') s, peak RSS $((mrss / 1024)) MiB).

### Targets of issue 11 in this run

| target | measured | bound | |
|---|---|---|---|
$targets
### Where the time goes

\`perf record -g\` over \`muwazi batch --presplit --jobs 1 --out-dir\` of the $n_news news pairs (a build with
frame pointers), each sample charged to the innermost stage on its stack
(\`scripts/profile_breakdown.py\`):

$prof
EOF
