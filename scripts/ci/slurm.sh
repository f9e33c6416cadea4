#!/bin/sh
# Starts (or stops) a single-node Slurm cluster on localhost for the slurm
# runner's tests and CI: munged, slurmctld and slurmd, with every config, state,
# spool, pid and log file under one folder. Idempotent.
#   scripts/ci/slurm.sh start|stop|status|env
# `start` prints `export SLURM_CONF=...` on stdout (messages go to stderr), so CI
# can do: eval "$(scripts/ci/slurm.sh start)". Folder: $MEDGRADE_SLURM_DIR (default /tmp/medgrade-slurm).
set -eu
DIR=${MEDGRADE_SLURM_DIR:-/tmp/medgrade-slurm}
CONF=$DIR/slurm.conf
HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(awk '/MemTotal/ { m = int($2 / 1024 * 0.8); print (m > 4000 ? 4000 : m) }' /proc/meminfo)
export SLURM_CONF=$CONF

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
ready() { sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }

write_conf() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" "$DIR/log"
  chown munge:munge "$DIR/munge" 2>/dev/null || true
  chmod 755 "$DIR/munge"
  cat >"$CONF" <<CONF
ClusterName=medgrade
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${MEDGRADE_SLURMCTLD_PORT:-16817}
SlurmdPort=${MEDGRADE_SLURMD_PORT:-16818}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=500
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherParams=OverMemoryKill
ReturnToService=2
MpiDefault=none
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
}

case "${1:-start}" in
  start)
    if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && ready; then echo "slurm already running (SLURM_CONF=$CONF)" >&2; echo "export SLURM_CONF=$CONF"; exit 0; fi
    command -v slurmctld >/dev/null || { echo "slurm not installed (apt-get install -y slurm-wlm munge)" >&2; exit 1; }
    write_conf
    if ! alive "$DIR/munge/munged.pid"; then
      runuser -u munge -- /usr/sbin/munged --socket="$DIR/munge/munge.socket.2" --pid-file="$DIR/munge/munged.pid" \
        --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed" --key-file=/etc/munge/munge.key >&2
    fi
    alive "$DIR/slurmctld.pid" || { nohup slurmctld -D -f "$CONF" >"$DIR/log/slurmctld.out" 2>&1 & echo $! >"$DIR/slurmctld.pid"; }
    alive "$DIR/slurmd.pid" || { nohup slurmd -D -f "$CONF" >"$DIR/log/slurmd.out" 2>&1 & echo $! >"$DIR/slurmd.pid"; }
    i=0
    until ready; do
      i=$((i + 1))
      if [ $i -gt 60 ]; then echo "slurm did not come up; logs in $DIR/log" >&2; tail -5 "$DIR"/log/*.log >&2 || true; exit 1; fi
      sleep 0.5
    done
    echo "slurm running (SLURM_CONF=$CONF)" >&2
    echo "export SLURM_CONF=$CONF"
    ;;
  stop)
    for p in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munge/munged.pid"; do
      if alive "$p"; then kill "$(cat "$p")"; fi
      rm -f "$p"
    done
    echo "slurm stopped" >&2
    ;;
  status)
    if ready; then echo "running (SLURM_CONF=$CONF)"; sinfo; else echo "not running"; exit 1; fi
    ;;
  env)
    echo "export SLURM_CONF=$CONF"
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
