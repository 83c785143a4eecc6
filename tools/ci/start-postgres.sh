#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the storage tests and prints the
# environment line to use it: METATUNE_TEST_POSTGRES_URL=postgres://metatune@127.0.0.1:PORT/metatune
# Usage: eval "$(bash tools/ci/start-postgres.sh)"; stop with: bash tools/ci/stop-postgres.sh
set -euo pipefail
PORT="${METATUNE_PG_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
DATA="$(mktemp -d -t metatune-pg-XXXXXX)"
chmod 700 "$DATA"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$DATA"
  RUN_AS=(runuser -u postgres --)
fi
"${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c max_connections=200" start >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE ROLE metatune LOGIN SUPERUSER" >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE metatune OWNER metatune" >/dev/null
echo "$DATA" > "${TMPDIR:-/tmp}/metatune-pg-datadir"
echo "export METATUNE_TEST_POSTGRES_URL=postgres://metatune@127.0.0.1:$PORT/metatune METATUNE_TEST_POSTGRES_DATADIR=$DATA METATUNE_TEST_POSTGRES_BIN=$BIN"
