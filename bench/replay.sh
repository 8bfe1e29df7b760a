#!/usr/bin/env bash
# `gw replay` throughput on mock integrations (DESIGN.md §8: >= 50 000 exchanges/s on one core,
# scaling with --jobs). Builds a recording of N exchanges (default 200 000) over the petstore's
# mock routes from fixtures/recordings/petstore, replays it with --jobs 1, 2 and 4 (bounded:
# each run has a hard timeout), and prints exchanges/s per run.
# Usage: bench/replay.sh [N]     Env: GW_BIN (default build/gw), REPLAY_TIMEOUT (120 s).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
GW="${GW_BIN:-$ROOT/build/gw}"
N="${1:-200000}"
LIMIT="${REPLAY_TIMEOUT:-120}"
[ -x "$GW" ] || { echo "bench/replay.sh: no gw binary at $GW: run ./dev build" >&2; exit 2; }
SPEC="$ROOT/fixtures/apis/petstore.yaml"
SEED="$ROOT/fixtures/recordings/petstore/session.jsonl"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# N exchanges: the seed session's lines repeated with fresh ids (ids seed the request ids).
python3 - "$SEED" "$N" "$WORK/big.jsonl" <<'EOF'
import datetime, json, sys
seed = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
with open(sys.argv[3], "w") as out:
    for i in range(n):
        ex = dict(seed[i % len(seed)])
        ex["id"] = "bench-%d" % i
        # 2 ms apart: 500 req/s, under the default throttle, so every exchange is answered 200.
        t = start + datetime.timedelta(milliseconds=2 * i)
        ex["time"] = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
        out.write(json.dumps(ex, separators=(",", ":")) + "\n")
EOF
# The ids changed, so the recorded request ids no longer match: refresh them once (untimed).
"$GW" replay "$SPEC" "$WORK/big.jsonl" --jobs 4 --update >/dev/null 2>&1 || true

echo "gw replay, $N exchanges on mock integrations ($(nproc) cores)"
for jobs in 1 2 4; do
  start=$(date +%s.%N)
  if ! timeout "$LIMIT" "$GW" replay "$SPEC" "$WORK/big.jsonl" --jobs "$jobs" >"$WORK/out" 2>&1; then
    echo "  --jobs $jobs: failed or timed out after ${LIMIT}s: $(tail -1 "$WORK/out")"
    continue
  fi
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); \
print('  --jobs %s: %.2f s, %.0f exchanges/s (%s)' % (sys.argv[3], s, int(sys.argv[4])/s, sys.argv[5]))" \
    "$start" "$end" "$jobs" "$N" "$(tail -1 "$WORK/out")"
done
