#!/usr/bin/env bash
# `gw serve` throughput side by side with its yardsticks, in one run on this machine:
#   gw (mock hello)  vs  a bare cpp-httplib server answering the same bytes  vs  nginx `return 200`
#   gw on the 500-path spec vs gw on the one-route spec;  Prism when installed (../shared/bench/install.sh).
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
THREADS="${GW_THREADS:-16}"
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
  "$GW" serve "$SHARED/bench/hello.yaml" --port "$P" --threads "$THREADS" --no-watch
echo "== gw serve, 500-path spec, mock GET"
serve_and_load gw medium_get "http://127.0.0.1:$P/local/r0/items/abc" -- \
  "$GW" serve "$SPECS_DIR/medium.yaml" --port "$P" --threads "$THREADS" --no-watch
if command -v nginx >/dev/null; then
  echo "== nginx return 200"
  NGINX_PORT=$((P + 1)) bash "$SHARED/bench/nginx.sh" >/dev/null 2>&1 || echo "  (nginx run failed)"
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
for row in "bare_httplib hello" "gw hello" "gw medium_get" "nginx hello" "prism hello" "prism hello_silent"; do
  set -- $row
  r=$(val "$1" "$2" rps); [ -n "$r" ] || continue
  printf '%-26s %12s %9s %9s\n' "$1 / $2" "$r" "$(val "$1" "$2" lat_p50)" "$(val "$1" "$2" lat_p99)"
done
echo
echo "gw hello / bare cpp-httplib      = $(ratio "$(val gw hello rps)" "$(val bare_httplib hello rps)")  (budget >= 0.90)"
echo "gw 500-path / gw one-route      = $(ratio "$(val gw medium_get rps)" "$(val gw hello rps)")  (budget >= 0.90)"
echo "gw hello / Prism (logging)      = $(ratio "$(val gw hello rps)" "$(val prism hello rps)")  (budget >= 20; gw logs every request too)"
echo "gw hello / Prism silent         = $(ratio "$(val gw hello rps)" "$(val prism hello_silent rps)")"
echo "gw 500-path startup to first 200 = $(val gw medium_get startup_to_200) ms (budget < 100 ms)"
echo "gw 500-path RSS after load       = $(val gw medium_get rss_after_load) KiB (budget < 30 MB)"
