# shellcheck shell=bash disable=SC2034  # LOCAL_CLUSTER_* are read by the caller
# A single-node Slurm cluster on this machine, for tests: Debian's munge and
# slurm-wlm packages (scripts/setup.sh --tests installs them), daemons in the
# foreground under a folder of their own, no systemd, nothing under /etc or
# /run touched. Source this file, then:
#
#   local_cluster_start DIR   # 0: up, SLURM_CONF exported; else the reason is
#                             #    in LOCAL_CLUSTER_REASON (caller skips)
#   ...sbatch, squeue, scontrol...
#   local_cluster_stop        # cancels the jobs, stops the daemons it started
#                             # (by their pids); safe to call twice
#
# Everything lives under DIR: the munge key, socket and log, slurm.conf,
# slurmctld's state, slurmd's spool, the daemons' logs. The ports are picked
# free at run time, so several clusters (other engineers' tests) can run on
# one machine at once. Needs root: slurmd starts jobs as their user, and the
# generated slurm.conf names root as SlurmUser.

LOCAL_CLUSTER_MUNGED_PID=   # the processes this file started
LOCAL_CLUSTER_SLURM_PIDS=() # slurmctld, slurmd
LOCAL_CLUSTER_DIR=
LOCAL_CLUSTER_REASON=

