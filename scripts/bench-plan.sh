#!/usr/bin/env bash
# Benchmarks the plan against a baseline measured in the same run:
#  1. 200 children with 30 activities each (a third recurring, with exceptions); wrk reads the week
#     /plan of a random child per request as their planner (permission check, access log, expansion)
#     and, before it, /healthz of the same server: requests per second, p99, and their ratio;
#  2. expanding one year of 1,000 recurring activities in memory, against walking the same days.
# Targets (from the plans issue): week plan >= 40 % of /healthz with p99 < 25 ms at 32 connections;
# one year of 1,000 recurring activities expanded in < 50 ms.
#   USERS=200 ACTIVITIES=30 WINDOW=8 CONFIG=release scripts/bench-plan.sh
set -euo pipefail

USERS="${USERS:-200}"
ACTIVITIES="${ACTIVITIES:-30}"
CONFIG="${CONFIG:-release}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18977

echo "== seeding $USERS children with $ACTIVITIES activities each ($CONFIG build)"
run bench-plan seed --users "$USERS" --activities "$ACTIVITIES" --ids "$data/users.txt" >/dev/null
start_server
token="$(token plan-planner@example.org)"

# A random child's week per request.
cat >"$data/plan.lua" <<LUA
local ids = {}
for line in io.lines("$data/users.txt") do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/users/" .. id .. "/plan?from=2026-11-30&to=2026-12-06")
end
LUA
curl -fs -H "Authorization: Bearer $token" "$url/api/v1/users/$(head -1 "$data/users.txt")/plan?from=2026-11-30&to=2026-12-06" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("== a week holds", sum(len(x["occurrences"]) for x in d["days"]), "occurrences")'

echo "== warming up (2 s each), then /healthz and the week plan, ${WINDOW}s each at 32 connections"
wrk -t2 -c32 -d2s "$url/healthz" >/dev/null
wrk -t2 -c32 -d2s -s "$data/plan.lua" "$url" >/dev/null
wrk -t2 -c32 -d"${WINDOW}s" --latency "$url/healthz" >"$data/health.txt"
wrk -t2 -c32 -d"${WINDOW}s" --latency -s "$data/plan.lua" "$url" >"$data/plan.txt"
grep -q "Non-2xx" "$data/plan.txt" && { echo "the plan answered errors:"; cat "$data/plan.txt"; exit 1; }

echo "== expanding a year of 1,000 recurring activities"
expansion="$(run bench-plan expand --activities 1000)"

cat <<REPORT

Plan benchmark ($CONFIG build, 2 cores shared with wrk)
  /healthz:            $(rps "$data/health.txt") req/s, p50 $(ms "$data/health.txt" 50%) ms, p99 $(ms "$data/health.txt" 99%) ms
  week plan:           $(rps "$data/plan.txt") req/s, p50 $(ms "$data/plan.txt" 50%) ms, p99 $(ms "$data/plan.txt" 99%) ms (target p99 < 25 ms)
  plan / healthz:      $(echo "scale=2; $(rps "$data/plan.txt") / $(rps "$data/health.txt")" | bc) (target >= 0.4)
  expansion:           $expansion (target < 50 ms)
REPORT
