#!/usr/bin/env bash
# Submits a `muwazi batch` run to Slurm: a job array of N shard tasks
# (muwazi-shard.sbatch), then the merge of their shard TMs into one TM
# (muwazi-merge.sbatch), which starts only when every task has succeeded
# (--dependency=afterok). Run it on a login node, with MANIFEST and OUTDIR on
# storage the compute nodes share:
#
#   contrib/slurm/submit.sh --shards 16 --cpus 8 pairs.tsv /shared/run1 -- --src-lang ar --tgt-lang en
#
# Prints the two job ids; the TM is OUTDIR/tm.db (or --db) once the merge job
# has finished. Submitting the same command again resumes: each task skips
# the pairs its shard already holds, and the merge adds nothing twice.
set -euo pipefail

me=submit.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

help() {
  cat <<EOF
usage: $me --shards N [options] MANIFEST OUTDIR [-- MUWAZI BATCH FLAGS]

MANIFEST is what \`muwazi batch\` reads (TSV of SRC<TAB>TGT[<TAB>ID], JSONL, or
a folder of NAME.ar/NAME.en files); OUTDIR receives shard-K-of-N.db, their
bad-pair lists (shard-K-of-N.errors), logs/ and the merged TM.

  --shards N        number of array tasks, each aligning 1/N of the pairs (required)
  --cpus C          CPUs per task, the batch's --jobs (default 4)
  --db TM           the merged TM (default OUTDIR/tm.db)
  --time T          time limit of each task and of the merge (sbatch --time)
  --mem M           memory per task (sbatch --mem)
  --partition P, --account A, --qos Q   passed to sbatch
  --max-running K   at most K tasks at once (--array=0-N-1%K)
  --stage DIR       build each shard on node-local DIR, copy it to OUTDIR at the end
                    (for shared file systems without working locks; see README.md)
  --strict          a task with bad pairs fails, and the merge is cancelled
  --muwazi PATH     the muwazi executable the nodes run (default: muwazi on PATH)
  --sbatch ARG      one more sbatch argument for both jobs (repeatable)
  --parsable        print only "ARRAY_JOB_ID MERGE_JOB_ID"
  --dry-run         print the two sbatch commands instead of running them
EOF
}
usage() {
  echo "$me: $1 (see $me --help)" >&2
  exit 2
}
is_count() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }
absolute() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

shards='' cpus=4 tm='' max_running='' stage='' strict=0 muwazi=muwazi parsable=0 dry_run=0
sbatch_args=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) help; exit 0 ;;
    --shards | --cpus | --db | --time | --mem | --partition | --account | --qos | --max-running | --stage | --muwazi | --sbatch)
      [ $# -ge 2 ] || usage "$1 needs a value"
      case $1 in
        --shards) shards=$2 ;;
        --cpus) cpus=$2 ;;
        --db) tm=$2 ;;
        --max-running) max_running=$2 ;;
        --stage) stage=$2 ;;
        --muwazi) muwazi=$2 ;;
        --sbatch) sbatch_args+=("$2") ;;
        *) sbatch_args+=("$1=$2") ;;  # --time, --mem, --partition, --account, --qos
      esac
      shift 2 ;;
    --strict) strict=1; shift ;;
    --parsable) parsable=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    --) usage "MANIFEST and OUTDIR come before --" ;;
    -*) usage "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || usage "MANIFEST and OUTDIR are required"
manifest=$(absolute "$1") outdir=$(absolute "$2")
shift 2
if [ $# -gt 0 ]; then
  [ "$1" = -- ] || usage "unexpected argument '$1' (muwazi batch flags go after --)"
  shift
fi
is_count "$shards" || usage "--shards N is required (a positive number)"
is_count "$cpus" || usage "--cpus must be a positive number"
[ -z "$max_running" ] || is_count "$max_running" || usage "--max-running must be a positive number"
tm=$(absolute "${tm:-$outdir/tm.db}")

# Fail here, not in N queued jobs: the manifest, the executable, its batch
# command, and Slurm's limit on array indices.
[ -r "$manifest" ] || { echo "$me: $manifest: cannot read the manifest" >&2; exit 1; }
resolved=$(command -v "$muwazi") || { echo "$me: $muwazi: not found (give --muwazi PATH)" >&2; exit 1; }
muwazi=$(absolute "$resolved")
"$muwazi" batch --help >/dev/null 2>&1 || { echo "$me: $muwazi has no working 'batch' command" >&2; exit 1; }
if [ "$dry_run" -eq 0 ]; then
  command -v sbatch >/dev/null || { echo "$me: sbatch not found: run this on a Slurm login node" >&2; exit 1; }
  max_array=$(scontrol show config 2>/dev/null | sed -n 's/^MaxArraySize *= *\([0-9]*\).*/\1/p') || true
  if [ -n "$max_array" ] && [ "$shards" -gt "$max_array" ]; then
    echo "$me: --shards $shards is more than this cluster's MaxArraySize ($max_array indices 0-$((max_array - 1)))" >&2
    exit 2
  fi
  mkdir -p "$outdir/logs" || { echo "$me: $outdir: cannot create it" >&2; exit 1; }
fi

shard_opts=(--muwazi "$muwazi" --shards "$shards")
[ -n "$stage" ] && shard_opts+=(--stage "$stage")
merge_opts=("${shard_opts[@]}")
[ "$strict" -eq 1 ] && shard_opts+=(--strict)
array=0-$((shards - 1))${max_running:+%$max_running}

array_cmd=(sbatch --parsable --array="$array" --cpus-per-task="$cpus" --chdir="$outdir"
  --output="$outdir/logs/shard-%a-of-$shards.log" "${sbatch_args[@]}"
  "$here/muwazi-shard.sbatch" "${shard_opts[@]}" "$manifest" "$outdir")
[ $# -gt 0 ] && array_cmd+=(-- "$@")
# ARRAY_JOB_ID is filled in below; afterok on an array waits for every task.
merge_cmd=(sbatch --parsable --dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes
  --cpus-per-task=1 --chdir="$outdir" --output="$outdir/logs/merge.log" "${sbatch_args[@]}"
  "$here/muwazi-merge.sbatch" "${merge_opts[@]}" "$outdir" "$tm")

if [ "$dry_run" -eq 1 ]; then
  printf '%q ' "${array_cmd[@]}"; echo
  printf '%q ' "${merge_cmd[@]}"; echo
  exit 0
fi

# --parsable prints "ID" or "ID;CLUSTER".
array_id=$("${array_cmd[@]}") || { echo "$me: the array was not submitted" >&2; exit 1; }
array_id=${array_id%%;*}
merge_cmd=("${merge_cmd[@]/ARRAY_JOB_ID/$array_id}")
if ! merge_id=$("${merge_cmd[@]}"); then
  echo "$me: array job $array_id submitted, but not its merge; when it has finished, run:" >&2
  echo "  $(printf '%q ' "${merge_cmd[@]}")" >&2
  exit 1
fi
merge_id=${merge_id%%;*}

if [ "$parsable" -eq 1 ]; then
  echo "$array_id $merge_id"
else
  echo "array job $array_id: $shards shards of $manifest, $cpus CPUs each (logs: $outdir/logs/)"
  echo "merge job $merge_id after it: $tm"
  echo "watch: squeue -j $array_id,$merge_id    cancel: scancel $array_id $merge_id"
fi
