#!/usr/bin/env bash
# Start Debian's PostgreSQL (installed by `make install`) and create a throw-away
# test database (named by the first argument, default accord_test, so that several checkouts
# can test side by side); prints the SQLAlchemy URL for ACCORD_TEST_DATABASE_URL.
set -euo pipefail
db=${1:-accord_test}
[[ $db =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "database name must be lower-case letters, digits and _" >&2; exit 2; }
# Only the URL goes to stdout (the Makefile captures it); everything the PostgreSQL tools
# print, e.g. "Removed stale pid file.", goes to stderr.
command -v pg_lsclusters >/dev/null || { echo "postgresql is not installed" >&2; exit 1; }
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >&2
pg_lsclusters -h | grep -q "^$version main .* online" || pg_ctlcluster "$version" main start >&2
user=$(id -un)
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'CREATE ROLE \"$user\" SUPERUSER LOGIN'" >&2
psql -d postgres -qtAc "DROP DATABASE IF EXISTS $db" >/dev/null
psql -d postgres -qtAc "CREATE DATABASE $db" >/dev/null
echo "postgresql+psycopg2:///$db?host=/var/run/postgresql"
