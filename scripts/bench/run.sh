#!/usr/bin/env bash
# Runs benchmarks against a real PostgreSQL: TEST_DATABASE_URL if set, else a throwaway cluster
# started here (needs root and Debian's postgresql). Usage: run.sh all|ingest|verify|export|search|dashboard
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source scripts/test-postgres.sh
  TEST_PG_PORT=54339 start_test_postgres
  trap stop_test_postgres EXIT
fi
# The benchmarks build and serve from a directory of their own (next.config.ts reads this), so a measured
# server never shares `.next` with a test run or a developer's build in the same tree.
export WARRANT_NEXT_DIST_DIR=.next-bench
# Built every run (BENCH_NO_BUILD=1 skips it), so a stale build never measures old code.
if [ "${BENCH_NO_BUILD:-}" != 1 ] || [ ! -f .next-bench/BUILD_ID ]; then npx next build; fi
which="${1:-all}"
for bench in ingest verify export search dashboard; do
  if [ "$which" = all ] || [ "$which" = "$bench" ]; then
    echo "=== bench:$bench ($(date -u +%Y-%m-%dT%H:%MZ))"
    npx tsx "scripts/bench/$bench.ts"
  fi
done
