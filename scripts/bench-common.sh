# Shared by the benchmark scripts: builds the server, makes a throwaway data folder and port,
# stops everything on exit, and reads wrk's report.  Sourced as: . bench-common.sh FIRST_PORT
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
CONFIG="${CONFIG:-debug}"
WINDOW="${WINDOW:-8}"
export PATH="$PATH:/opt/swift/usr/bin"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c "$CONFIG" >/dev/null
bin="$(swift build -c "$CONFIG" --show-bin-path)/mobilize"

data="$(mktemp -d)"
port="${1:-18777}"
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
url="http://127.0.0.1:$port"
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT

# A mobilize command on the benchmark's data.
run() { env DATA_DIR="$data" PUBLIC_URL="$url" BACKGROUND_JOBS=false LOG_LEVEL="${RUN_LOG_LEVEL:-warning}" "$bin" "$@"; }

# Starts the server (prefixed by "$@", e.g. taskset) so that $server is its own process id.
start_server() {
    env DATA_DIR="$data" PUBLIC_URL="$url" BACKGROUND_JOBS=false LOG_LEVEL=warning "$@" "$bin" serve \
        --hostname 127.0.0.1 --port "$port" >"$data/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do curl -fs "$url/readyz" >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "the server did not get ready; the last lines of its log:" >&2
    tail -n 20 "$data/server.log" >&2
    exit 1
}

# A session token for a seeded account.
token() {
    curl -fs -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"bench-password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }

# A latency percentile of a wrk --latency report, in milliseconds: ms FILE 99%
ms() { awk -v q="$2" '$1 == q { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }' "$1"; }
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
