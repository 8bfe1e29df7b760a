#!/usr/bin/env bash
# `gw serve` throughput side by side with its yardsticks, in one run on this machine:
#   gw (mock hello)  vs  a bare cpp-httplib server answering the same bytes  vs  nginx `return 200`
#   gw on the 500-path spec vs gw on the one-route spec;  Prism when installed (../shared/bench/install.sh);
#   gw with 10 000 idle connections open (IDLE_CONNS); latency at a fixed 5 000 req/s (h2load);
#   gw with a JSON access log and detailed metrics (bench/observed.yaml) vs gw without.
# Prints requests/s, p50/p99 and the ratios the budgets in DESIGN.md §8 are written in.
# Usage: bench/serve.sh [--quick]     Env: WRK_DUR (10s), WRK_CONN (50), WRK_THREADS (2), GW_BIN.
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
THREADS="${GW_THREADS:-64}"  # the pool for blocking work; bare cpp-httplib: one thread per connection
# API Gateway's account throttle (10 000 req/s), which gw emulates, is lifted for the load runs.
UNTHROTTLED="$HERE/unthrottled.yaml"
trap 'stop_bg "${BG_PID:-}"' EXIT INT TERM

BARE="$PEER_HOME/bare_httplib"
if [ ! -x "$BARE" ] || [ "$HERE/bare_httplib.cpp" -nt "$BARE" ]; then
  echo "-- building the bare cpp-httplib server"
  g++ -std=c++17 -O2 -o "$BARE" "$HERE/bare_httplib.cpp" \
    $(pkg-config --cflags --libs cpp-httplib) -pthread || die "cannot build bare_httplib"
fi
[ -f "$SPECS_DIR/medium.yaml" ] || python3 "$SHARED/bench/gen_spec.py" --all "$SPECS_DIR" >/dev/null

serve_and_load() {  # TOOL SCENARIO URL -- CMD...
  local tool="$1" scen="$2" url="$3"; shift 4
  start_bg "$RESULTS_DIR/$tool.log" "$@"
  local ms; ms=$(wait_http "$url" 20) || die "$tool did not start (see $RESULTS_DIR/$tool.log)"
  record "$tool" "$scen" startup_to_200 "$ms" ms
  wrk_run "$tool" "$scen" "$url"
  record "$tool" "$scen" rss_after_load "$(tree_rss_kb "$BG_PID")" KiB
  stop_bg "$BG_PID"; BG_PID=
}

P=18090
echo "== bare cpp-httplib"
serve_and_load bare_httplib hello "http://127.0.0.1:$P/hello" -- "$BARE" "$P" "$THREADS"
echo "== gw serve, mock hello (access log to /dev/null)"
serve_and_load gw hello "http://127.0.0.1:$P/local/hello" -- \
  "$GW" serve "$SHARED/bench/hello.yaml" --port "$P" --threads "$THREADS" --no-watch \
  --config "$UNTHROTTLED"
echo "== gw serve, mock hello, JSON access log + detailed metrics on --admin-port"
serve_and_load gw hello_observed "http://127.0.0.1:$P/local/hello" -- \
  "$GW" serve "$SHARED/bench/hello.yaml" --port "$P" --threads "$THREADS" --no-watch \
  --config "$HERE/observed.yaml" --admin-port 0
# The 500-path spec: every GET of ../shared/bench/gen_spec.py's current output sits behind a
# Lambda authorizer the spec does not define, so no route answers 200 without a function.
if "$GW" invoke "$SPECS_DIR/medium.yaml" GET /local/r0/items/abc 2>/dev/null | head -1 | grep -q " 200"; then
  echo "== gw serve, 500-path spec, mock GET"
  serve_and_load gw medium_get "http://127.0.0.1:$P/local/r0/items/abc" -- \
    "$GW" serve "$SPECS_DIR/medium.yaml" --port "$P" --threads "$THREADS" --no-watch \
    --config "$UNTHROTTLED"
else
  echo "== gw serve, 500-path spec: skipped (its GET routes need an authorizer function)"
fi
if command -v nginx >/dev/null; then
  echo "== nginx return 200"
  NGINX_PORT=$((P + 1)) bash "$SHARED/bench/nginx.sh" >/dev/null 2>&1 || echo "  (nginx run failed)"
