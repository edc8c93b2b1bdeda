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

EXPIRED="${EXPIRED:-10000}"
HEAVY="${HEAVY:-20000}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18777

echo "== seeding $EXPIRED expired accounts and a heavy user with $HEAVY access-log entries ($CONFIG build)"
seed_start=$(date +%s.%N)
child="$(run seed-bench --expired "$EXPIRED" --heavy "$HEAVY" | sed -n 's/^child=//p')"
echo "seeded in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

start_server
planner="$(token bench-planner@example.org)"
read_url="$url/api/v1/users/$child"


echo "== idle: GET /api/v1/users/{child} as a planner for ${WINDOW}s"
wrk -t2 -c8 -d"${WINDOW}s" --latency -H "Authorization: Bearer $planner" "$read_url" >"$data/idle.txt"
echo "== under the privacy run: the same for ${WINDOW}s, the run starting with it"
wrk -t2 -c8 -d"${WINDOW}s" --latency -H "Authorization: Bearer $planner" "$read_url" >"$data/load.txt" &
wrk_pid=$!
sleep 0.5
job_start=$(date +%s.%N)
if ! run privacy run >"$data/privacy-run.log" 2>&1; then
    echo "the privacy run failed after $(echo "$(date +%s.%N) - $job_start" | bc) s; its last lines:" >&2
    tail -n 20 "$data/privacy-run.log" >&2
    exit 1
fi
job_report="$(tail -n 1 "$data/privacy-run.log")"
job_seconds=$(echo "$(date +%s.%N) - $job_start" | bc)
wait "$wrk_pid"

echo "== export of the heavy user"
heavy="$(token bench-heavy@example.org)"
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

idle_p99=$(ms "$data/idle.txt" 99%)
load_p99=$(ms "$data/load.txt" 99%)
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
