#!/bin/sh
# The portal's production processes. The Docker image and docker-compose.yml run exactly
# these commands, and so does scripts/smoke-production.sh (on every CI run):
#   scripts/serve.sh web      migrate, reference data, collectstatic, then gunicorn
#   scripts/serve.sh worker   the Celery worker (e-mails, award letters)
#   scripts/serve.sh beat     the Celery scheduler (owed e-mails, stale letters, reminders)
# Settings come from the environment (.env.example); python, gunicorn and celery from PATH.
#   BIND                 address gunicorn listens on (default 0.0.0.0:8000)
#   WEB_CONCURRENCY      gunicorn worker processes (read by gunicorn; default 3 here: the
#                        deadline-rush benchmark's choice for 2 cores, docs/benchmarks.md)
#   WORKER_CONCURRENCY   Celery worker processes (default 2: letters render in parallel)
#   BEAT_SCHEDULE_FILE   where beat keeps its last-run times (default /tmp/celerybeat-schedule)
set -eu
cd "$(dirname "$0")/.."

case "${1:-}" in
  web)
    python manage.py migrate --no-input
    python manage.py load_reference_data
    python manage.py collectstatic --no-input --verbosity 0
    # Sync workers, three on the 2-core host: measured by bench/rush.py against five and
    # against threads (gthread), which make logins wait, since a login's password hash
    # holds its thread. A request that takes longer than 60 s is cut (nothing in the
    # portal legitimately does: letters render in the worker).
    exec gunicorn rit_portal.wsgi:application --bind "${BIND:-0.0.0.0:8000}" \
      --workers "${WEB_CONCURRENCY:-3}" --timeout 60 --access-logfile -
    ;;
  worker)
    exec celery -A rit_portal worker -l info --concurrency "${WORKER_CONCURRENCY:-2}"
    ;;
  beat)
    exec celery -A rit_portal beat -l info --schedule "${BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    echo "usage: $0 web|worker|beat" >&2
    exit 2
    ;;
esac
