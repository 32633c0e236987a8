#!/usr/bin/env bash
# End-to-end test on a real Slurm (not a mock): starts a single-node cluster
# on this machine (tests/slurm/local_cluster.sh), submits a job array and a
# job that depends on it with --dependency=afterok, waits with a bound and
# checks what they wrote. Exit 0 pass, 1 fail, 77 skip (ctest
# SKIP_RETURN_CODE) with the reason on stdout when the daemons cannot start.
#
#   bash tests/slurm/slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR
#
# MUWAZI_KEEP_TMP=1 keeps the work folder (logs, slurm.conf) for a look.
set -uo pipefail
muwazi=${1:?usage: slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR}
src=${2:?usage: slurm_recipe_test.sh MUWAZI_BIN SOURCE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/slurm/local_cluster.sh
. "$here/local_cluster.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/muwazi-slurm.XXXXXX") || exit 1
failed=0
cleanup() {
  local_cluster_stop
  if [ "$failed" -ne 0 ] && [ -n "${LOCAL_CLUSTER_LOGS:-}" ]; then
    local_cluster_log_tail "$LOCAL_CLUSTER_LOGS"/*.log
  fi
  if [ "${MUWAZI_KEEP_TMP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
  echo "FAIL: $*"
  failed=1
  exit 1
}

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

out=$work/out
mkdir -p "$out"
array=$(sbatch --parsable --array=0-3 --cpus-per-task=1 -D "$out" -o "$out/task-%a.log" \
  --wrap 'echo "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT cpus=$SLURM_CPUS_PER_TASK" > "task-$SLURM_ARRAY_TASK_ID.txt"') ||
  fail "sbatch --array"
array=${array%%;*}
after=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes -D "$out" -o "$out/after.log" \
  --wrap 'cat task-*.txt > all.txt') || fail "sbatch --dependency"
after=${after%%;*}
states=$(wait_job "$after" 60) || fail "$states"
[ "$states" = COMPLETED ] || fail "the dependent job ended $states"
states=$(wait_job "$array" 5) || fail "$states"
[ "$(sort -u <<<"$states")" = COMPLETED ] || fail "array tasks: $states"
expected=$(printf '%s\n' "0/4 cpus=1" "1/4 cpus=1" "2/4 cpus=1" "3/4 cpus=1")
[ "$(cat "$out/all.txt")" = "$expected" ] || fail "the dependent job saw: $(cat "$out/all.txt")"
echo "array $array (4 tasks) and job $after (afterok) ran"
echo PASS