# A TCP port nobody listens on now. The kernel picks it (bind to port 0); the
# small window before slurmctld/slurmd bind it is covered by the retry in
# local_cluster_start.
local_cluster_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to $1 seconds (in 0.2 s steps) for the command after it to succeed.
local_cluster_wait_for() {
  local tenths=$(($1 * 5)) i
  shift
  for ((i = 0; i < tenths; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

local_cluster_node_idle() {
  [ "$(sinfo -h -n "$LOCAL_CLUSTER_NODE" -o %T 2>/dev/null)" = idle ]
}

# The last lines of a daemon's log, for a skip or failure message.
local_cluster_log_tail() {
  local f
  for f in "$@"; do
    [ -s "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
  done
  return 0
}

local_cluster_start() {
  LOCAL_CLUSTER_DIR=$1
  LOCAL_CLUSTER_REASON=
  local tool
  if [ "$(id -u)" -ne 0 ]; then
    LOCAL_CLUSTER_REASON="not root (slurmd must run as root to start jobs)"
    return 1
  fi
  for tool in mungekey munged munge slurmctld slurmd sbatch squeue sinfo scontrol scancel python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      LOCAL_CLUSTER_REASON="$tool not found (bash scripts/setup.sh --tests installs munge and slurm-wlm)"
      return 1
    fi
  done
  # Slurm's client commands read these; a test run inside a real Slurm job
  # must not talk to (or inherit options from) the real cluster.
  local v
  for v in $(compgen -e | grep -E '^(SLURM|SBATCH|SRUN|SALLOC|SQUEUE|SINFO)_'); do unset "$v"; done
  local_cluster_start_munge || return 1
  local attempt
  for attempt in 1 2 3; do
    local_cluster_start_slurm "$attempt" && return 0
    # A port taken between the pick and the bind: try again with new ones.
    grep -qs "Address already in use" "$LOCAL_CLUSTER_DIR"/slurm"$attempt"/log/* || break
  done
  return 1
}

local_cluster_start_munge() {
  local d=$LOCAL_CLUSTER_DIR/munge
  # munged refuses a key or socket folder that others may write to.
  mkdir -p "$d/key" "$d/run"
  chmod 0700 "$d/key"
  chmod 0755 "$d" "$d/run"
  if ! mungekey --create --keyfile="$d/key/munge.key" >"$d/mungekey.out" 2>&1; then
    LOCAL_CLUSTER_REASON="mungekey failed: $(tail -n 1 "$d/mungekey.out")"
    return 1
  fi
  LOCAL_CLUSTER_MUNGE_SOCKET=$d/run/munge.socket
  # --force: run as root and accept /tmp's permissions (this is a test).
  munged --foreground --force --socket="$LOCAL_CLUSTER_MUNGE_SOCKET" \
    --key-file="$d/key/munge.key" --pid-file="$d/run/munged.pid" \
    --log-file="$d/munged.log" --seed-file="$d/key/munged.seed" >"$d/munged.out" 2>&1 &
  LOCAL_CLUSTER_MUNGED_PID=$!
  if ! local_cluster_wait_for 10 munge --socket="$LOCAL_CLUSTER_MUNGE_SOCKET" --no-input; then
    LOCAL_CLUSTER_REASON="munged did not start: $(local_cluster_log_tail "$d/munged.out" "$d/munged.log")"
    return 1
  fi
}

local_cluster_start_slurm() {
  local d=$LOCAL_CLUSTER_DIR/slurm$1
  mkdir -p "$d/state" "$d/spool" "$d/log"
  LOCAL_CLUSTER_NODE=$(hostname -s)
  # The node as slurmd sees this machine (CPUs, sockets, cores, threads,
  # RealMemory in MiB), so that slurmctld does not drain it for a mismatch.
  local hw
  hw=$(slurmd -C 2>/dev/null | sed -n 's/^NodeName=[^ ]* //p')
  [ -n "$hw" ] || hw="CPUs=$(nproc) RealMemory=$(($(awk '/^MemTotal/ {print $2}' /proc/meminfo) / 1024))"
  local ctld_port slurmd_port
  if ! ctld_port=$(local_cluster_free_port) || ! slurmd_port=$(local_cluster_free_port); then
    LOCAL_CLUSTER_REASON="no free port"
    return 1
  fi
  # Minimal: no accounting database, no cgroups (proctrack/linuxproc follows
  # a job's processes by parent pid, task/none binds nothing), consumable
  # cores so that array tasks share the node as a real cluster's would.
  # sched_interval=1: the main scheduler looks at every pending job each
  # second (default 60 s); a test of 5 submissions ran in 30 s instead of
  # 41-55 s. KillWait=5: 5 s from SIGTERM to SIGKILL on cancel (default 30).
  cat >"$d/slurm.conf" <<EOF
ClusterName=muwazitest
SlurmctldHost=$LOCAL_CLUSTER_NODE(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$LOCAL_CLUSTER_MUNGE_SOCKET
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
KillWait=5
SchedulerParameters=sched_interval=1
NodeName=$LOCAL_CLUSTER_NODE NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$d/slurm.conf
  slurmctld -D >"$d/log/slurmctld.out" 2>&1 &
  LOCAL_CLUSTER_SLURM_PIDS+=($!)
  if ! local_cluster_wait_for 20 scontrol ping; then
    LOCAL_CLUSTER_REASON="slurmctld did not answer within 20 s: $(local_cluster_log_tail "$d/log/slurmctld.out" "$d/log/slurmctld.log")"
    local_cluster_stop_slurm
    return 1
  fi
  slurmd -D -N "$LOCAL_CLUSTER_NODE" >"$d/log/slurmd.out" 2>&1 &
  LOCAL_CLUSTER_SLURM_PIDS+=($!)
  if ! local_cluster_wait_for 30 local_cluster_node_idle; then
    LOCAL_CLUSTER_REASON="node $LOCAL_CLUSTER_NODE not idle within 30 s ($(sinfo -h -o '%T %E' 2>&1)): $(local_cluster_log_tail "$d/log/slurmd.out" "$d/log/slurmd.log")"
    local_cluster_stop_slurm
    return 1
  fi
  LOCAL_CLUSTER_LOGS=$d/log
}

# True once process $1 (a child of this shell) has exited: gone, or a zombie
# waiting for `wait` (kill -0 still succeeds on a zombie).
local_cluster_gone() {
  [ ! -e "/proc/$1" ] || [ "$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ]
}

# SIGTERM, then SIGKILL after 10 s; reaps the process.
local_cluster_kill() {
  kill -TERM "$1" 2>/dev/null || return 0
  local_cluster_wait_for 10 local_cluster_gone "$1" || kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# Cancels every job of this cluster, waits (bounded) for them to leave the
# node, then stops slurmd and slurmctld.
local_cluster_stop_slurm() {
  if [ ${#LOCAL_CLUSTER_SLURM_PIDS[@]} -eq 2 ] && [ -n "${SLURM_CONF:-}" ]; then
    scancel --quiet --partition=test >/dev/null 2>&1 || true
    # shellcheck disable=SC2016  # expanded by that sh, not this shell
    local_cluster_wait_for 15 sh -c '[ -z "$(squeue -h -t running,completing 2>/dev/null)" ]' || true
  fi
  local i
  for ((i = ${#LOCAL_CLUSTER_SLURM_PIDS[@]} - 1; i >= 0; i--)); do
    local_cluster_kill "${LOCAL_CLUSTER_SLURM_PIDS[i]}"
  done
  LOCAL_CLUSTER_SLURM_PIDS=()
}

# The jobs, slurmd, slurmctld, then munged: only the pids this file started.
local_cluster_stop() {
  local_cluster_stop_slurm
  if [ -n "$LOCAL_CLUSTER_MUNGED_PID" ]; then
    local_cluster_kill "$LOCAL_CLUSTER_MUNGED_PID"
    LOCAL_CLUSTER_MUNGED_PID=
  fi
  return 0
}
