#!/usr/bin/env bash
# Authorizer costs from the skipped benchmark cases of gw_core_tests: a request with a cached
# Lambda authorizer result beside the bare mock path (budget: under +10%), and JWT RS256
# verifications per second on one core.
# Usage: bench/auth.sh          Env: BUILD (build/)
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TESTS="${BUILD:-$ROOT/build}/tests/gw_core_tests"
[ -x "$TESTS" ] || { echo "no $TESTS: run ./dev build" >&2; exit 2; }
timeout 300 "$TESTS" -ts="gw::auth bench" --no-skip | grep -E "us/request|tokens/s"
