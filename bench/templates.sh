#!/usr/bin/env bash
# Mapping templates: the cost of one typical request-template render (the VTL engine alone),
# and of whole requests through the pipeline with and without templates (gw invoke's Gateway,
# no socket), from the skipped benchmark cases of gw_core_tests.
# Usage: bench/templates.sh          Env: BUILD (build/)
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TESTS="${BUILD:-$ROOT/build}/tests/gw_core_tests"
[ -x "$TESTS" ] || { echo "no $TESTS: run ./dev build" >&2; exit 2; }
echo "-- one request template render (core/vtl)"
timeout 120 "$TESTS" -ts="gw::vtl bench" --no-skip | grep -E "^vtl render"
echo "-- whole requests through Gateway::handle"
timeout 120 "$TESTS" -ts="gw::pipeline bench" --no-skip | grep -E "pipeline"
