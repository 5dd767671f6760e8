#!/usr/bin/env bash
# Start Debian's PostgreSQL (installed by `make install`) and create a throw-away
# test database; prints the SQLAlchemy URL for ACCORD_TEST_DATABASE_URL.
set -euo pipefail
# Only the URL goes to stdout (the Makefile captures it); everything the PostgreSQL tools
# print, e.g. "Removed stale pid file.", goes to stderr.
command -v pg_lsclusters >/dev/null || { echo "postgresql is not installed" >&2; exit 1; }
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >&2
pg_lsclusters -h | grep -q "^$version main .* online" || pg_ctlcluster "$version" main start >&2
user=$(id -un)
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'CREATE ROLE \"$user\" SUPERUSER LOGIN'" >&2
psql -d postgres -qtAc "DROP DATABASE IF EXISTS accord_test" >/dev/null
psql -d postgres -qtAc "CREATE DATABASE accord_test" >/dev/null
echo "postgresql+psycopg2:///accord_test?host=/var/run/postgresql"
