#!/usr/bin/env bash
# Fuzzes a running Mobilize server against its contract, openapi.yaml, with Schemathesis.
#
#   MOBILIZE_URL  the server's base URL                      (default http://127.0.0.1:8080)
#   VENV          a virtualenv with Tests/requirements.txt   (default .venv in the repository)
#   MAX_EXAMPLES  test cases per operation and phase         (default 25)
#   TIME_LIMIT    hard limit in seconds for each run         (default 900: a guard against a hang,
#                 generous enough for a machine busy with other work)
#   REPORT_DIR    where the JUnit report goes                (default: a fresh temporary folder)
#   SEED          Schemathesis seed, to repeat a run         (default: random, printed)
#
# Steps: validate openapi.yaml; register a fresh account, sign in and create one child user
# with curl; check that the server serves this openapi.yaml; run Schemathesis with the
# account's bearer token (checks not_a_server_error and response_schema_conformance) on every
# operation except the two that can end the session; check that the session survived; then
# fuzz those two operations and check that signing out really ends the session.
# Prints a summary and exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOBILIZE_URL="${MOBILIZE_URL:-http://127.0.0.1:8080}"
MOBILIZE_URL="${MOBILIZE_URL%/}"
VENV="${VENV:-.venv}"
MAX_EXAMPLES="${MAX_EXAMPLES:-25}"
TIME_LIMIT="${TIME_LIMIT:-900}"
SEED="${SEED:-$RANDOM}"

