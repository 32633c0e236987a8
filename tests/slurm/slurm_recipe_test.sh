#!/usr/bin/env bash
# The Slurm recipe of contrib/slurm on a real Slurm, not a mock: starts a
# single-node cluster on this machine (tests/slurm/local_cluster.sh), submits
# with contrib/slurm/submit.sh a 4-task job array of `muwazi batch --shard`
# over 551 document pairs (tests/slurm/make_corpus.py: the bundled NTREX dev
# documents, cycled; one bad pair) and the merge job after it (afterok),
# waits with a bound, and checks (tests/slurm/compare_tms.py) that the merged
# TM holds what a single-machine `muwazi batch` run stores. Then: the same
# submission again resumes and adds nothing; --stage gives the same TM (and
# resumes a shard whose committed pairs are still in its write-ahead log);
# with --strict the bad pair fails its task and the merge is cancelled; a
# partial array needs --shards.
#
# Exit 0 pass, 1 fail, 77 skip (ctest SKIP_RETURN_CODE) with the reason on
# stdout when the daemons cannot start. The whole test stops itself after
# 110 s (about 35 s on two busy cores), daemons stopped by the same trap.
#
#   bash tests/slurm/slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR
#
# MUWAZI_KEEP_TMP=1 keeps the work folder (logs, slurm.conf) for a look;
# MUWAZI_SLURM_TEST_BOUND=S changes the 110 s bound.
set -uo pipefail
muwazi=${1:?usage: slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR}
src=${2:?usage: slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
# Jobs run in other folders (sbatch --chdir).
case $muwazi in /*) ;; *) muwazi=$PWD/$muwazi ;; esac
# shellcheck source=tests/slurm/local_cluster.sh
. "$here/local_cluster.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/muwazi-slurm.XXXXXX") || exit 1
failed=0
watchdog=
cleanup() {
  [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
  local_cluster_stop
  if [ "$failed" -ne 0 ]; then
    local_cluster_log_tail "$work"/*/logs/*.log "$work"/*.log "${LOCAL_CLUSTER_LOGS:-/nonexistent}"/*.log
  fi
  if [ "${MUWAZI_KEEP_TMP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'failed=1; exit 1' INT TERM HUP

fail() {
  echo "FAIL: $*"
  failed=1
  exit 1
}

# The bound on the whole test, below ctest's TIMEOUT so that the trap, not a
# SIGKILL, ends it and stops the daemons. Killed, it kills its sleep (which
# would otherwise hold ctest's output pipe open for the rest of the 110 s).
(
  sleep "${MUWAZI_SLURM_TEST_BOUND:-110}" &
  nap=$!
  trap 'kill $nap; exit 0' TERM
  wait $nap
  echo "FAIL: still running after ${MUWAZI_SLURM_TEST_BOUND:-110} s"
  kill -TERM $$
) &
watchdog=$!

if ! local_cluster_start "$work/cluster"; then
  echo "SKIP: no single-node Slurm on this machine: $LOCAL_CLUSTER_REASON"
  exit 77
fi
echo "cluster up: $SLURM_CONF"

# Waits up to $2 seconds for job $1 (and every task of an array) to leave the
# queue; prints each record's state (COMPLETED, FAILED, CANCELLED...).
job_states() {
  scontrol show job "$1" 2>/dev/null | sed -n 's/^ *JobState=\([A-Z_]*\).*/\1/p'
}
wait_job() {
  local deadline=$((SECONDS + $2)) states
  while [ $SECONDS -lt $deadline ]; do
    states=$(job_states "$1")
    if [ -n "$states" ] && ! grep -qvE '^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)$' <<<"$states"; then
      echo "$states"
      return 0
    fi
    sleep 0.5
  done
  echo "job $1 still not finished after $2 s: $(squeue -h -o '%i %T %r' 2>&1 | tr '\n' ';')"
  return 1
}

# The manifest of a job must be on storage the nodes share; here every path
# is on this machine, and absolute, as contrib/slurm/submit.sh makes them.
data=$work/data
pairs=$(python3 "$here/make_corpus.py" "$src/tests/data/ntrex_dev" "$data" 500) || fail "make_corpus.py"
[ "$pairs" -ge 500 ] || fail "only $pairs pairs"
manifest=$data/pairs.tsv

# The single-machine run the cluster's result must equal. The bad pair makes
# it exit 1 (reported, skipped, the rest stored).
"$muwazi" batch "$manifest" --presplit --jobs 2 --db "$work/single.db" --errors "$work/single.errors" 2>"$work/single.log"
rc=$?
[ "$rc" -eq 1 ] || fail "single-machine batch exit $rc, expected 1 (one bad pair): $(tail -n 3 "$work/single.log")"
tail -n 2 "$work/single.log"

