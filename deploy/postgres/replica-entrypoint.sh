#!/bin/bash
# Entrypoint of the db-replica service: a hot standby of the db service. On the first start
# (empty data volume) it clones the primary with pg_basebackup through the replication slot
# created by initdb/10-fazhi-roles.sh; -R writes standby.signal and primary_conninfo, so the
# server then streams the primary's WAL. Later starts go straight to the image's entrypoint.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -q -h db -p 5432; do sleep 2; done
    PGPASSWORD="$(< /run/secrets/replication_password)" \
        pg_basebackup -h db -p 5432 -U replicator -D "$PGDATA" \
        -X stream -S fazhi_replica -R --checkpoint=fast
fi
exec docker-entrypoint.sh "$@"
