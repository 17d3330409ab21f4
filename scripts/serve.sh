#!/bin/sh
# The portal's production processes. The Docker image and docker-compose.yml run exactly
# these commands, and so do scripts/smoke-production.sh and scripts/smoke-scale.sh (CI):
#   scripts/serve.sh migrate  the release step, once per release before the others start:
#                             migrate and reference data under a PostgreSQL advisory lock
#                             (a second runner on another host waits, then exits 0)
#   scripts/serve.sh web      collectstatic, then gunicorn (never migrates)
#   scripts/serve.sh worker   the Celery worker (e-mails, award letters; never migrates)
#   scripts/serve.sh beat     the Celery scheduler (owed e-mails, stale letters, reminders);
#                             one runs at a time: a second waits for the first's lock
# Settings come from the environment (.env.example); python, gunicorn and celery from PATH.
#   DATABASE_URL         the runtime role: what gunicorn, the worker and beat connect as
#   DATABASE_OWNER_URL   the role that owns the tables (optional; unset: DATABASE_URL's).
#                        Set, `migrate` migrates as the owner, then runs `manage.py
#                        database_roles` (no DDL, no TRUNCATE, the history append-only for
#                        the runtime role: docs/security.md). Give it to the release step
#                        only: web, worker and beat drop it from their environment.
#   BIND                 address gunicorn listens on (default 0.0.0.0:8000)
#   WEB_CONCURRENCY      gunicorn worker processes (read by gunicorn; default 3 here: the
#                        deadline-rush benchmark's choice for 2 cores, docs/benchmarks.md)
#   WORKER_CONCURRENCY   Celery worker processes (default 2: letters render in parallel)
#   WORKER_NAME          the worker's node name (default celery@<host>); give each worker
#                        of one host its own (worker1@%h, worker2@%h)
#   BEAT_SCHEDULE_FILE   where beat keeps its last-run times (default /tmp/celerybeat-schedule)
set -eu
cd "$(dirname "$0")/.."

# Run a command as the owner of the tables when one is named.
as_owner() {
  if [ -n "${DATABASE_OWNER_URL:-}" ]; then DATABASE_URL=$DATABASE_OWNER_URL "$@"; else "$@"; fi
}

case "${1:-}" in
  migrate)
    as_owner python manage.py migrate_locked
    if [ -n "${DATABASE_OWNER_URL:-}" ]; then
      # Idempotent, after every migrate: the runtime role's grants, new tables included.
      exec python manage.py database_roles
    fi
    ;;
  web)
    # Static files are collected on each web host (whitenoise serves its own copy).
    python manage.py collectstatic --no-input --verbosity 0
    # /metrics/ sums every gunicorn worker's request figures through this folder, emptied
    # at each start (prometheus-client's multiprocess mode).
    PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-${TMPDIR:-/tmp}/rit-portal-metrics-$(id -u)-$(echo "${BIND:-0.0.0.0:8000}" | tr -c 'A-Za-z0-9\n' '-')}"
    export PROMETHEUS_MULTIPROC_DIR
    rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    # Sync workers, three on the 2-core host: measured by bench/rush.py against five and
    # against threads (gthread), which make logins wait, since a login's password hash
    # holds its thread. A request that takes longer than 60 s is cut (nothing in the
    # portal legitimately does: letters render in the worker). The owner's URL stays out
    # of the web processes' environment.
    exec env -u DATABASE_OWNER_URL gunicorn rit_portal.wsgi:application --bind "${BIND:-0.0.0.0:8000}" \
      --workers "${WEB_CONCURRENCY:-3}" --timeout 60 --access-logfile -
    ;;
  worker)
    exec env -u DATABASE_OWNER_URL celery -A rit_portal worker -l info --concurrency "${WORKER_CONCURRENCY:-2}" \
      --hostname "${WORKER_NAME:-celery@%h}"
    ;;
  beat)
    exec env -u DATABASE_OWNER_URL celery -A rit_portal beat -l info --schedule "${BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    echo "usage: $0 migrate|web|worker|beat" >&2
    exit 2
    ;;
esac
