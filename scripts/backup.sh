#!/usr/bin/env bash
# Back up the portal's data: the database and the stored files (applicants' attachments,
# award letters) under MEDIA_ROOT. README, "Backups".
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/var/lib/rit-portal/media scripts/backup.sh DIR
#
# writes DIR/database.dump (pg_dump's custom format), DIR/media.tar.gz and DIR/SHA256SUMS.
# Safe while the portal runs: the dump is one consistent snapshot, and the files are copied
# after it, so every file a row of the dump names is in the archive (a file added later is
# an unused extra). With S3 storage (AWS_STORAGE_BUCKET_NAME, and the portal's production
# environment: DJANGO_SETTINGS_MODULE, AWS_*) the files are read from the bucket through the
# portal's storage (manage.py media_backup, python from PATH) into the same media.tar.gz.
set -euo pipefail
PORTAL=$(cd "$(dirname "$0")/.." && pwd)
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
if [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  : "${MEDIA_ROOT:?set MEDIA_ROOT (the folder of attachments and award letters)}"
fi
DIR=$(realpath -m "${1:?usage: scripts/backup.sh DIR}")
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
  echo "$DIR exists and is not empty: choose a new folder for each backup." >&2
  exit 2
fi
mkdir -p "$DIR"
pg_dump --format=custom --no-owner --no-privileges --file="$DIR/database.dump" "$DATABASE_URL"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  (cd "$PORTAL" && python manage.py media_backup "$DIR/media.tar.gz" >/dev/null)
else
  mkdir -p "$MEDIA_ROOT"
  tar -czf "$DIR/media.tar.gz" -C "$MEDIA_ROOT" .
fi
(cd "$DIR" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backed up the database and $(tar -tzf "$DIR/media.tar.gz" | grep -cv '/$') files to $DIR"