fi

# 10 000 idle keep-alive connections held open: a new client's answer time, throughput beside
# them, and gw's RSS (issue 15). The holder and gw both need file descriptors to spare.
IDLE="${IDLE_CONNS:-10000}"
ulimit -n "$(ulimit -Hn)" 2>/dev/null
echo "== gw serve, mock hello, with $IDLE idle connections open"
start_bg "$RESULTS_DIR/gw_idle.log" "$GW" serve "$SHARED/bench/hello.yaml" --port "$P" --no-watch \
  --config "$UNTHROTTLED"
wait_http "http://127.0.0.1:$P/local/hello" 20 >/dev/null || die "gw did not start"
GW_PID="$BG_PID"
HOLD_OUT="$RESULTS_DIR/hold_idle.txt"
dur_s=$(echo "$WRK_DUR" | tr -dc '0-9')
python3 "$HERE/hold_idle.py" "$P" "$IDLE" $((dur_s + 20)) < /dev/null > "$HOLD_OUT" 2>&1 &
HOLD_PID=$!
for _ in $(seq 300); do grep -q '^open' "$HOLD_OUT" 2>/dev/null && break; sleep 0.1; done
if grep -q '^open' "$HOLD_OUT"; then
  times=()
  for _ in $(seq 5); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' --max-time 5 "http://127.0.0.1:$P/local/hello")")
  done
  new_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{printf "%.2f", a[int((NR+1)/2)]*1000}')
  record gw hello_idle new_client_ms "$new_ms" ms
  wrk_run gw hello_idle "http://127.0.0.1:$P/local/hello"
  record gw hello_idle rss_with_idle "$(tree_rss_kb "$GW_PID")" KiB
else
  echo "  (could not open $IDLE connections: $(tail -1 "$HOLD_OUT"))"
fi
kill "$HOLD_PID" 2>/dev/null; wait "$HOLD_PID" 2>/dev/null
stop_bg "$GW_PID"; BG_PID=

# Latency at a fixed offered rate (5 000 req/s over 50 connections), not at saturation:
# h2load --h1 -c50 --rps=100, per-request times from its log (issue 15).
if command -v h2load >/dev/null; then
  h2_run() {  # TOOL URL
    local log="$RESULTS_DIR/h2load_$1.log"
    rm -f "$log"
    timeout $((dur_s + 30)) h2load --h1 -c50 -m1 --rps=100 -D "$dur_s" --log-file="$log" "$2" \
      > "$RESULTS_DIR/h2load_$1.txt" 2>&1
    # The log's third column is the request's duration in microseconds.
    local stats
    stats=$(awk -F'\t' '$2==200 {print $3}' "$log" | sort -n |
            awk '{a[NR]=$1} END{if (NR) printf "%.3f %.3f %d", a[int(NR*0.5)+1]/1000, a[int(NR*0.99)+1]/1000, NR}')
    set -- "$1" $stats
    record "$1" fixed_rate lat_p50 "${2:-NA}" ms
    record "$1" fixed_rate lat_p99 "${3:-NA}" ms
    record "$1" fixed_rate requests "${4:-0}" count
  }
  echo "== fixed rate 5 000 req/s over 50 connections (h2load)"
  start_bg "$RESULTS_DIR/gw_rate.log" "$GW" serve "$SHARED/bench/hello.yaml" --port "$P" --no-watch \
    --config "$UNTHROTTLED"
  wait_http "http://127.0.0.1:$P/local/hello" 20 >/dev/null && h2_run gw "http://127.0.0.1:$P/local/hello"
  stop_bg "$BG_PID"; BG_PID=
  start_bg "$RESULTS_DIR/bare_rate.log" "$BARE" "$P" 64
  wait_http "http://127.0.0.1:$P/hello" 20 >/dev/null && h2_run bare_httplib "http://127.0.0.1:$P/hello"
  stop_bg "$BG_PID"; BG_PID=
  if command -v nginx >/dev/null; then
    ND=$(mktemp -d); mkdir -p "$ND/logs"
    cat > "$ND/nginx.conf" <<CONF
