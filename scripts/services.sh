#!/usr/bin/env bash
# Throwaway services for the test suite: a PostgreSQL 15 cluster and an SMTP sink.
#   scripts/services.sh start    (re)creates and starts both; prints `export` lines on stdout,
#                                so `eval "$(scripts/services.sh start)"` sets the test variables
#   scripts/services.sh env      prints those `export` lines again
#   scripts/services.sh stop     stops both; safe to run when nothing is running
#   scripts/services.sh status
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

PG_PORT="${MOBILIZE_TEST_PG_PORT:-55432}"
SMTP_PORT="${MOBILIZE_TEST_SMTP_PORT:-2525}"
HOST=127.0.0.1
DB_NAME=mobilize_test
DB_USER=mobilize
DB_PASSWORD=mobilize

state="$root/.build/test-services"
# The ports in use: the defaults, or the next free ones when another process holds those.
ports_file="$state/ports"
if [ "${1:-}" != start ] && [ -f "$ports_file" ]; then read -r PG_PORT SMTP_PORT <"$ports_file"; fi
maildir="$state/maildir"
smtp_pidfile="$state/smtp.pid"
smtp_log="$state/smtp.log"
venv_python="$root/.venv/bin/python"

say() { printf '[services] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
    die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (run scripts/install-deps.sh all)"
}

# PostgreSQL refuses to run as root, so as root everything runs as the `postgres` OS user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@") # from a folder the postgres user may enter
    else
        "$@"
    fi
}

# The cluster lives in .build/test-services/pg, unless the postgres user cannot reach the
# work tree (a checkout under a private home directory); then it lives under /tmp.
pg_dir() {
    if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$state"; then
        echo "$state/pg"
    else
        echo "${TMPDIR:-/tmp}/mobilize-test-pg-$(echo "$root" | sha256sum | cut -c1-12)"
    fi
}

database_url() { echo "postgres://$DB_USER:$DB_PASSWORD@$HOST:$PG_PORT/$DB_NAME"; }

print_env() {
    cat <<EOF
export TEST_DATABASE_URL='$(database_url)'
export TEST_SMTP_HOST='$HOST'
export TEST_SMTP_PORT='$SMTP_PORT'
export TEST_SMTP_MAILDIR='$maildir'
EOF
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

pg_running() {
    local dir
    dir="$(pg_dir)"
    [ -f "$dir/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

start_postgres() {
    local bin dir
    bin="$(pg_bin)"
    dir="$(pg_dir)"
    if pg_running; then
        say "postgres: already running ($dir)"
    else
        while port_open "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
        rm -rf "$dir"
        mkdir -p "$dir"
        if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
        chmod 700 "$dir"
        as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
            >"$state/initdb.log" 2>&1 || {
            cat "$state/initdb.log" >&2
            die "initdb failed"
        }
        # Speed over durability: the cluster is thrown away after the run. Every test runs its own
        # application with its own pool, many at once: hence the connections.
        cat >>"$dir/postgresql.conf" <<EOF

# scripts/services.sh
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 1000
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null || {
            cat "$dir/server.log" >&2 || true
            die "postgres did not start"
        }
        say "postgres: started on $HOST:$PG_PORT ($dir)"
    fi

    local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PG_PORT" -U postgres -d postgres)
    "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" | grep -q 1 ||
        "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
    "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 ||
        "${psql[@]}" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
}

stop_postgres() {
    local dir
    dir="$(pg_dir)"
    if pg_running; then
        as_pg "$(pg_bin)/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
        say "postgres: stopped"
    else
        say "postgres: not running"
    fi
}

smtp_pid() {
    local pid
    [ -f "$smtp_pidfile" ] || return 1
    pid="$(cat "$smtp_pidfile")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start_smtp() {
    if smtp_pid >/dev/null; then
        say "smtp sink: already running (pid $(smtp_pid))"
        return
    fi
    [ -x "$venv_python" ] || die "$venv_python missing (run scripts/install-deps.sh all)"
    while port_open "$SMTP_PORT"; do SMTP_PORT=$((SMTP_PORT + 1)); done
    rm -rf "$maildir"
    mkdir -p "$maildir"
    rm -f "$smtp_pidfile"
    nohup "$venv_python" "$root/Tests/support/smtp_sink.py" --host "$HOST" --port "$SMTP_PORT" \
        --pidfile "$smtp_pidfile" "$maildir" </dev/null >"$smtp_log" 2>&1 &
    local launched=$! _
    for _ in $(seq 1 100); do
        if [ -f "$smtp_pidfile" ] && port_open "$SMTP_PORT"; then
            say "smtp sink: started on $HOST:$SMTP_PORT (pid $launched) -> $maildir"
            return
        fi
        kill -0 "$launched" 2>/dev/null || break
        sleep 0.1
    done
    cat "$smtp_log" >&2 || true
    kill "$launched" 2>/dev/null || true
    die "smtp sink did not start within 10 s (log: $smtp_log)"
}

stop_smtp() {
    local pid i
    if ! pid="$(smtp_pid)"; then
        rm -f "$smtp_pidfile"
        say "smtp sink: not running"
        return
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "smtp sink: did not stop after ${i} tries, killing"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$smtp_pidfile"
    say "smtp sink: stopped"
}

mkdir -p "$state"
case "${1:-}" in
    start)
        start_postgres
        start_smtp
        echo "$PG_PORT $SMTP_PORT" >"$ports_file"
        print_env
        ;;
    stop)
        status=0
        stop_smtp || status=1
        stop_postgres || status=1
        exit "$status"
        ;;
    env) print_env ;;
    status)
        if pg_running; then say "postgres: running on $HOST:$PG_PORT"; else say "postgres: stopped"; fi
        if smtp_pid >/dev/null; then say "smtp sink: running on $HOST:$SMTP_PORT"; else say "smtp sink: stopped"; fi
        ;;
    *)
        echo "usage: $0 start|stop|env|status" >&2
        exit 2
        ;;
esac
