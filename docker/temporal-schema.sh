#!/bin/sh
# Temporal's two databases on the shared PostgreSQL: creates them when missing and brings their
# schemas up to date. Runs in temporalio/admin-tools before the server starts. Every step is a
# no-op when already done (an existing database is kept, setup-schema skips a schema past 0.0,
# update-schema applies only newer versions), so it runs on every `up`, and after an image
# upgrade it migrates.
#
# From the service's environment: POSTGRES_SEEDS (host), DB_PORT, POSTGRES_USER, and
# SQL_PASSWORD (temporal-sql-tool reads the password from it).
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is not set}"
: "${POSTGRES_USER:?POSTGRES_USER is not set}"
: "${SQL_PASSWORD:?SQL_PASSWORD is not set}"
port=${DB_PORT:-5432}
schemas=/etc/temporal/schema/postgresql/v12

attempt=1
until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  if [ "$attempt" -ge 60 ]; then
    echo "PostgreSQL at $POSTGRES_SEEDS:$port did not answer" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

# database, then the folder of its versioned schema
for pair in temporal:temporal temporal_visibility:visibility; do
  database=${pair%%:*}
  schema=${pair#*:}
  sql_tool --db "$database" create
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schemas/$schema/versioned"
  echo "Temporal database $database is up to date"
done
