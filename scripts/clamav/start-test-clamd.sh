#!/usr/bin/env bash
# Starts a clamd for tests and development with Lantai's LOCAL test signature database (scripts/clamav/db: an .ndb
# body signature for the EICAR test string, no downloads). Non-root friendly: config, socket, pid and log live in a
# fresh temp folder. Prints two lines for `eval`:   LANTAI_CLAMD_SOCKET=/tmp/…/clamd.sock  LANTAI_CLAMD_PID=1234
# Stop it with scripts/clamav/stop-test-clamd.sh (kills that pid only and removes the temp folder).
#   usage:  eval "$(bash scripts/clamav/start-test-clamd.sh)"     env: CLAMD_DB (database folder), CLAMD_WAIT (s, 60),
#           CLAMD_CONF_EXTRA (config lines put first: clamd keeps the first value of an option, e.g. "ReadTimeout 2")
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DB="${CLAMD_DB:-$HERE/db}"
CLAMD="$(command -v clamd || echo /usr/sbin/clamd)"
[ -x "$CLAMD" ] || { echo "clamd not found (Debian: apt-get install clamav-daemon)" >&2; exit 2; }
DIR="$(mktemp -d "${TMPDIR:-/tmp}/lantai-clamd.XXXXXX")"
cat >"$DIR/clamd.conf" <<CONF
${CLAMD_CONF_EXTRA:-}
LocalSocket $DIR/clamd.sock
LocalSocketMode 660
PidFile $DIR/clamd.pid
DatabaseDirectory $DB
TemporaryDirectory $DIR
LogFile $DIR/clamd.log
Foreground yes
Bytecode no
ScanArchive yes
StreamMaxLength 100M
MaxFileSize 100M
MaxScanSize 400M
MaxThreads 4
OfficialDatabaseOnly no
CONF
# clamd drops privileges to "User" only when configured; as root without User it keeps root, which is fine for a test daemon.
setsid "$CLAMD" --config-file="$DIR/clamd.conf" </dev/null >>"$DIR/clamd.log" 2>&1 &
PID=$!
for _ in $(seq 1 $(( ${CLAMD_WAIT:-60} * 10 ))); do
  if [ -S "$DIR/clamd.sock" ]; then echo "LANTAI_CLAMD_SOCKET=$DIR/clamd.sock"; echo "LANTAI_CLAMD_PID=$PID"; exit 0; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
echo "clamd did not start; its log:" >&2; cat "$DIR/clamd.log" >&2
kill "$PID" 2>/dev/null || true; rm -rf "$DIR"; exit 1
