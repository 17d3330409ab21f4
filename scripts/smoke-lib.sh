# The set-up the smoke tests share (sourced by scripts/smoke-production.sh and
# scripts/smoke-scale.sh, never run alone). Before sourcing, the caller sets
#   SMOKE_NAME   its name: the database is <name of DATABASE_URL>_<SMOKE_NAME>, owned by the
#                role <database>_owner, with the runtime role <database>_app (DATABASE_URL's
#                role must be allowed to create roles and databases; all three dropped and
#                created again, and dropped at the end unless SMOKE_KEEP=1)
#   SMOKE_LOGS   the names of its processes' logs ($WORK/<name>.log), shown when it fails
# It leaves: WORK (a work folder), free_port, PIDS (process groups stopped at the end: add
# each process started with setsid), SMTP_PORT, ADMIN_URL, and the production environment
# (rit_portal.settings.production on the new database as the runtime role, the owner's URL
# for the release step, a Celery queue of its own on REDIS_URL, e-mail by SMTP to
# scripts/smtp_sink.py, which it starts, writing every message into $WORK/mail). The caller
# sets ALLOWED_HOSTS and SITE_URL, runs `scripts/serve.sh migrate`, then its processes.
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server (postgres://…)}"
: "${REDIS_URL:?set REDIS_URL to a Redis server (redis://…)}"
[ -x .venv/bin/python ] && export PATH="$PWD/.venv/bin:$PATH"

started=$(date +%s)
export PGOPTIONS="--client-min-messages=warning"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rit-$SMOKE_NAME.XXXXXX")
free_port() { python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SMTP_PORT=${SMOKE_SMTP_PORT:-$(free_port)}
ROLE_PASSWORD=$(python -c 'import secrets; print(secrets.token_hex(16))')
read -r ADMIN_URL OWNER_URL APP_URL SMOKE_DB < <(python - "$DATABASE_URL" "$ROLE_PASSWORD" "$SMOKE_NAME" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
url, password, suffix = urlsplit(sys.argv[1]), sys.argv[2], sys.argv[3]
name = url.path.lstrip("/") + "_" + suffix
host = url.hostname + (f":{url.port}" if url.port else "")
as_role = lambda role: urlunsplit(url._replace(netloc=f"{role}:{password}@{host}",
                                               path="/" + name))
print(urlunsplit(url._replace(path="/postgres")), as_role(f"{name}_owner"),
      as_role(f"{name}_app"), name)
PY
)

PIDS=()
cleanup() {
  status=$?
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in $SMOKE_LOGS smtp; do
      echo "----- last lines of the $log log -----" >&2
      tail -n 40 "$WORK/$log.log" >&2 2>/dev/null || true
    done
    echo "$SMOKE_NAME test FAILED (logs above; work folder $WORK)" >&2
  fi
  if [ "${SMOKE_KEEP:-0}" != 1 ]; then
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $SMOKE_DB WITH (FORCE)" \
      -c "DROP ROLE IF EXISTS ${SMOKE_DB}_app" -c "DROP ROLE IF EXISTS ${SMOKE_DB}_owner" \
      >/dev/null 2>&1 || true
    [ "$status" -ne 0 ] || rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT

# The owner role owns the database and its tables (and may create the runtime role, which
# `manage.py database_roles` does in the release step); neither is a superuser.
psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $SMOKE_DB WITH (FORCE)" \
  -c "DROP ROLE IF EXISTS ${SMOKE_DB}_app" -c "DROP ROLE IF EXISTS ${SMOKE_DB}_owner" \
  -c "CREATE ROLE ${SMOKE_DB}_owner LOGIN CREATEROLE PASSWORD '$ROLE_PASSWORD'" \
  -c "CREATE DATABASE $SMOKE_DB OWNER ${SMOKE_DB}_owner" >/dev/null

# The production configuration, as .env.example describes it, on loopback.
export DJANGO_SETTINGS_MODULE=rit_portal.settings.production
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')
METRICS_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
export SECRET_KEY METRICS_TOKEN
export DATABASE_URL="$APP_URL" DATABASE_OWNER_URL="$OWNER_URL" REDIS_URL
export CELERY_QUEUE="rit-$SMOKE_NAME-$$"
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
# The mail server: every message the workers send lands in $WORK/mail, one file each.
unset EMAIL_BACKEND EMAIL_FILE_PATH
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export NOTIFICATIONS_SWEEP_SECONDS=2 BEAT_SCHEDULE_FILE="$WORK/beat-schedule"

setsid python scripts/smtp_sink.py --port "$SMTP_PORT" --folder "$WORK/mail" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)
