#!/usr/bin/env bash
# Benchmarks chat: 200 sockets in 20 circle conversations (10 members each) while messages go out
# at a fixed total rate for 30 s; prints messages/s delivered to members, p50/p99/max latency from
# the send to each member's socket, the server's peak memory, and the same for a plain WebSocket
# echo (ping/pong) on the same server and sockets as the floor; then 10,000 idle sockets and the
# server's memory with them. Targets: 2,000 messages/s delivered, p99 < 50 ms; 10,000 idle
# connections in < 300 MB.
#   CIRCLES=20 MEMBERS=10 RATE=200 DURATION=30 IDLE=10000 CONFIG=release scripts/bench-chat.sh
set -euo pipefail

CIRCLES="${CIRCLES:-20}"
MEMBERS="${MEMBERS:-10}"
RATE="${RATE:-200}"
DURATION="${DURATION:-30}"
IDLE="${IDLE:-10000}"
CONFIG="${CONFIG:-release}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18997
scripts/install-deps.sh all >/dev/null  # the venv with the WebSocket client
# Sockets are file descriptors: the server and the client each hold one a connection.
ulimit -n "$(ulimit -Hn)"

echo "== seeding $CIRCLES circles of $MEMBERS and $IDLE idle people ($CONFIG build)"
run bench-chat seed --circles "$CIRCLES" --members "$MEMBERS" --idle "$IDLE" --tokens "$data/tokens.txt" >/dev/null
# Each member sends RATE / (CIRCLES * MEMBERS) messages a second: above the everyday limit of 60 a minute.
export CHAT_MESSAGES_PER_MINUTE=10000
start_server
.venv/bin/python /tmp/bench-chat-probe.py "$url" "$server" "$data/tokens.txt" "$RATE" "$DURATION" || true; cp "$data/server.log" /tmp/probe-server.log; exit 0
