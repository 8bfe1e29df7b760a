#!/usr/bin/env bash
# Lambda proxy throughput: gw serve with warm local workers vs serverless-offline, the same two
# handlers (Node.js GET /hello, Python GET /hello-py), one after the other on this machine.
# Budget (DESIGN.md §8): gw >= 3x serverless-offline's req/s; p50 < 1 ms, p99 < 5 ms at 50 conns.
# Usage: bench/lambda.sh [--quick]   Env: WRK_DUR (10s), WRK_CONN (50), GW_BIN, GW_THREADS (64).
# gw runs with more request threads than wrk has connections (cpp-httplib serves one connection
# per thread: with fewer, the extra connections would wait unserved and the latencies would only
# describe the served ones). Each gw scenario is measured twice: `_first` includes the workers'
# cold starts, the second run is warm. serverless-offline's script (../shared/bench/sls.sh)
# measures once, from cold.
# Loopback only; every load is bounded by wrk -d and a hard timeout; servers are stopped by PID.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARED="${GW_SHARED_DIR:-$ROOT/../shared}"
[ "${1:-}" = "--quick" ] && export WRK_DUR="${WRK_DUR:-3s}"
. "$SHARED/bench/lib.sh"
need wrk wrk; need curl curl
GW="${GW_BIN:-$ROOT/build/gw}"
[ -x "$GW" ] || die "no gw binary at $GW: run ./dev build"
trap 'stop_bg "${BG_PID:-}"' EXIT INT TERM

P=18190
echo "== gw serve, Lambda proxy (warm local workers)"
start_bg "$RESULTS_DIR/gw-lambda.log" "$GW" serve "$HERE/lambda/api.yaml" --port "$P" \
  --threads "${GW_THREADS:-64}" --no-watch
ms=$(wait_http "http://127.0.0.1:$P/dev/hello" 30) || die "gw did not start"
record gw lambda startup_to_200 "$ms" ms
wrk_run gw lambda_node_first "http://127.0.0.1:$P/dev/hello"
wrk_run gw lambda_node "http://127.0.0.1:$P/dev/hello"
wrk_run gw lambda_python_first "http://127.0.0.1:$P/dev/hello-py"
wrk_run gw lambda_python "http://127.0.0.1:$P/dev/hello-py"
record gw lambda rss_after_load "$(tree_rss_kb "$BG_PID")" KiB
stop_bg "$BG_PID"; BG_PID=

if [ -x "$PEER_HOME/sls/node_modules/.bin/serverless" ]; then
  echo "== serverless-offline"
  SLS_HTTP_PORT=$((P + 1)) bash "$SHARED/bench/sls.sh" >/dev/null 2>&1 || echo "  (serverless-offline run failed)"
else
  echo "== serverless-offline not installed ($SHARED/bench/install.sh): gw numbers only"
fi

val() { awk -F'\t' -v t="$1" -v s="$2" -v m="$3" '$1==t && $2==s && $3==m {v=$4} END{print v}' "$SUMMARY_TSV"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
echo
printf '%-40s %10s %9s %9s %8s\n' "server / scenario" "req/s" "p50 ms" "p99 ms" "errors"
for row in "gw lambda_node_first" "gw lambda_node" "serverless-offline hello_node" \
           "gw lambda_python_first" "gw lambda_python" "serverless-offline hello_python"; do
  set -- $row
  r=$(val "$1" "$2" rps); [ -n "$r" ] || continue
  printf '%-40s %10s %9s %9s %8s\n' "$1 / $2" "$r" "$(val "$1" "$2" lat_p50)" \
    "$(val "$1" "$2" lat_p99)" "$(val "$1" "$2" errors)"
done
echo
echo "gw / serverless-offline, Node   = $(ratio "$(val gw lambda_node rps)" "$(val serverless-offline hello_node rps)")  (budget >= 3)"
echo "gw / serverless-offline, Python = $(ratio "$(val gw lambda_python rps)" "$(val serverless-offline hello_python rps)")  (budget >= 3)"
