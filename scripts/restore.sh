#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty (or new)
# MEDIA_ROOT. README, "Backups".
#
#   DATABASE_URL=postgres://…/rit_portal_restored MEDIA_ROOT=/srv/media scripts/restore.sh DIR
#
# Checks the backup's checksums first; refuses a database that already has tables or a
# MEDIA_ROOT that already has files, so that it can never mix two states. With S3 storage
# (AWS_STORAGE_BUCKET_NAME and the portal's production environment) the files go into that
# bucket, which must be empty (manage.py media_restore, python from PATH).
set -euo pipefail
PORTAL=$(cd "$(dirname "$0")/.." && pwd)
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
if [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  : "${MEDIA_ROOT:?set MEDIA_ROOT to the empty folder to restore the files into}"
fi
DIR=$(cd "${1:?usage: scripts/restore.sh DIR}" && pwd)
(cd "$DIR" && sha256sum --check --quiet SHA256SUMS)
tables=$(psql -At "$DATABASE_URL" -c \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != 0 ]; then
  echo "The database already has $tables tables: restore into an empty one." >&2
  exit 2
fi
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  # First: it refuses a bucket that holds files before anything is written.
  (cd "$PORTAL" && python manage.py media_restore "$DIR/media.tar.gz" >/dev/null)
else
  if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
    echo "$MEDIA_ROOT is not empty: restore the files into an empty folder." >&2
    exit 2
  fi
  mkdir -p "$MEDIA_ROOT"
  tar -xzf "$DIR/media.tar.gz" -C "$MEDIA_ROOT"
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$DIR/database.dump"
echo "Restored the database and $(tar -tzf "$DIR/media.tar.gz" | grep -cv '/$') files from $DIR"
