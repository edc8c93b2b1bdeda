#!/usr/bin/env bash
# Benchmarks the privacy engine on one machine, against a baseline measured in the same run:
#  1. the daily privacy run erasing EXPIRED accounts (with sessions and access-log entries) while
#     wrk reads a child's page as a planner (an authenticated, access-logged route); its p99 is
#     compared with the same route's p99 when idle;
#  2. the export of one heavy user (HEAVY access-log entries): time to a ready ZIP, and how much
#     the server's memory grows meanwhile.
# Targets (from the privacy issue): erasure < 60 s; p99 under load within 2x of idle;
# export < 10 s and < 100 MB growth.
#   EXPIRED=10000 HEAVY=20000 WINDOW=8 CONFIG=debug scripts/bench-privacy.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
EXPIRED="${EXPIRED:-10000}"
HEAVY="${HEAVY:-20000}"
WINDOW="${WINDOW:-8}"
CONFIG="${CONFIG:-debug}"
export PATH="$PATH:/opt/swift/usr/bin"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c "$CONFIG" >/dev/null
bin="$(swift build -c "$CONFIG" --show-bin-path)/mobilize"

data="$(mktemp -d)"
port=18777
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
url="http://127.0.0.1:$port"
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
run() { env DATA_DIR="$data" PUBLIC_URL="$url" BACKGROUND_JOBS=false LOG_LEVEL=warning "$bin" "$@"; }

echo "== seeding $EXPIRED expired accounts and a heavy user with $HEAVY access-log entries ($CONFIG build)"
seed_start=$(date +%s.%N)
child="$(run seed-bench --expired "$EXPIRED" --heavy "$HEAVY" | sed -n 's/^child=//p')"
echo "seeded in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

# Started directly (not through the function) so that $! is the server's own process.
env DATA_DIR="$data" PUBLIC_URL="$url" BACKGROUND_JOBS=false LOG_LEVEL=warning "$bin" serve --hostname 127.0.0.1 \
    --port "$port" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

token() {
    curl -fs -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"bench-password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
planner="$(token bench-planner@example.org)"
read_url="$url/api/v1/users/$child"

# p99 in milliseconds from wrk's latency distribution.
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }' "$1"; }
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }

echo "== idle: GET /api/v1/users/{child} as a planner for ${WINDOW}s"
wrk -t2 -c8 -d"${WINDOW}s" --latency -H "Authorization: Bearer $planner" "$read_url" >"$data/idle.txt"
echo "== under the privacy run: the same for ${WINDOW}s, the run starting with it"
wrk -t2 -c8 -d"${WINDOW}s" --latency -H "Authorization: Bearer $planner" "$read_url" >"$data/load.txt" &
wrk_pid=$!
sleep 0.5
job_start=$(date +%s.%N)
job_report="$(run privacy run | tail -n 1)"
job_seconds=$(echo "$(date +%s.%N) - $job_start" | bc)
wait "$wrk_pid"

echo "== export of the heavy user"
heavy="$(token bench-heavy@example.org)"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
rss_before=$(rss)
rss_peak=$rss_before
export_start=$(date +%s.%N)
export_id="$(curl -fs -X POST "$url/api/v1/me/export" -H "Authorization: Bearer $heavy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
status=pending
while [ "$status" != ready ] && [ "$status" != failed ]; do
    now_rss=$(rss); [ "$now_rss" -gt "$rss_peak" ] && rss_peak=$now_rss
    status="$(curl -fs "$url/api/v1/me/exports/$export_id" -H "Authorization: Bearer $heavy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
    sleep 0.05
done
export_seconds=$(echo "$(date +%s.%N) - $export_start" | bc)
size="$(curl -fs "$url/api/v1/me/exports/$export_id" -H "Authorization: Bearer $heavy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')"

idle_p99=$(p99 "$data/idle.txt")
load_p99=$(p99 "$data/load.txt")
cat <<REPORT

Privacy benchmark ($CONFIG build, $(nproc) cores)
  privacy run:          $job_report
  privacy run time:     ${job_seconds} s (target < 60 s)
  read route, idle:     p99 ${idle_p99} ms, $(rps "$data/idle.txt") req/s
  read route, loaded:   p99 ${load_p99} ms, $(rps "$data/load.txt") req/s
  p99 ratio:            $(echo "scale=2; $load_p99 / $idle_p99" | bc) (target <= 2)
  heavy export:         ${export_seconds} s, status $status, $size bytes (target < 10 s)
  server memory growth: $(( (rss_peak - rss_before) / 1024 )) MB during the export (target < 100 MB);
                        resident $(( rss_before / 1024 )) MB before it, $(( rss_peak / 1024 )) MB at its peak
REPORT