worker_processes 2;
pid $ND/nginx.pid;
error_log $ND/logs/error.log;
events { worker_connections 1024; }
http { access_log off;
  server { listen 127.0.0.1:$P;
    location /hello { default_type application/json; return 200 '{"message":"hello"}'; } } }
CONF
    if nginx -c "$ND/nginx.conf" -p "$ND"; then
      for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$P/hello" && break; sleep 0.1; done
      h2_run nginx "http://127.0.0.1:$P/hello"
      kill "$(cat "$ND/nginx.pid")" 2>/dev/null
    fi
    rm -rf "$ND"
  fi
fi
if [ -x "$NODE_BIN/prism" ] && [ -z "${SKIP_PRISM:-}" ]; then
  echo "== Prism (default logging, to a file)"
  serve_and_load prism hello "http://127.0.0.1:$P/hello" -- \
    "$NODE_BIN/prism" mock "$SHARED/bench/hello.yaml" -p "$P" -h 127.0.0.1
  echo "== Prism (silent)"
  serve_and_load prism hello_silent "http://127.0.0.1:$P/hello" -- \
    "$NODE_BIN/prism" mock "$SHARED/bench/hello.yaml" -p "$P" -h 127.0.0.1 -v silent
fi

val() { awk -F'\t' -v t="$1" -v s="$2" -v m="$3" '$1==t && $2==s && $3==m {v=$4} END{print v}' "$SUMMARY_TSV"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
echo
printf '%-26s %12s %9s %9s\n' "server / scenario" "req/s" "p50 ms" "p99 ms"
for row in "bare_httplib hello" "gw hello" "gw hello_observed" "gw medium_get" "nginx hello" "prism hello" "prism hello_silent"; do
  set -- $row
  r=$(val "$1" "$2" rps); [ -n "$r" ] || continue
  printf '%-26s %12s %9s %9s\n' "$1 / $2" "$r" "$(val "$1" "$2" lat_p50)" "$(val "$1" "$2" lat_p99)"
done
echo
echo "gw hello / bare cpp-httplib      = $(ratio "$(val gw hello rps)" "$(val bare_httplib hello rps)")  (budget >= 1.5)"
echo "gw hello / nginx                 = $(ratio "$(val gw hello rps)" "$(val nginx hello rps)")  (budget >= 0.5)"
echo "gw observed / gw hello          = $(ratio "$(val gw hello_observed rps)" "$(val gw hello rps)")  (budget >= 0.95: access log + metrics)"
echo "gw with $IDLE idle / gw unloaded = $(ratio "$(val gw hello_idle rps)" "$(val gw hello rps)")  (budget >= 0.90)"
echo "gw new client beside $IDLE idle  = $(val gw hello_idle new_client_ms) ms (budget < 10 ms)"
echo "gw RSS with $IDLE idle           = $(val gw hello_idle rss_with_idle) KiB (budget < 100 MB)"
echo "fixed rate p50: gw / nginx       = $(ratio "$(val gw fixed_rate lat_p50)" "$(val nginx fixed_rate lat_p50)")  (budget <= 1.2)"
echo "fixed rate p99: gw / nginx       = $(ratio "$(val gw fixed_rate lat_p99)" "$(val nginx fixed_rate lat_p99)")  (budget <= 1.2)"
echo "fixed rate p50 ms: gw $(val gw fixed_rate lat_p50), bare cpp-httplib $(val bare_httplib fixed_rate lat_p50), nginx $(val nginx fixed_rate lat_p50)"
echo "gw 500-path / gw one-route      = $(ratio "$(val gw medium_get rps)" "$(val gw hello rps)")  (budget >= 0.90)"
echo "gw hello / Prism (logging)      = $(ratio "$(val gw hello rps)" "$(val prism hello rps)")  (budget >= 20; gw logs every request too)"
echo "gw hello / Prism silent         = $(ratio "$(val gw hello rps)" "$(val prism hello_silent rps)")"
echo "gw 500-path startup to first 200 = $(val gw medium_get startup_to_200) ms (budget < 100 ms)"
echo "gw 500-path RSS after load       = $(val gw medium_get rss_after_load) KiB (budget < 30 MB)"
