#!/usr/bin/env bash
# Load benchmark of `muwazi serve` (issue 12; a benchmark, not a timed test):
# wrk with 32 connections for 20 s on lookups into a 100,000-unit TM, once
# alone and once while `muwazi tm import` writes into the same TM; then, side
# by side in the same run, translate-toolkit's tmserver and muwazi serve on
# the TICO-19 en-ar TMX (3,070 units) with the same tmserver-API queries.
# Loopback only; every server is started here and stopped by its pid.
# Prints a Markdown section on stdout (figures for BENCHMARKS.md).
#
#   scripts/bench_serve.sh [BUILD_DIR]      # default build
#   DURATION=5 scripts/bench_serve.sh       # shorter runs, for a try
#
# The TM is built from the bundled TICO-19 TMX (tests/data/tmx): its units
# plus units that glue the first half of one sentence to the second half of
# another (both sides alike), as bench/tm_bench.cc does; queries are TICO
# sentences with 0-3 word edits. Needs wrk (and tmserver/build_tmdb from
# translate-toolkit for the comparison; skipped with a message without them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-${BUILD_DIR:-$root/build}}
muwazi=$build/cli/muwazi
duration=${DURATION:-20}
conns=32
units=${UNITS:-100000}
tmx=$root/tests/data/tmx/tico19-all.en-ar.tmx
[ -x "$muwazi" ] || { echo "bench_serve.sh: build $muwazi first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench_serve.sh: wrk is not installed (bash scripts/setup.sh --bench)" >&2; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- data -------------------------------------------------------------------
"$muwazi" tm import --db "$tmp/tico.db" "$tmx" >/dev/null
"$muwazi" tm export --db "$tmp/tico.db" --format tsv -o "$tmp/tico.tsv" >/dev/null
python3 - "$tmp" "$units" <<'PY'
import random, sys, urllib.parse
tmp, n = sys.argv[1], int(sys.argv[2])
pairs = []
for line in open(f"{tmp}/tico.tsv", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) >= 2 and f[0] and f[1]:
        pairs.append((f[0], f[1]))
def glue(rng):
    a, b = rng.choice(pairs), rng.choice(pairs)
    out = []
    for i in (0, 1):
        wa, wb = a[i].split(), b[i].split()
        out.append(" ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :]))
    return out
def write(path, count, seed, base):
    rng = random.Random(seed)
    seen = set()
    with open(path, "w", encoding="utf-8") as f:
        for s, t in base:
            f.write(f"{s}\t{t}\n"); seen.add(s)
        while len(seen) < count:
            s, t = glue(rng)
            if s in seen or "\t" in s + t:
                continue
            seen.add(s); f.write(f"{s}\t{t}\n")
write(f"{tmp}/big.tsv", n, 1, pairs)
# Files for the import that runs during the second load run: new units.
for k in range(8):
    write(f"{tmp}/more{k}.tsv", 25000, 100 + k, [])
# Queries: TICO sentences with 0-3 word edits (drop, duplicate, swap).
rng = random.Random(7)
def edit(words):
    w = list(words)
    for _ in range(rng.randint(0, 3)):
        if len(w) < 3: break
        i = rng.randrange(len(w)); op = rng.randint(0, 2)
        if op == 0: del w[i]
        elif op == 1: w.insert(i, w[i])
        else:
            j = rng.randrange(len(w)); w[i], w[j] = w[j], w[i]
    return " ".join(w)
q = lambda s: urllib.parse.quote(s, safe="")
sample = [p for p in pairs if 3 <= len(p[0].split()) <= 40]
rng.shuffle(sample)
with open(f"{tmp}/lookup_paths", "w") as f:
    for en, ar in sample[:2000]:
        f.write(f"/api/lookup?q={q(edit(ar.split()))}&src=ar&tgt=en&min=70&max=5\n")
with open(f"{tmp}/tmserver_paths", "w") as f:
    for en, ar in sample[:2000]:
        f.write(f"/tmserver/en/ar/unit/{q(edit(en.split()))}?min_similarity=70&max_candidates=5\n")
PY
"$muwazi" tm import --db "$tmp/big.db" --src-lang en --tgt-lang ar "$tmp/big.tsv" >/dev/null

cat > "$tmp/paths.lua" <<'LUA'
-- Cycles through the request paths of a file (one per line), each thread
-- from its own random start.
local paths = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + math.random(1000))
  i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts muwazi serve on DB; sets $port and records the pid.
start_muwazi() {
  local log=$tmp/serve.$RANDOM.log
  "$muwazi" serve --db "$1" --port 0 2>"$log" &
  pids+=($!)
  serve_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "bench_serve.sh: muwazi serve did not start: $(cat "$log")" >&2
  exit 1
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Runs wrk against the server with pid PID; prints "req/s | median | p99 |
# errors | requests | server CPU s | requests per server CPU-second" (the
# last is what the server does with the CPU it gets: on a loaded machine it
# says more than req/s).
run_wrk() {  # URL PATHS_FILE TIMEOUT PID
  local out c0 c1
  c0=$(cpu_ticks "$4")
  out=$(wrk -t2 -c$conns -d"${duration}s" --timeout "$3" --latency -s "$tmp/paths.lua" "$1" -- "$2")
  c1=$(cpu_ticks "$4")
  echo "$out" >>"$tmp/wrk.log"
  local rps med p99 non2xx sock reqs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  med=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  sock=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}')
  local cpu per
  cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) / hz}')
  per=$(awk -v n="$reqs" -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {if (b > a) printf "%.0f", n * hz / (b - a); else print "-"}')
  echo "$rps | $med | $p99 | $(( ${non2xx:-0} + ${sock:-0} )) | $reqs | $cpu | $per"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## muwazi serve under load (scripts/bench_serve.sh)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before the runs: $load;"
echo "wrk -t2 -c$conns -d${duration}s; muwazi serve with its default threads (one per core)."
echo
echo "| run | TM | req/s | median | p99 | errors | requests | server CPU s | req per CPU-s |"
echo "|---|---|---|---|---|---|---|---|---|"

start_muwazi "$tmp/big.db"
# Warm the page cache and the statements.
wrk -t1 -c4 -d2s -s "$tmp/paths.lua" "http://127.0.0.1:$port" -- "$tmp/lookup_paths" >/dev/null
echo "| lookups (ar, min 70), alone | $units units | $(run_wrk "http://127.0.0.1:$port" "$tmp/lookup_paths" 2s "$serve_pid") |"

# The same while `tm import` writes new units into the same TM.
before=$("$muwazi" tm stats --db "$tmp/big.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])')
( k=0; end=$((SECONDS + duration + 1))
  while [ $SECONDS -lt $end ]; do
    "$muwazi" tm import --db "$tmp/big.db" --src-lang en --tgt-lang ar "$tmp/more$((k % 8)).tsv" >/dev/null
    k=$((k + 1))
  done ) &
importer=$!
pids+=("$importer")
during=$(run_wrk "http://127.0.0.1:$port" "$tmp/lookup_paths" 2s "$serve_pid")
wait $importer || { echo "bench_serve.sh: tm import failed during the load" >&2; exit 1; }
after=$("$muwazi" tm stats --db "$tmp/big.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])')
echo "| lookups (ar, min 70), during tm import (+$((after - before)) units in ${duration} s) | $units units | $during |"
stop_pid "$serve_pid"

# Side by side: translate-toolkit's tmserver and muwazi serve on TICO-19,
# the same tmserver-API queries (English, min_similarity 70, 5 candidates).
# Mean wall time of one request with no other request running (curl).
sequential() {  # BASE_URL
  local t0 t1
  t0=$(date +%s.%N)
  head -10 "$tmp/tmserver_paths" | while read -r p; do curl -s -o /dev/null "$1$p"; done
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f ms", (b - a) * 1000 / 10}'
}
start_muwazi "$tmp/tico.db"
seq="muwazi serve $(sequential "http://127.0.0.1:$port")"
echo "| tmserver API (en), muwazi serve | TICO-19, 3,070 units | $(run_wrk "http://127.0.0.1:$port" "$tmp/tmserver_paths" 30s "$serve_pid") |"
stop_pid "$serve_pid"
if command -v tmserver >/dev/null && command -v build_tmdb >/dev/null; then
  build_tmdb -d "$tmp/tt.db" -s en -t ar "$tmx" >/dev/null 2>&1
  tport=$(free_port)
  tmserver -d "$tmp/tt.db" -b 127.0.0.1 -p "$tport" --max-candidates 5 --min-similarity 70 >/dev/null 2>&1 &
  tpid=$!
  pids+=("$tpid")
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$tport/tmserver/en/ar/unit/test" && break
    sleep 0.2
  done
  seq="$seq, tmserver $(sequential "http://127.0.0.1:$tport")"
  echo "| tmserver API (en), translate-toolkit tmserver | TICO-19, 3,070 units | $(run_wrk "http://127.0.0.1:$tport" "$tmp/tmserver_paths" 30s "$tpid") |"
  stop_pid "$tpid"
else
  echo "| translate-toolkit tmserver | not installed (bash scripts/setup.sh --bench) | | | | | | | |"
fi
echo
echo "One client, one request at a time (curl, the first 10 tmserver-API queries): $seq"
echo
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg). Errors: non-2xx answers + socket errors (wrk)."
