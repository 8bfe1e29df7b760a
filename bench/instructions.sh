#!/usr/bin/env bash
# Instructions `gw serve` spends per mock request, counted by valgrind's callgrind: repeatable
# for the same binary and inputs whatever else the machine does (wrk's req/s on this shared
# 2-core machine moves by 15% run to run). Each configuration is counted answering N requests
# on one keep-alive connection and answering none; the difference over N is per request.
#   plain     gw serve with the unthrottled account (bench/unthrottled.yaml)
#   observed  + a JSON access log per request and detailed metrics (bench/observed.yaml)
#             + --admin-port (the dashboard's history)
# Issue 21's budget: observed costs under 5% more than plain.
# Usage: bench/instructions.sh [N]   (default 2000; needs valgrind)   Loopback only.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARED="${GW_SHARED_DIR:-$ROOT/../shared}"
GW="${GW_BIN:-$ROOT/build/gw}"
N="${1:-2000}"
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
[ -x "$GW" ] || { echo "no gw binary at $GW: run ./dev build" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

count() {  # count REQUESTS ARGS... -> instructions of the whole run
  local n="$1"; shift
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$GW" serve \
    "$SHARED/bench/hello.yaml" --port "$port" --no-watch --threads 2 "$@" >/dev/null 2>&1 &
  local pid=$!
  timeout 300 python3 - "$port" "$n" <<'PY'
import http.client, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
deadline = time.time() + 120
while True:  # valgrind starts slowly: wait for the port, bounded
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("GET", "/local/hello"); c.getresponse().read()
        break
    except OSError:
        if time.time() > deadline:
            raise
        time.sleep(0.2)
for _ in range(n):
    c.request("GET", "/local/hello"); c.getresponse().read()
c.close()
PY
  kill -TERM "$pid"; wait "$pid" || true
  awk '/^summary:/ {print $2}' "$WORK/cg.out"
}

per_request() {  # per_request ARGS... -> instructions per request
  local many none
  many=$(count "$N" "$@"); none=$(count 0 "$@")
  echo $(( (many - none) / N ))
}

plain=$(per_request --config "$HERE/unthrottled.yaml")
observed=$(per_request --config "$HERE/observed.yaml" --admin-port 0)
echo "instructions per mock request: plain $plain, observed $observed"
awk -v p="$plain" -v o="$observed" 'BEGIN{printf "observed / plain = %.3f (budget <= 1.05)\n", o/p}'
