#!/usr/bin/env bash
# Benchmarks the goal overview: a user with five goals and three years of daily progress on each
# (the benchmarks' heavy user) reads their overview (twelve weeks of each goal, the streaks, and
# the plan's weeks), against /healthz on the same server in the same run (baseline).
# Target (from the goals issue): p50 < 20 ms.
#   WINDOW=8 CONFIG=release scripts/bench-goals.sh
set -euo pipefail

CONFIG="${CONFIG:-release}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18887

echo "== seeding the heavy user: 5 goals, 3 years of daily progress each ($CONFIG build)"
run seed-bench --expired 0 --heavy 0 >/dev/null
start_server
heavy="$(token bench-heavy@example.org)"
id="$(curl -fs "$url/api/v1/me" -H "Authorization: Bearer $heavy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
overview="$url/api/v1/users/$id/goals/overview"
curl -fs "$overview" -H "Authorization: Bearer $heavy" | python3 -c '
import json, sys
o = json.load(sys.stdin)
print("== overview:", len(o["goals"]), "goals, streaks", [g["streak"] for g in o["goals"]],
      "; activity weeks", len(o["activities"]))'

# The first read after a change builds the overview from the database; the reads after it, until
# the next change, come from the access cache. A refused change (an empty goal, 422) changes
# nothing and empties the cache all the same.
cold() {
    curl -s -o /dev/null -X POST "$url/api/v1/users/$id/goals" -H "Authorization: Bearer $heavy" \
        -H 'Content-Type: application/json' -d '{}'
    curl -fs -o /dev/null -w '%{time_total}' "$overview" -H "Authorization: Bearer $heavy" | awk '{ printf "%.1f", $1 * 1000 }'
}
colds="$(cold) ms, $(cold) ms, $(cold) ms"
echo "== /healthz (baseline), then the overview, ${WINDOW}s each at 1 connection"
wrk -t1 -c1 -d"${WINDOW}s" --latency "$url/healthz" >"$data/base.txt"
wrk -t1 -c1 -d"${WINDOW}s" --latency -H "Authorization: Bearer $heavy" "$overview" >"$data/overview.txt"
base50=$(ms "$data/base.txt" 50%)
p50=$(ms "$data/overview.txt" 50%)
cat <<REPORT

Goal overview benchmark ($CONFIG build, $(nproc) cores)
  /healthz (baseline):  p50 ${base50} ms, p99 $(ms "$data/base.txt" 99%) ms, $(rps "$data/base.txt") req/s
  goal overview:        p50 ${p50} ms, p99 $(ms "$data/overview.txt" 99%) ms, $(rps "$data/overview.txt") req/s
  ratio p50:            $(echo "scale=1; $p50 / $base50" | bc)
  built anew (the first read after a change, 3 times): ${colds}
  target p50 < 20 ms:   $(echo "$p50 < 20" | bc | sed 's/1/met/; s/0/NOT met/')
REPORT
