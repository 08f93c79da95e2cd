#!/usr/bin/env bash
# Stops a clamd started by start-test-clamd.sh: kills the given pid (or $LANTAI_CLAMD_PID) and removes its temp folder.
#   usage:  bash scripts/clamav/stop-test-clamd.sh [pid] [socket]
set -uo pipefail
PID="${1:-${LANTAI_CLAMD_PID:-}}"; SOCK="${2:-${LANTAI_CLAMD_SOCKET:-}}"
[ -n "$PID" ] && kill "$PID" 2>/dev/null
for _ in $(seq 1 50); do [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
case "$SOCK" in */lantai-clamd.*/clamd.sock) rm -rf "$(dirname "$SOCK")" ;; esac
exit 0
