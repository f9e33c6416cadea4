#!/bin/sh
# Starts (or stops) a private dockerd for the docker runner's tests and CI.
# It leaves the host network alone (--iptables=false --bridge=none) and keeps
# its state under its own folders. Idempotent: `start` on a running engine is a no-op.
#   scripts/ci/docker.sh start|stop|status|env
# `start` prints the variables to export on stdout (messages go to stderr), so
# CI can do: eval "$(scripts/ci/docker.sh start)".
set -eu
SOCK=${MEDGRADE_DOCKER_SOCK:-/run/medgrade-docker.sock}
PIDFILE=${MEDGRADE_DOCKER_PID:-/run/medgrade-docker.pid}
DATA=${MEDGRADE_DOCKER_DATA:-/var/lib/medgrade-docker}
EXEC=${MEDGRADE_DOCKER_EXEC:-/run/medgrade-docker}
LOG=${MEDGRADE_DOCKER_LOG:-/var/log/medgrade-docker.log}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
exports() { echo "export DOCKER_HOST=unix://$SOCK TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost"; }
ready() { DOCKER_HOST="unix://$SOCK" docker info >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if running && ready; then echo "dockerd already running at unix://$SOCK" >&2; exports; exit 0; fi
    command -v dockerd >/dev/null || { echo "dockerd not installed (apt-get install -y docker.io)" >&2; exit 1; }
    rm -f "$PIDFILE"
    mkdir -p "$DATA" "$EXEC"
    nohup dockerd --iptables=false --bridge=none --data-root "$DATA" --exec-root "$EXEC" \
      -H "unix://$SOCK" --pidfile "$PIDFILE" >"$LOG" 2>&1 &
    i=0
    until ready; do
      i=$((i + 1))
      if [ $i -gt 60 ]; then echo "dockerd did not come up; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; fi
      sleep 0.5
    done
    echo "dockerd running at unix://$SOCK" >&2
    exports
    ;;
  stop)
    if running; then
      kill "$(cat "$PIDFILE")"
      i=0; while running && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
    fi
    rm -f "$PIDFILE"
    echo "dockerd stopped" >&2
    ;;
  status)
    if running && ready; then echo "running at unix://$SOCK"; else echo "not running"; exit 1; fi
    ;;
  env) exports ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
