#!/usr/bin/env bash
# Runs benchmarks against a real PostgreSQL: TEST_DATABASE_URL if set, else a throwaway cluster
# started here (needs root and Debian's postgresql). Usage: run.sh all|ingest|verify|…
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source scripts/test-postgres.sh
  TEST_PG_PORT=54339 start_test_postgres
  trap stop_test_postgres EXIT
fi
[ -f .next/BUILD_ID ] || npx next build
which="${1:-all}"
for bench in ingest verify export search; do
  if [ "$which" = all ] || [ "$which" = "$bench" ]; then
    echo "=== bench:$bench ($(date -u +%Y-%m-%dT%H:%MZ))"
    npx tsx "scripts/bench/$bench.ts"
  fi
done
