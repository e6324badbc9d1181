#!/bin/bash
# Runs once, when the db service initialises its empty data volume (the postgres image runs
# /docker-entrypoint-initdb.d/*): Odoo's role (may create its database, is no superuser), the
# replication role and slot of the db-replica service, and the pg_hba line that lets the
# replica stream. Passwords come from the Docker secrets, read by psql itself (\set with
# backquotes), so they never appear on a command line.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
\set odoo_password `cat /run/secrets/odoo_db_password`
\set replication_password `cat /run/secrets/replication_password`
CREATE ROLE odoo LOGIN CREATEDB PASSWORD :'odoo_password';
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'replication_password';
SELECT pg_create_physical_replication_slot('fazhi_replica');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
