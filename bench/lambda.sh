#!/usr/bin/env bash
# Lambda proxy throughput: gw serve with warm local workers vs serverless-offline, the same two
# handlers (Node.js GET /hello, Python GET /hello-py), one after the other on this machine.
# Budget (issue 15): in each of PAIRS (5) same-run pairs gw >= 3x serverless-offline's req/s
# for Python and >= 4x for Node; a warm Python invocation at one connection p50 < 0.15 ms.
# Usage: bench/lambda.sh [--quick]   Env: WRK_DUR (10s), WRK_CONN (50), GW_BIN, GW_THREADS (64).
# Both servers run side by side and the loads alternate, so each pair shares the machine's
# state. `_first` runs include cold starts and are not paired.
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
PAIRS="${PAIRS:-5}"
SLS="$PEER_HOME/sls"
echo "== gw serve, Lambda proxy (warm local workers)"
start_bg "$RESULTS_DIR/gw-lambda.log" "$GW" serve "$HERE/lambda/api.yaml" --port "$P" \
  --threads "${GW_THREADS:-64}" --no-watch
GW_PID="$BG_PID"
ms=$(wait_http "http://127.0.0.1:$P/dev/hello" 30) || die "gw did not start"
record gw lambda startup_to_200 "$ms" ms
wrk_run gw lambda_node_first "http://127.0.0.1:$P/dev/hello"
wrk_run gw lambda_python_first "http://127.0.0.1:$P/dev/hello-py"
# One connection, warm: the cost of one invocation (budget: Python p50 under 0.15 ms).
WRK_CONN=1 WRK_THREADS=1 wrk_run gw lambda_python_c1 "http://127.0.0.1:$P/dev/hello-py"
WRK_CONN=1 WRK_THREADS=1 wrk_run gw lambda_node_c1 "http://127.0.0.1:$P/dev/hello"
SLS_PID=
if [ -x "$SLS/node_modules/.bin/serverless" ]; then
  echo "== serverless-offline beside it: $PAIRS same-run pairs, alternating"
  export SLS_HTTP_PORT=$((P + 1)) SLS_LAMBDA_PORT=$((P + 2)) SLS_WS_PORT=$((P + 3))
  BG_PID=
  (cd "$SLS" && start_bg "$RESULTS_DIR/sls.log" node node_modules/.bin/serverless offline start --noSponsor
   echo "$BG_PID" > "$RESULTS_DIR/sls.pid"; wait_http "http://127.0.0.1:$SLS_HTTP_PORT/hello" 90 >/dev/null) ||
    echo "  (serverless-offline did not start: see $RESULTS_DIR/sls.log)"
  SLS_PID=$(cat "$RESULTS_DIR/sls.pid" 2>/dev/null)
  SLS_URL="http://127.0.0.1:$SLS_HTTP_PORT"
  wrk_run serverless-offline hello_node_first "$SLS_URL/hello"
  wrk_run serverless-offline hello_python_first "$SLS_URL/hello-py"
else
  echo "== serverless-offline not installed ($SHARED/bench/install.sh): gw numbers only"
fi
for i in $(seq "$PAIRS"); do
  wrk_run gw "lambda_node_$i" "http://127.0.0.1:$P/dev/hello"
  [ -n "$SLS_PID" ] && wrk_run serverless-offline "hello_node_$i" "$SLS_URL/hello"
  wrk_run gw "lambda_python_$i" "http://127.0.0.1:$P/dev/hello-py"
  [ -n "$SLS_PID" ] && wrk_run serverless-offline "hello_python_$i" "$SLS_URL/hello-py"
done
record gw lambda rss_after_load "$(tree_rss_kb "$GW_PID")" KiB
[ -n "$SLS_PID" ] && record serverless-offline hello rss_after_load "$(tree_rss_kb "$SLS_PID")" KiB
stop_bg "$SLS_PID"
stop_bg "$GW_PID"; BG_PID=

val() { awk -F'\t' -v t="$1" -v s="$2" -v m="$3" '$1==t && $2==s && $3==m {v=$4} END{print v}' "$SUMMARY_TSV"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
echo
printf '%-40s %10s %9s %9s %8s\n' "server / scenario" "req/s" "p50 ms" "p99 ms" "errors"
rows=("gw lambda_node_first" "gw lambda_python_first" "gw lambda_python_c1" "gw lambda_node_c1")
for i in $(seq "$PAIRS"); do
  rows+=("gw lambda_node_$i" "serverless-offline hello_node_$i" "gw lambda_python_$i" "serverless-offline hello_python_$i")
done
for row in "${rows[@]}"; do
  set -- $row
  r=$(val "$1" "$2" rps); [ -n "$r" ] || continue
  printf '%-40s %10s %9s %9s %8s\n' "$1 / $2" "$r" "$(val "$1" "$2" lat_p50)" \
    "$(val "$1" "$2" lat_p99)" "$(val "$1" "$2" errors)"
done
echo
for lang in node python; do
  pairs=""
  for i in $(seq "$PAIRS"); do
    pairs+=" $(ratio "$(val gw "lambda_${lang}_$i" rps)" "$(val serverless-offline "hello_${lang}_$i" rps)")"
  done
  echo "gw / serverless-offline, $lang, each pair:$pairs  (budget: python >= 3, node >= 4 in every pair)"
done
echo "gw warm Python at one connection: p50 $(val gw lambda_python_c1 lat_p50) ms (budget < 0.15 ms)"
