#!/usr/bin/env bash
# Runs a reliability script (load | faults) against the production build and a real PostgreSQL:
# TEST_DATABASE_URL's server if set — for faults only if TEST_PGDATA and TEST_PG_BIN say how to stop
# and start it — otherwise a throwaway cluster started here (needs root and Debian's postgresql).
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:?usage: run.sh load|faults}"
if [ -z "${TEST_DATABASE_URL:-}" ] || { [ "$which" = faults ] && { [ -z "${TEST_PGDATA:-}" ] || [ -z "${TEST_PG_BIN:-}" ]; }; }; then
  source scripts/test-postgres.sh
  TEST_PG_PORT="${RELIABILITY_PG_PORT:-54359}" start_test_postgres
  trap stop_test_postgres EXIT
fi
[ -f .next/BUILD_ID ] || npx next build
npx tsx "scripts/reliability/$which.ts"
