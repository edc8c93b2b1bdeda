#!/usr/bin/env bash
# Benchmarks reminders: 100,000 reminders due within the same 10 minutes across 5,000 children (a
# minute before each activity, and its start: they fall due together at whole minutes, as at
# 08:00 everywhere), 500 of the children with a tablet's socket open. Prints how many were
# delivered and the lag from due to delivered (p50/p99/max) for all of them as the server marked
# them, and from due to the frame on the sockets; and the same for 100 reminders due in a quiet
# minute before, as the baseline, with the ratio. Target: all delivered, p99 lag < 2 s.
#   USERS=5000 COUNT=100000 WINDOW_SECONDS=600 SAMPLE=500 CONFIG=release scripts/bench-reminders.sh
set -euo pipefail

USERS="${USERS:-5000}"
COUNT="${COUNT:-100000}"
WINDOW_SECONDS="${WINDOW_SECONDS:-600}"
SAMPLE="${SAMPLE:-500}"
LEAD="${LEAD:-180}"
CONFIG="${CONFIG:-release}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 19097
scripts/install-deps.sh all >/dev/null  # the venv with the WebSocket client
ulimit -n "$(ulimit -Hn)"

echo "== seeding $USERS children, $COUNT reminders within $WINDOW_SECONDS s, $SAMPLE tablets ($CONFIG build)"
run bench-reminders seed --users "$USERS" --reminders "$COUNT" --window "$WINDOW_SECONDS" --lead "$LEAD" \
    --sample "$SAMPLE" --tokens "$data/tokens.txt"
read -r _ burst last _ quiet < <(head -n 1 "$data/tokens.txt")
start_server
echo "== server up; the quiet minute is due in $((quiet - $(date +%s))) s, the burst ends in $((last - $(date +%s))) s"
.venv/bin/python scripts/bench-reminders.py "$url" "$server" "$data/tokens.txt"
echo "== as the server marked them"
run bench-reminders report --quiet "$quiet" --burst "$burst" | tee "$data/report.txt"
expected=$((COUNT))
delivered="$(awk '/^burst/ { print $4 }' "$data/report.txt")"
p99="$(awk '/^burst/ { for (i = 1; i < NF; i++) if ($i == "p99") print $(i + 1) }' "$data/report.txt")"
if [ "$delivered" = "$expected" ] && awk -v p="$p99" 'BEGIN { exit !(p < 2) }'; then
    echo "target: all $expected delivered with p99 lag < 2 s: met"
else
    echo "target: all $expected delivered with p99 lag < 2 s: NOT met"
    exit 1
fi