# A relative VENV is taken from the current folder when it exists there, else from the repository.
case "$VENV" in
  /*) ;;
  *) if [ -d "$PWD/$VENV" ]; then VENV="$PWD/$VENV"; else VENV="$ROOT/$VENV"; fi ;;
esac
PY="$VENV/bin/python"
ST="$VENV/bin/schemathesis"
for tool in "$PY" "$ST"; do
  if [ ! -x "$tool" ]; then
    echo "schemathesis.sh: $tool not found; create the venv with:" >&2
    echo "  python3 -m venv $VENV && $VENV/bin/pip install -r $ROOT/Tests/requirements.txt" >&2
    exit 2
  fi
done
command -v curl >/dev/null || { echo "schemathesis.sh: curl is needed" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
REPORT_DIR="${REPORT_DIR:-$(mktemp -d)}"
mkdir -p "$REPORT_DIR"

say() { printf '==> %s\n' "$*"; }
die() { printf 'schemathesis.sh: %s\n' "$*" >&2; exit 1; }

# json_get FILE KEY.PATH -> prints the value at the dotted path of the JSON in FILE.
json_get() {
  "$PY" - "$1" "$2" <<'PY'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value[key]
print(value)
PY
}

# api METHOD PATH [JSON] [TOKEN] -> sets STATUS, body in $WORK/body, headers in $WORK/headers.
# A 429 is retried after its Retry-After (at most 60 s, three times), since sign-in is rate-limited
# per client address and an earlier run may still count.
api() {
  local method="$1" path="$2" data="${3:-}" token="${4:-}" attempt wait
  local args=(-sS -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}'
              -H 'Accept: application/json')
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  for attempt in 1 2 3 4; do
    STATUS="$(curl "${args[@]}" "$MOBILIZE_URL$path")" || die "$method $path: no answer from $MOBILIZE_URL"
    [ "$STATUS" = 429 ] && [ "$attempt" -lt 4 ] || return 0
    wait="$(tr -d '\r' <"$WORK/headers" | awk 'tolower($1)=="retry-after:" {print $2}')"
    case "$wait" in ''|*[!0-9]*) wait=5 ;; esac
    [ "$wait" -gt 60 ] && wait=60
    say "$method $path answered 429; waiting ${wait}s"
    sleep "$wait"
  done
}

expect() { # expect STATUS WHAT
  [ "$STATUS" = "$1" ] || die "$2: expected HTTP $1, got $STATUS: $(head -c 1000 "$WORK/body")"
}

say "validating openapi.yaml"
"$PY" -m openapi_spec_validator "$ROOT/openapi.yaml"

say "waiting for $MOBILIZE_URL/healthz"
for _ in $(seq 1 30); do
  curl -fsS -o /dev/null "$MOBILIZE_URL/healthz" 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null "$MOBILIZE_URL/healthz" || die "the server at $MOBILIZE_URL does not answer /healthz"

say "registering a fresh account"
EMAIL="schemathesis-$(date +%s)-$$-$RANDOM@example.com"
PASSWORD="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')"
api POST /api/v1/auth/register \
  "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"Schemathesis\",\"locale\":\"en\"}"
expect 201 "register $EMAIL"

say "signing in"
api POST /api/v1/auth/login \
  "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"deviceName\":\"schemathesis\"}"
expect 200 "login $EMAIL"
TOKEN="$(json_get "$WORK/body" token)"
OWN_ID="$(json_get "$WORK/body" user.id)"
[ -n "$TOKEN" ] || die "login answered no token"

say "creating a child user"
api POST /api/v1/users \
  '{"name":"Schemathesis child","app":"me","timeZone":"Europe/Copenhagen","birthYear":2018,"locale":"en"}' \
  "$TOKEN"
expect 201 "create child user"
CHILD_ID="$(json_get "$WORK/body" id)"
say "account $OWN_ID, child $CHILD_ID, seed $SEED"

# Half of the generated user ids are the real child, and half of the planner ids the account
# itself, so that user-scoped operations reach their handlers and not only 404. Some generated
# emails and passwords are the account's, so that login sometimes succeeds and register meets a
# taken address. (The password is never used for currentPassword, so it stays valid.)
cat >"$WORK/schemathesis.toml" <<TOML
[cache]
enabled = false

[dictionaries.known-users]
values = ["$CHILD_ID"]

[dictionaries.known-planners]
values = ["$OWN_ID"]

[dictionaries.known-emails]
values = ["$EMAIL"]

[dictionaries.known-passwords]
values = ["$PASSWORD"]

[parameters]
"path.userId" = { dictionary = "known-users", probability = 0.5 }
"path.plannerId" = { dictionary = "known-planners", probability = 0.5 }
"body.email" = { dictionary = "known-emails", probability = 0.3 }
"body.password" = { dictionary = "known-passwords", probability = 0.5 }
TOML

# run_schemathesis NAME ARGS... -> runs Schemathesis against the served contract.
run_schemathesis() {
  local name="$1"; shift
  (
    cd "$WORK"
    timeout --kill-after=10 "$TIME_LIMIT" \
      "$ST" --config-file "$WORK/schemathesis.toml" --no-color run "$MOBILIZE_URL/api/openapi.yaml" \
        --url "$MOBILIZE_URL" \
        -H "Authorization: Bearer $TOKEN" \
        --checks not_a_server_error,response_schema_conformance \
        --max-examples "$MAX_EXAMPLES" \
        --generation-with-security-parameters false \
        --generation-database none \
        --seed "$SEED" \
        --request-timeout 10 \
        --report junit --report-junit-path "$REPORT_DIR/$name.xml" \
        "$@"
  )
}

FAILED=0
# outcome NAME EXIT -> a word for the summary.
outcome() {
  case "$2" in
    0) echo passed ;;
    124|137) echo "failed: stopped after ${TIME_LIMIT}s" ;;
    *) echo "failed (exit $2)" ;;
  esac
}

# Schemathesis leaves out the operation that serves the document it loaded, so check that one here:
# the server must serve this repository's openapi.yaml, as YAML.
say "checking that the server serves this openapi.yaml"
SERVED_TYPE="$(curl -sS -o "$WORK/served.yaml" -w '%{http_code} %{content_type}' "$MOBILIZE_URL/api/openapi.yaml")"
if "$PY" - "$ROOT/openapi.yaml" "$WORK/served.yaml" "$SERVED_TYPE" <<'PY'
import sys, yaml
ours, served, answer = sys.argv[1], sys.argv[2], sys.argv[3]
status, _, ctype = answer.partition(" ")
problems = []
if status != "200":
    problems.append(f"status {status}")
if not ctype.startswith("application/yaml"):
    problems.append(f"Content-Type {ctype!r}, not application/yaml")
try:
    if yaml.safe_load(open(served, encoding="utf-8")) != yaml.safe_load(open(ours, encoding="utf-8")):
        problems.append("the document differs from openapi.yaml")
except Exception as error:
    problems.append(f"unreadable document: {error}")
if problems:
    print("GET /api/openapi.yaml: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
PY
then
  SERVED=yes
else
  SERVED=no
  FAILED=1
fi

# Operations that restrict the account or end all its sessions run after the main run.
ENDING_OPS=(withdrawConsent restrictUser requestDeletion requestMyDeletion)

say "Schemathesis: every operation but logout, ending own sessions and restricting the account"
rc=0
exclude_ending=()
for op in "${ENDING_OPS[@]}"; do exclude_ending+=(--exclude-operation-id "$op"); done
run_schemathesis main \
  --exclude-path /api/v1/auth/logout \
  --exclude-operation-id revokeSession "${exclude_ending[@]}" || rc=$?
MAIN="$(outcome main "$rc")"
[ "$rc" -eq 0 ] || FAILED=1

say "checking that the session survived the run"
api GET /api/v1/me "" "$TOKEN"
if [ "$STATUS" = 200 ]; then
  SURVIVED=yes
else
  SURVIVED="no (GET /api/v1/me answered $STATUS)"
  FAILED=1
fi

say "Schemathesis: ending own sessions, then logout"
rc=0
run_schemathesis revoke-session --include-operation-id revokeSession --phases examples,coverage,fuzzing || rc=$?
REVOKE="$(outcome revoke-session "$rc")"
[ "$rc" -eq 0 ] || FAILED=1
rc=0
include_ending=()
for op in "${ENDING_OPS[@]}"; do include_ending+=(--include-operation-id "$op"); done
run_schemathesis restricting "${include_ending[@]}" --phases examples,coverage,fuzzing || rc=$?
RESTRICTING="$(outcome restricting "$rc")"
[ "$rc" -eq 0 ] || FAILED=1
rc=0
run_schemathesis logout --include-path /api/v1/auth/logout --phases examples,coverage,fuzzing || rc=$?
LOGOUT="$(outcome logout "$rc")"
[ "$rc" -eq 0 ] || FAILED=1

say "checking that signing out ends the session"
api POST /api/v1/auth/logout "" "$TOKEN"
LOGOUT_STATUS="$STATUS"
api GET /api/v1/me "" "$TOKEN"
if [ "$LOGOUT_STATUS" != 204 ] && [ "$LOGOUT_STATUS" != 401 ]; then
  ENDED="no (POST /api/v1/auth/logout answered $LOGOUT_STATUS)"
  FAILED=1
elif [ "$STATUS" = 401 ]; then
  ENDED=yes
else
  ENDED="no (GET /api/v1/me answered $STATUS after logout)"
  FAILED=1
fi

cat <<SUMMARY

Schemathesis summary ($("$ST" --version 2>/dev/null), $MOBILIZE_URL)
  served contract is openapi.yaml:    $SERVED
  all but logout and revokeSession:   $MAIN
  the session survived that run:      $SURVIVED
  revokeSession:                      $REVOKE
  restricting and erasure requests:   $RESTRICTING
  logout:                             $LOGOUT
  logout ended the session:           $ENDED
  JUnit reports:                      $REPORT_DIR
  seed:                               $SEED
SUMMARY
if [ "$FAILED" -ne 0 ]; then
  echo "schemathesis.sh: FAILED" >&2
  exit 1
fi
echo "schemathesis.sh: all passed"
