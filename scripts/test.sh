#!/usr/bin/env bash
# Everything behind `make test` (and CI): dependencies, build, the Swift suites on SQLite and
# on PostgreSQL, then a real server for the browser tests and the API contract check.
# Every test stage runs even when an earlier one failed; the exit code is non-zero if any did.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

logs="$root/.build/test-logs"
server_pids=()
# The port of the SMS gateway the browser tests run (chosen free when they start).
sms_port=18097
# The port of the picture services (Openverse, Wikimedia Commons) the browser tests run.
pictures_port=18098
temp_dirs=()
results=()
failed=0
run_started=$SECONDS

section() { printf '\n======== %s ========\n' "$*"; }
note() { printf '[test] %s\n' "$*"; }

# Runs a stage, records PASS/FAIL and its duration, and never stops the script.
stage() {
    local name="$1" started=$SECONDS status=0
    shift
    section "$name"
    "$@" || status=$?
    local took=$((SECONDS - started))
    if [ "$status" -eq 0 ]; then
        results+=("PASS  $name (${took}s)")
    else
        results+=("FAIL  $name (${took}s, exit $status)")
        failed=1
    fi
}

stop_server() {
    local pid _
    for pid in ${server_pids[@]+"${server_pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in ${server_pids[@]+"${server_pids[@]}"}; do
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
}

cleanup() {
    local status=$?
    set +e
    stop_server
    section "Stopping services"
    scripts/services.sh stop
    [ "${#temp_dirs[@]}" -eq 0 ] || rm -rf "${temp_dirs[@]}"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port="$1"
    while port_open "$port"; do port=$((port + 1)); done
    echo "$port"
}

# start_server NAME PORT DATA_DIR [DATABASE_URL]; adds to server_pids and waits for /readyz.
start_server() {
    local name="$1" port="$2" data_dir="$3" database_url="${4:-}"
    local url="http://127.0.0.1:$port" log="$logs/server-$name.log" _
    # The push services browsers use, and the one Tests/browser/test_push.py runs on this machine.
    # The SMS gateway is the one Tests/browser/test_escalation.py runs on this machine, the picture
    # services the ones Tests/browser/test_picture_search.py runs.
    local env_args=(-u SMTP_HOST -u DATABASE_URL DATA_DIR="$data_dir" PUBLIC_URL="$url"
        PUSH_SERVICES="fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com,http://127.0.0.1"
        SMS_GATEWAY_URL="http://127.0.0.1:$sms_port/sms" SMS_GATEWAY_AUTHORIZATION="Bearer test-gateway"
        PICTURE_SEARCH="openverse,wikimedia" PICTURE_SEARCH_OPENVERSE_URL="http://127.0.0.1:$pictures_port"
        PICTURE_SEARCH_WIKIMEDIA_URL="http://127.0.0.1:$pictures_port" PICTURE_SEARCH_TIMEOUT_MS=30000
        PICTURE_GUARD_TIMEOUT_MS=30000)
    [ -z "$database_url" ] || env_args+=(DATABASE_URL="$database_url")
    note "starting mobilize serve on $url ($name, log: $log)"
    env "${env_args[@]}" .build/debug/mobilize serve --hostname 127.0.0.1 --port "$port" >"$log" 2>&1 &
    local server_pid=$!
    server_pids+=("$server_pid")
    for _ in $(seq 1 600); do
        if curl -fsS --max-time 2 -o /dev/null "$url/readyz" 2>/dev/null; then
            note "ready: $url/readyz"
            # Started again by itself with OpenMP at one thread (ProcessTuning), under its own name.
            if ! tr '\0' '\n' <"/proc/$server_pid/environ" | grep -qx 'OMP_THREAD_LIMIT=1' \
                || [ "$(cat "/proc/$server_pid/comm")" != mobilize ]; then
                note "the server did not start itself again with OMP_THREAD_LIMIT=1 under its own name"
                return 1
            fi
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            note "server exited before it was ready; last lines of $log:"
            tail -n 40 "$log" || true
            return 1
        fi
        sleep 0.2
    done
    note "server not ready after 120 s; last lines of $log:"
    tail -n 40 "$log" || true
    stop_server
    return 1
}

# The suites pick their database from TEST_DATABASE_URL: unset means SQLite.
swift_test_sqlite() { (unset TEST_DATABASE_URL && swift test --skip-build); }

swift_test_postgres() { swift test --skip-build; }

browser_and_contract() {
    local port data_dir status=0
    port="$(free_port 18080)"
    sms_port="$(free_port 18097)"
    export MOBILIZE_SMS_PORT="$sms_port"
    pictures_port="$(free_port $((sms_port + 1)))"
    export MOBILIZE_PICTURES_PORT="$pictures_port"
    data_dir="$(mktemp -d)"
    temp_dirs+=("$data_dir")
    note "importing the whole pictogram archive"
    DATA_DIR="$data_dir" .build/debug/mobilize pictograms import | tail -n 1 || return 1
    # A drawing is never personal data: the guard against sensitive pictures holds none of them.
    section "The picture guard over the whole pictogram archive"
    DATA_DIR="$data_dir" PICTURE_GUARD_TIMEOUT_MS=60000 .build/debug/mobilize pictures check-guard | tail -n 20 || status=1
    start_server sqlite "$port" "$data_dir" || return 1

    export MOBILIZE_URL="http://127.0.0.1:$port"
    export MOBILIZE_DATA_DIR="$data_dir"

    section "Browser tests (Chromium, $MOBILIZE_URL)"
    if [ -d Tests/browser ]; then
        local rc=0
        .venv/bin/pytest Tests/browser -q || rc=$?
        if [ "$rc" -eq 5 ]; then note "pytest collected no browser tests"; fi
        [ "$rc" -eq 0 ] || status=1
    else
        note "Tests/browser is missing"
        status=1
    fi

    section "API contract (schemathesis, $MOBILIZE_URL)"
    if [ -x scripts/schemathesis.sh ]; then
        scripts/schemathesis.sh || status=1
    else
        note "scripts/schemathesis.sh is missing or not executable"
        status=1
    fi

    stop_server
    return "$status"
}

serve_on_postgres() {
    local port second data_dir database="${TEST_DATABASE_URL%/*}/mobilize_serve"
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "${TEST_DATABASE_URL%/*}/postgres" \
        -c 'DROP DATABASE IF EXISTS mobilize_serve' -c 'CREATE DATABASE mobilize_serve' || return 1
    port="$(free_port 18180)"
    data_dir="$(mktemp -d)"
    temp_dirs+=("$data_dir")
    note "importing the whole pictogram archive into PostgreSQL"
    DATA_DIR="$data_dir" DATABASE_URL="$database" .build/debug/mobilize pictograms import | tail -n 1 || return 1
    start_server postgres "$port" "$data_dir" "$database" || return 1
    # A second instance on the same database and media folder: one browser on each, news crosses between them.
    second="$(free_port $((port + 1)))"
    start_server postgres-2 "$second" "$data_dir" "$database" || { stop_server; return 1; }
    # The search over the whole archive, the calendar feed read by iCalendar software, chat across instances, and
    # reminders fired once by two instances that both look for them.
    MOBILIZE_URL="http://127.0.0.1:$port" MOBILIZE_URL_B="http://127.0.0.1:$second" .venv/bin/pytest -q \
        Tests/browser/test_pictogram_search.py Tests/browser/test_calendar_feed.py Tests/browser/test_chat.py \
        Tests/browser/test_reminders_instances.py || {
        stop_server
        return 1
    }
    stop_server
}

mkdir -p "$logs"

section "Dependencies"
scripts/install-deps.sh all

section "Build"
swift build --build-tests

section "Starting services"
scripts/services.sh stop >/dev/null 2>&1 || true # a fresh cluster and maildir for every run
services_env="$(scripts/services.sh start)"
eval "$services_env"
export MOBILIZE_REQUIRE_SERVICES=1
# Browser tests and schemathesis.sh find their tools (pytest, schemathesis) in the venv.
export PATH="$root/.venv/bin:$PATH"
# Selenium uses Debian's Chromium and chromedriver and never downloads a browser.
export CHROME_BIN=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver SE_OFFLINE=true
note "TEST_DATABASE_URL=$TEST_DATABASE_URL (PostgreSQL run only)"
note "TEST_SMTP_HOST=$TEST_SMTP_HOST TEST_SMTP_PORT=$TEST_SMTP_PORT TEST_SMTP_MAILDIR=$TEST_SMTP_MAILDIR"
note "MOBILIZE_REQUIRE_SERVICES=$MOBILIZE_REQUIRE_SERVICES"

stage "Layers: every reference points down (scripts/check-layers.py)" python3 scripts/check-layers.py
stage "swift test (SQLite)" swift_test_sqlite
stage "swift test (PostgreSQL)" swift_test_postgres
stage "Server on SQLite: browser tests and API contract" browser_and_contract
stage "Two servers on one PostgreSQL: pictogram archive, search, calendar feed, chat and reminders across instances" serve_on_postgres

section "Summary ($((SECONDS - run_started))s)"
printf '%s\n' "${results[@]}"
passed_count=$(printf '%s\n' "${results[@]}" | grep -c '^PASS' || true)
failed_count=$(printf '%s\n' "${results[@]}" | grep -c '^FAIL' || true)
echo "stages: $passed_count passed, $failed_count failed"
if [ "$failed" -ne 0 ]; then
    note "FAILED"
    exit 1
fi
note "all stages passed"
