#!/usr/bin/env bash
# A throwaway PostgreSQL for the server's history tests (Debian's postgresql package; installs it when missing).
#   eval "$(e2e/postgres.sh start)"   # starts one on a free 127.0.0.1 port, prints the export line
#   e2e/postgres.sh stop              # stops it and removes its files
# The cluster lives in $GANTRY_PG_DIR (default /tmp/gantry-postgres), trusts local connections and listens on
# 127.0.0.1 only.
set -euo pipefail
dir="${GANTRY_PG_DIR:-/tmp/gantry-postgres}"

bin_dir() {
    local pg_ctl
    pg_ctl="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [[ -z "$pg_ctl" ]]; then
        echo "installing PostgreSQL (apt-get install postgresql)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || {
            apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
        pg_ctl="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    fi
    echo "$pg_ctl"
}

as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-}" in
start)
    bin="$(bin_dir)"
    if [[ -f "$dir/port" ]] && as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        port="$(cat "$dir/port")"
    else
        rm -rf "$dir"
        mkdir -p "$dir"
        [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
        port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
        as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
        as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >&2 \
            || { cat "$dir/server.log" >&2; exit 1; }
        echo "$port" >"$dir/port"
    fi
    echo "export GANTRY_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres'"
    ;;
stop)
    if [[ -d "$dir/data" ]]; then
        bin="$(bin_dir)"
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
