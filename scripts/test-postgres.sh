#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks. Source it, then
# call start_test_postgres; it exports TEST_DATABASE_URL. Needs Debian's postgresql package and root.
TEST_PG_PORT="${TEST_PG_PORT:-54329}"

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL server binaries not found; install them with: apt-get install -y postgresql" >&2
    return 1
  fi
  TEST_PGDATA=$(mktemp -d /tmp/warrant-pg.XXXXXX)
  chown postgres:postgres "$TEST_PGDATA"
  su postgres -s /bin/sh -c "$bin/initdb -D $TEST_PGDATA -A trust -U postgres --no-instructions >/dev/null"
  # fsync stays on: benchmarks must measure durable commits.
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $TEST_PGDATA -l $TEST_PGDATA/server.log -w -t 60 \
    -o \"-p $TEST_PG_PORT -k $TEST_PGDATA -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB\" start >/dev/null"
  export TEST_PGDATA
  export TEST_PG_BIN="$bin"
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$TEST_PG_PORT/postgres"
  echo "test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running at $TEST_DATABASE_URL" >&2
}

stop_test_postgres() {
  if [ -n "${TEST_PGDATA:-}" ] && [ -d "$TEST_PGDATA" ]; then
    su postgres -s /bin/sh -c "$TEST_PG_BIN/pg_ctl -D $TEST_PGDATA -m immediate stop >/dev/null" || true
    rm -rf "$TEST_PGDATA"
  fi
}
