#!/usr/bin/env bash
# Benchmarks the live channel: 100 children's tablets hold their socket open while their planner
# changes their plans one after another; each change is timed until the child's tablet, told by
# its socket, has read its day again and shows it, against the tablet reading its day alone
# (baseline, same run). Target (from the plans issue): a tablet updates within a second.
#   USERS=100 CHANGES=200 CONFIG=debug scripts/bench-realtime.sh
set -euo pipefail

USERS="${USERS:-100}"
CHANGES="${CHANGES:-200}"
CONFIG="${CONFIG:-debug}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18987
scripts/install-deps.sh all >/dev/null  # the venv with the WebSocket client

echo "== seeding $USERS children ($CONFIG build)"
run bench-plan seed --users "$USERS" --activities 3 --ids "$data/users.txt" >/dev/null
start_server
.venv/bin/python scripts/bench-realtime.py "$url" "$(token plan-planner@example.org)" "$data/users.txt" "$CHANGES"
echo "== server memory: $(( $(rss) / 1024 )) MB resident with $USERS sockets open"
