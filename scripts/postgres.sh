#!/usr/bin/env bash
# A throwaway PostgreSQL server for Herald's PostgreSQL test suite and benchmarks.
#   scripts/postgres.sh start [port]   initialises a cluster in a temporary folder, starts it on
#                                      127.0.0.1:port (default 55432) and prints the JDBC URL
#   scripts/postgres.sh stop [port]    stops it and removes the folder
# Needs PostgreSQL's server programs (Debian: apt-get install postgresql). PostgreSQL refuses to
# run as root, so as root the server runs as the 'postgres' user.
set -euo pipefail
action=${1:-start}
port=${2:-55432}
dir=${HERALD_PG_DIR:-/tmp/herald-pg-$port}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] && command -v pg_ctl >/dev/null 2>&1; then
  bindir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
fi
if [ -z "$bindir" ]; then
  echo "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as_owner "$bindir/initdb" -D "$dir/data" -U herald --auth=trust -E UTF8 >/dev/null
    fi
    # Durability settings stay at their defaults: the tests kill Herald, never PostgreSQL.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=herald"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop [port]" >&2
    exit 2
    ;;
esac
