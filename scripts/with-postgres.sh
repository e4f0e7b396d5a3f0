#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1, its URL in
# CORPUS_TOOL_TEST_POSTGRES; the server and its data are removed afterwards.
# Without PostgreSQL installed the command runs alone (the PostgreSQL tests then skip).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed; running without it" >&2
  exec "$@"
fi
data=$(mktemp -d /tmp/corpus-tool-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then            # initdb refuses to run as root
  chown postgres "$data"
  as_owner=(runuser -u postgres --)
fi
cleanup() { "${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$data"; }
trap cleanup EXIT
"${as_owner[@]}" "$bindir/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off" start >/dev/null
export CORPUS_TOOL_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
"$@"
