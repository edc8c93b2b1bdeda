#!/usr/bin/env bash
# Benchmarks pictures on one machine, against a baseline measured in the same run:
#  1. uploads of 12-megapixel JPEGs (noise, harder than a photo) one after another, the server
#     pinned to one core: seconds per upload and pictures per second, with the guard against
#     sensitive pictures off (the baseline) and on;
#  2. serving a thumbnail (permission check, access log, file read) under wrk, against /healthz
#     of the same server: requests per second, p50 and p99;
#  3. the server's peak memory during 4 uploads at once;
#  4. the guard against sensitive pictures: 12 MP uploads one after another with the guard off
#     (the baseline) and on, the server on all cores, p50 of each: photos without text (noise)
#     and photos of a note with everyday text (read, nothing held).
# Targets (from the pictures issues): < 1.5 s per 12 MP upload on one core; thumbnails at >= 50 %
# of the /healthz rate; < 400 MB peak during 4 parallel uploads; p50 < 1.5 s with the guard.
# Speed is measured on the release build (CONFIG=debug for a quick look).
#   UPLOADS=6 WINDOW=8 CONFIG=release scripts/bench-pictures.sh
set -euo pipefail

UPLOADS="${UPLOADS:-6}"
GUARDED="${GUARDED:-8}"
CONFIG="${CONFIG:-release}"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh" 18877

echo "== making $((2 * UPLOADS + 5 + 2 * GUARDED)) distinct 12 MP JPEGs, $((2 * GUARDED + 3)) notes and a planner with a child ($CONFIG build)"
run seed-bench --photos $((2 * UPLOADS + 5 + 2 * GUARDED)) --notes $((2 * GUARDED + 3)) --photo-dir "$data/photos" >/dev/null
child="$(run seed-bench --expired 0 --heavy 0 | sed -n 's/^child=//p')"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
# `Expect:` off: curl otherwise waits a second for a "100 Continue" before sending a large body,
# which browsers and the apps never ask for.
upload() {
    curl -fs -X POST "$url/api/v1/users/$child/pictures" -H "Authorization: Bearer $token" -H "Expect:" \
        -F "file=@$1;type=image/jpeg" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# UPLOADS uploads one after another, from photo FIRST on: one_by_one FIRST VARIABLE (seconds).
one_by_one() {
    local start
    start=$(date +%s.%N)
    for i in $(seq "$1" $(($1 + UPLOADS - 1))); do picture="$(upload "$data/photos/photo-$i.jpg")"; done
    printf -v "$2" '%s' "$(echo "$(date +%s.%N) - $start" | bc)"
}
echo "== $UPLOADS uploads one after another, the guard off then on (server on ${pin[*]:-all cores})"
start_server "${pin[@]}" env PICTURE_GUARD=false
token="$(token bench-planner@example.org)"
one_by_one $((UPLOADS + 5 + 2 * GUARDED)) baseline_seconds
kill "$server"; wait "$server" 2>/dev/null || true
start_server "${pin[@]}"
token="$(token bench-planner@example.org)"
upload "$data/photos/note-$((2 * GUARDED + 2)).jpg" >/dev/null  # the first reading loads the languages
one_by_one 0 upload_seconds

echo "== 4 uploads at once"
rss_before=$(rss)
peak=$rss_before
pids=()
for i in $(seq "$UPLOADS" $((UPLOADS + 3))); do upload "$data/photos/photo-$i.jpg" >/dev/null & pids+=($!); done
while kill -0 "${pids[@]}" 2>/dev/null; do now=$(rss); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.05; done
wait "${pids[@]}"

echo "== serving: /healthz, then a thumbnail, ${WINDOW}s each"
wrk -t2 -c16 -d"${WINDOW}s" --latency "$url/healthz" >"$data/health.txt"
wrk -t2 -c16 -d"${WINDOW}s" --latency -H "Authorization: Bearer $token" "$url/api/v1/pictures/$picture?size=thumb" >"$data/thumb.txt"

# The guard: one upload at a time, each answer's time from curl; the same server, restarted.
timed() { curl -fs -o /dev/null -w '%{time_total}\n' -X POST "$url/api/v1/users/$child/pictures" -H "Authorization: Bearer $token" \
    -H "Expect:" -F "file=@$1;type=image/jpeg"; }
p50() { python3 -c 'import statistics,sys; print("%.2f" % statistics.median(float(x) for x in sys.stdin))'; }
guarded() {  # guarded true|false FIRST WARMUP: p50 of the photos and of the notes, from FIRST on
    kill "$server"; wait "$server" 2>/dev/null || true
    start_server env PICTURE_GUARD="$1"
    token="$(token bench-planner@example.org)"
    timed "$data/photos/note-$3.jpg" >/dev/null  # the first reading loads the languages
    for i in $(seq "$2" $(($2 + GUARDED - 1))); do timed "$data/photos/photo-$((UPLOADS + 5 + i)).jpg"; done | p50
    for i in $(seq "$2" $(($2 + GUARDED - 1))); do timed "$data/photos/note-$i.jpg"; done | p50
}
echo "== the guard: $GUARDED photos and $GUARDED notes, off then on (server on all cores)"
guarded false 0 $((2 * GUARDED)) >"$data/guard-off.txt"
guarded true "$GUARDED" $((2 * GUARDED + 1)) >"$data/guard-on.txt"
{ read -r off_photo; read -r off_note; } <"$data/guard-off.txt"
{ read -r on_photo; read -r on_note; } <"$data/guard-on.txt"

cat <<REPORT

Pictures benchmark ($CONFIG build, server on ${pin[*]:-all cores})
  12 MP upload:        $(echo "scale=2; $upload_seconds / $UPLOADS" | bc) s each, $(echo "scale=2; $UPLOADS / $upload_seconds" | bc) pictures/s (target < 1.5 s)
                       guard off: $(echo "scale=2; $baseline_seconds / $UPLOADS" | bc) s each (ratio on/off $(echo "scale=2; $upload_seconds / $baseline_seconds" | bc))
  /healthz:            $(rps "$data/health.txt") req/s, p50 $(ms "$data/health.txt" 50%) ms, p99 $(ms "$data/health.txt" 99%) ms
  thumbnail:           $(rps "$data/thumb.txt") req/s, p50 $(ms "$data/thumb.txt" 50%) ms, p99 $(ms "$data/thumb.txt" 99%) ms
  thumbnail / healthz: $(echo "scale=2; $(rps "$data/thumb.txt") / $(rps "$data/health.txt")" | bc) (target >= 0.5)
  4 parallel uploads:  peak resident $(( peak / 1024 )) MB (before: $(( rss_before / 1024 )) MB; target < 400 MB)
  12 MP photo, p50:    guard off $off_photo s, on $on_photo s (ratio $(echo "scale=2; $on_photo / $off_photo" | bc); target < 1.5 s with it)
  12 MP note, p50:     guard off $off_note s, on $on_note s (ratio $(echo "scale=2; $on_note / $off_note" | bc); text read, nothing held)
REPORT