submit() {
  "$src/contrib/slurm/submit.sh" --parsable --muwazi "$muwazi" "$@"
}
# Waits for the merge job of `submit` output $1 ("ARRAY MERGE"); checks that
# every array task and the merge completed.
wait_run() {
  local array=${1% *} merge=${1#* } states
  states=$(wait_job "$merge" 90) || fail "$states"
  [ "$states" = COMPLETED ] || fail "merge job $merge ended $states: $(tail -n 5 "$2/logs/merge.log" 2>&1)"
  states=$(wait_job "$array" 5) || fail "$states"
  [ "$(sort -u <<<"$states")" = COMPLETED ] || fail "array $array tasks: $(tr '\n' ' ' <<<"$states")"
  [ "$(wc -l <<<"$states")" -eq 4 ] || fail "array $array: $(wc -l <<<"$states") tasks, expected 4"
}

# Run A: 4 shards, one CPU each (two tasks at once on this node), then the
# merge after them (afterok).
start=$SECONDS
run_a=$(submit --shards 4 --cpus 1 "$manifest" "$work/a" -- --presplit) || fail "submit.sh (run A)"
wait_run "$run_a" "$work/a"
echo "run A (jobs $run_a): 4 shards and the merge in $((SECONDS - start)) s"
python3 "$here/compare_tms.py" "$work/single.db" "$work/a/tm.db" "$work/a"/shard-{0,1,2,3}-of-4.db ||
  fail "run A's merged TM differs from the single-machine run's"
grep -q ' 1 jobs, ' "$work/a/logs/shard-0-of-4.log" || fail "a task with one CPU did not run --jobs 1"
# The bad pair: listed by the one task whose shard has it; the task still
# succeeded (so the merge ran), and the merge's log counts it.
[ "$(cat "$work"/a/shard-*-of-4.errors | wc -l)" -eq 1 ] || fail "bad pairs listed: $(cat "$work"/a/shard-*-of-4.errors)"
grep -q 'bad-utf8: .*invalid UTF-8' "$work"/a/shard-*-of-4.errors || fail "the bad pair's line"
grep -q '1 bad pairs were skipped' "$work/a/logs/merge.log" || fail "the merge log does not count the bad pair"

# Run B: the same command again resumes: every task skips the pairs its
# shard holds, the merge adds nothing. Run C at the same time: a new output
# folder, each shard built in a node-local folder (--stage) and copied back.
units_a=$(sqlite3 "$work/a/tm.db" 'SELECT count(*) FROM units')
run_b=$(submit --shards 4 --cpus 1 "$manifest" "$work/a" -- --presplit) || fail "submit.sh (run B)"
mkdir -p "$work/stage"
run_c=$(submit --shards 4 --cpus 1 --stage "$work/stage" "$manifest" "$work/c" -- --presplit) || fail "submit.sh (run C)"
wait_run "$run_b" "$work/a"
wait_run "$run_c" "$work/c"
for k in 0 1 2 3; do
  tail -n 3 "$work/a/logs/shard-$k-of-4.log" | grep -qE ' 0 aligned, 1[0-9]{2} already done' ||
    fail "run B, shard $k did not resume: $(tail -n 3 "$work/a/logs/shard-$k-of-4.log")"
done
[ "$(grep -c ' 0 added, ' "$work/a/logs/merge.log")" -eq 4 ] || fail "run B's merge added units: $(tail -n 8 "$work/a/logs/merge.log")"
[ "$(sqlite3 "$work/a/tm.db" 'SELECT count(*) FROM units')" = "$units_a" ] || fail "run B changed the TM"
python3 "$here/compare_tms.py" "$work/single.db" "$work/a/tm.db" "$work/a"/shard-{0,1,2,3}-of-4.db >/dev/null ||
  fail "run B changed run A's TM"
echo "run B (jobs $run_b): resumed, nothing added"
python3 "$here/compare_tms.py" "$work/single.db" "$work/c/tm.db" "$work/c"/shard-{0,1,2,3}-of-4.db ||
  fail "run C's merged TM (--stage) differs from the single-machine run's"
[ -z "$(ls -A "$work/stage")" ] || fail "--stage left $(ls -A "$work/stage")"
echo "run C (jobs $run_c, --stage): same TM"

# Run D: --strict on a small manifest with the bad pair: its task fails, so
# the merge never starts (afterok, --kill-on-invalid-dep) and no TM appears.
head -n 7 "$manifest" >"$data/small.tsv"
grep 'bad-utf8' "$manifest" >>"$data/small.tsv"
run_d=$(submit --shards 4 --cpus 1 --strict "$data/small.tsv" "$work/d" -- --presplit) || fail "submit.sh (run D)"
states=$(wait_job "${run_d#* }" 60) || fail "$states"
[ "$states" = CANCELLED ] || fail "run D's merge job ended $states, expected CANCELLED"
states=$(wait_job "${run_d% *}" 5) || fail "$states"
[ "$(sort <<<"$states" | uniq -c | awk '{print $1 $2}' | tr '\n' ' ')" = "3COMPLETED 1FAILED " ] ||
  fail "run D's tasks: $(tr '\n' ' ' <<<"$states")"
[ ! -e "$work/d/tm.db" ] || fail "run D merged although a task failed"
echo "run D (jobs $run_d, --strict): the task with the bad pair failed, the merge was cancelled"
# Run E, by hand: tasks 1 and 3 only (as when re-running some tasks) need
# --shards 4, the array's size being 2; without it, an array 1-4 is refused.
shard_script=$src/contrib/slurm/muwazi-shard.sbatch
e1=$(sbatch --parsable --array=1,3 --chdir="$work" --output="$work/e-%a.log" "$shard_script" \
  --muwazi "$muwazi" --shards 4 "$data/small.tsv" "$work/e" -- --presplit) || fail "sbatch (run E)"
e2=$(sbatch --parsable --array=1-4 --chdir="$work" --output="$work/e2-%a.log" "$shard_script" \
  --muwazi "$muwazi" "$data/small.tsv" "$work/e2" -- --presplit) || fail "sbatch (run E, 1-4)"
states=$(wait_job "$e1" 60) || fail "$states"
[ "$(sort -u <<<"$states")" = COMPLETED ] || fail "run E tasks 1,3: $(tr '\n' ' ' <<<"$states")"
# small.tsv holds records 0-7; shard 1 of 4 is 1 and 5, shard 3 is 3 and 7
# (7 the bad pair, skipped).
[ "$(cd "$work/e" && echo shard-*.db)" = "shard-1-of-4.db shard-3-of-4.db" ] || fail "run E wrote $(ls "$work/e")"
[ "$(sqlite3 "$work/e/shard-1-of-4.db" 'SELECT count(*) FROM sources')" = 2 ] || fail "run E, shard 1: not 2 pairs"
[ "$(sqlite3 "$work/e/shard-3-of-4.db" 'SELECT count(*) FROM sources')" = 1 ] || fail "run E, shard 3: not 1 pair"
states=$(wait_job "$e2" 30) || fail "$states"
[ "$(sort -u <<<"$states")" = FAILED ] || fail "array 1-4 without --shards: $(tr '\n' ' ' <<<"$states")"
grep -q 'array indices 1-4 are not 0-3; give --shards N' "$work/e2-1.log" || fail "array 1-4: $(cat "$work/e2-1.log")"
echo "run E (jobs $e1, $e2): --shards for a partial array; 1-4 without it refused"
# Run F: --stage resuming a shard that a run without --stage left with
# committed pairs still in its write-ahead log (a reader held the log, then
# died). The task must carry the log to the node-local copy (every pair is
# found done) and drop it when it puts the new file in place (SQLite would
# replay a stale log onto it).
f_db=$work/f/shard-0-of-1.db
mkdir -p "$work/f"
head -n 2 "$data/small.tsv" >"$data/first2.tsv"
"$muwazi" batch "$data/first2.tsv" --presplit --quiet --db "$f_db" || fail "run F setup: first pairs"
python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM units").fetchall()
print("reading", flush=True)
time.sleep(60)' "$f_db" >"$work/f/holder.out" &
holder=$!
local_cluster_wait_for 10 grep -q reading "$work/f/holder.out" || fail "run F setup: the reader did not start"
"$muwazi" batch "$data/small.tsv" --presplit --quiet --db "$f_db" 2>/dev/null
kill -KILL "$holder"
wait "$holder" 2>/dev/null
[ -s "$f_db-wal" ] || fail "run F setup: no write-ahead log left"
# Read-only: a writable last connection would checkpoint and drop the log.
f_sources=$(sqlite3 -readonly "$f_db" 'SELECT count(*) FROM sources')
if [ "$f_sources" != 7 ] || [ ! -s "$f_db-wal" ]; then
  fail "run F setup: $f_sources pairs, log of $(stat -c %s "$f_db-wal") bytes"
fi
f=$(sbatch --parsable --array=0 --chdir="$work" --output="$work/f-%a.log" "$shard_script" --muwazi "$muwazi" \
  --stage "$work/stage" "$data/small.tsv" "$work/f" -- --presplit) || fail "sbatch (run F)"
states=$(wait_job "$f" 60) || fail "$states"
[ "$states" = COMPLETED ] || fail "run F ended $states"
grep -q ' 0 aligned, 7 already done, 1 failed' "$work/f-0.log" || fail "run F did not resume: $(cat "$work/f-0.log")"
[ ! -s "$f_db-wal" ] || fail "run F left the stale write-ahead log beside the new file"
[ "$(sqlite3 "$f_db" 'PRAGMA integrity_check')" = ok ] || fail "run F: integrity_check"
[ "$(sqlite3 "$f_db" 'SELECT count(*) FROM sources')" = "$f_sources" ] || fail "run F: not $f_sources pairs"
echo "run F (job $f, --stage): resumed from a shard with committed pairs in its log"
echo "PASS in $SECONDS s"
