#!/usr/bin/env bash
# Stops the server started by start-postgres.sh and removes its data directory.
set -uo pipefail
DATA="${METATUNE_TEST_POSTGRES_DATADIR:-$(cat "${TMPDIR:-/tmp}/metatune-pg-datadir" 2>/dev/null)}"
[ -n "$DATA" ] && [ -d "$DATA" ] || exit 0
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1
else "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1; fi
rm -rf "$DATA"
