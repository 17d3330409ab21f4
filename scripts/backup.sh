#!/usr/bin/env bash
# Back up the portal's data: the database and the stored files (applicants' attachments,
# award letters) under MEDIA_ROOT. README, "Backups".
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/var/lib/rit-portal/media scripts/backup.sh DIR
#
# writes DIR/database.dump (pg_dump's custom format), DIR/media.tar.gz and DIR/SHA256SUMS.
# Safe while the portal runs: the dump is one consistent snapshot, and the files are copied
# after it, so every file a row of the dump names is in the archive (a file added later is
# an unused extra). With S3 storage (AWS_STORAGE_BUCKET_NAME) the files are in the bucket:
# keep them with the bucket's versioning or replication; this script refuses to run.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (the folder of attachments and award letters)}"
DIR=${1:?usage: scripts/backup.sh DIR}
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  echo "Files are stored in the S3 bucket $AWS_STORAGE_BUCKET_NAME: back them up there." >&2
  exit 2
fi
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
  echo "$DIR exists and is not empty: choose a new folder for each backup." >&2
  exit 2
fi
mkdir -p "$DIR"
pg_dump --format=custom --no-owner --no-privileges --file="$DIR/database.dump" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT"
tar -czf "$DIR/media.tar.gz" -C "$MEDIA_ROOT" .
(cd "$DIR" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backed up the database and $(tar -tzf "$DIR/media.tar.gz" | grep -cv '/$') files to $DIR"
