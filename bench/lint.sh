#!/usr/bin/env bash
# gw lint against Spectral, Redocly and vacuum on the same generated specs, in the same run.
# Usage: bench/lint.sh [GW_BIN] [sizes...]      sizes: small (20 paths) medium (500) large (5000)
# Peers run only when installed (../shared/bench/install.sh puts them in /tmp/gw-peer-bench);
# each peer run is bounded by PEER_TIMEOUT seconds (default 180). Budgets (DESIGN.md §8): gw lint
# of the 5000-path spec under 1 s and >= 20x faster than Spectral; a small spec under 20 ms.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
GW=${1:-$HERE/../build/gw}
shift || true
SIZES=${*:-small medium large}
SHARED=${GW_SHARED_DIR:-$HERE/../../shared}
PEERS=${PEER_DIR:-/tmp/gw-peer-bench}
SPECS=${SPECS_DIR:-/tmp/gw-lint-bench-specs}
TIMEOUT=${PEER_TIMEOUT:-180}
mkdir -p "$SPECS"
for size in $SIZES; do
  [ -f "$SPECS/$size.yaml" ] || python3 "$SHARED/bench/gen_spec.py" --size "$size" -o "$SPECS/$size.yaml"
done
RULES=$(mktemp --suffix=.yaml)
printf 'extends: ["spectral:oas"]\n' >"$RULES"
trap 'rm -f "$RULES"' EXIT

# run NAME SIZE CMD... : best wall time of 3 runs (1 for slow peers), peak RSS.
run() {
  local name=$1 size=$2 best="" rss="" n=3
  shift 2
  [ "$name" = gw ] || n=1
  for _ in $(seq $n); do
    local t
    /usr/bin/time -f '%e %M' -o "$SPECS/time.$$" timeout "$TIMEOUT" "$@" >/dev/null 2>&1
    t=$(tail -1 "$SPECS/time.$$")
    local wall=${t% *}
    rss=${t#* }
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$wall; fi
  done
  printf '%-9s %-7s %9.3f s %8d KiB\n' "$name" "$size" "$best" "$rss"
  echo "$name $size $best" >>"$SPECS/results.$$"
}

printf '%-9s %-7s %11s %12s\n' tool spec wall peak_rss
for size in $SIZES; do
  spec="$SPECS/$size.yaml"
  run gw "$size" "$GW" lint "$spec" --fail-on info
  [ -x "$PEERS/node_modules/.bin/spectral" ] &&
    run spectral "$size" "$PEERS/node_modules/.bin/spectral" lint -q -r "$RULES" "$spec"
  [ -x "$PEERS/node_modules/.bin/redocly" ] &&
    run redocly "$size" "$PEERS/node_modules/.bin/redocly" lint "$spec"
  command -v vacuum >/dev/null && run vacuum "$size" vacuum lint "$spec"
done
echo
awk '{t[$1" "$2]=$3; s[$2]=1}
     END {for (z in s) for (p in t) {split(p, a, " "); if (a[2]==z && a[1]!="gw" && t["gw "z]>0)
            printf "%s: gw is %.0fx faster than %s\n", z, t[p]/t["gw "z], a[1]}}' "$SPECS/results.$$" | sort
rm -f "$SPECS/results.$$" "$SPECS/time.$$"
