#!/usr/bin/env bash
# Authorizer costs. (1) In process, from the skipped benchmark cases of gw_core_tests: a request
# with a cached Lambda authorizer result beside the bare mock path, and JWT RS256 verifications
# per second on one core. (2) Through `gw serve` under wrk: the same mock method open and behind
# a cached Lambda TOKEN authorizer (budget, issue 5: under +10% latency).
# Usage: bench/auth.sh          Env: BUILD (build/), WRK_DUR (5s), WRK_CONN (50).
# Loopback only; loads are bounded by wrk -d and a hard timeout; the server is stopped by PID.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
TESTS="$BUILD/tests/gw_core_tests"
[ -x "$TESTS" ] || { echo "no $TESTS: run ./dev build" >&2; exit 2; }
echo "-- in process"
timeout 300 "$TESTS" -ts="gw::auth bench" --no-skip | grep -E "us/request|tokens/s"
command -v wrk >/dev/null || { echo "(wrk not installed: no end-to-end numbers)"; exit 0; }
PORT=18333
"$BUILD/gw" serve "$ROOT/bench/auth/api.yaml" --port "$PORT" --no-watch >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/dev/open" >/dev/null && break; sleep 0.1; done
curl -fs -H "Authorization: Bearer x" "http://127.0.0.1:$PORT/dev/secured" >/dev/null  # caches
echo "-- through gw serve (wrk -c${WRK_CONN:-50} -d${WRK_DUR:-5s})"
for path in open secured; do
  printf '%-8s ' "$path"
  timeout 60 wrk -t2 -c"${WRK_CONN:-50}" -d"${WRK_DUR:-5s}" --latency -H "Authorization: Bearer x" \
    "http://127.0.0.1:$PORT/dev/$path" | awk '/Requests\/sec/ {r=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
      END {printf "%s req/s, p50 %s, p99 %s\n", r, p50, p99}'
done
