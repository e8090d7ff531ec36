#!/bin/sh
# Reelay's own role and database, next to Temporal's (temporal and temporal_visibility, made by the
# temporal-schema service). The postgres image runs this once, on the first start of an empty data
# volume; the app then applies its Flyway migrations itself.
#
# From the service's environment (the same values the app containers get):
#   REELAY_DATABASE_URL       jdbc:postgresql://postgres:5432/<database>
#   REELAY_DATABASE_USER      the role that owns it
#   REELAY_DATABASE_PASSWORD  its password
#
# The image may source this file rather than run it, so it changes no shell options and does not
# exit on success; psql stops at the first error and the image's entrypoint then gives up.

: "${REELAY_DATABASE_URL:?REELAY_DATABASE_URL is not set}"
: "${REELAY_DATABASE_USER:?REELAY_DATABASE_USER is not set}"
: "${REELAY_DATABASE_PASSWORD:?REELAY_DATABASE_PASSWORD is not set}"

# the database is the URL's path, without any ?parameters
reelay_database=${REELAY_DATABASE_URL##*/}
reelay_database=${reelay_database%%\?*}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  --set=role="$REELAY_DATABASE_USER" \
  --set=password="$REELAY_DATABASE_PASSWORD" \
  --set=database="$reelay_database" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
SQL
