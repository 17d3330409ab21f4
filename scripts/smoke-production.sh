#!/usr/bin/env bash
# Production smoke test: the portal as a deployment runs it, on real PostgreSQL and Redis.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_portal \
#   REDIS_URL=redis://127.0.0.1:6379/0  scripts/smoke-production.sh
#
# Under rit_portal.settings.production it runs the same commands as the Docker image
# (scripts/serve.sh migrate: migrate and reference data under the release lock, then the
# runtime role's grants, as the owner role; then web, worker, beat: collectstatic and
# gunicorn on 127.0.0.1, a Celery worker, Celery beat, all three as the runtime role, as
# docker-compose.yml does), then checks over HTTP that the public pages, the login page
# (with its CSP and Permissions-Policy), a static file, the
# health check and the 404 page answer, that a user logs in and reaches their home page
# (never stored), that an e-mail recorded by a page is sent by the worker through Redis to
# a mail server over SMTP (scripts/smtp_sink.py on a loopback port: production settings
# send by SMTP only, EMAIL_URL) and that its link opens, that a task sent through Redis
# runs in the worker, that beat's sweep sends an e-mail left owed, and that production
# settings refuse to start without a mail server; and that the web and the worker run as
# the runtime role, which cannot TRUNCATE the history, change a history entry or turn its
# trigger off. Any failure stops it with exit status 1.
#
# It uses a database of its own, <name of DATABASE_URL>_smoke on the same server, owned by
# a role <database>_owner, with the runtime role <database>_app (DATABASE_URL's role must
# be allowed to create roles and databases; all three dropped and created again, dropped
# at the end: scripts/smoke-lib.sh), a Celery queue of its own on REDIS_URL, and
# SMOKE_PORT and SMOKE_SMTP_PORT (default: free ports). Python, gunicorn and celery come from .venv/bin when
# it exists, else from PATH. SMOKE_KEEP=1 keeps the database and the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
SMOKE_NAME=smoke SMOKE_LOGS="web worker beat"
# shellcheck source=scripts/smoke-lib.sh
. scripts/smoke-lib.sh
PORT=${SMOKE_PORT:-$(free_port)}
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="https://127.0.0.1:$PORT"
export BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 WORKER_CONCURRENCY=1

# The release step first, as a deployment runs it (once, before anything starts); then the
# processes, none of which migrates.
scripts/serve.sh migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
for process in web worker beat; do
  setsid scripts/serve.sh "$process" >"$WORK/$process.log" 2>&1 &
  PIDS+=($!)
done

# Everything else is checked from Python: HTTP like a browser behind the TLS proxy, and the
# portal's own code where a check needs it (creating the user, sending a task).
python - "$PORT" "$WORK" "${PIDS[1]}" "${PIDS[2]}" <<'PY'
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

PORT, WORK = int(sys.argv[1]), Path(sys.argv[2])
WEB_PID, WORKER_PID = int(sys.argv[3]), int(sys.argv[4])
HOST = f"127.0.0.1:{PORT}"
EMAIL, PASSWORD = "smoke@rit-smoke.example.jp", "Smoke-test-passphrase-2027"
cookies: dict[str, str] = {}
passed = 0


def check(ok: bool, what: str, detail: object = "") -> None:
    global passed
    if not ok:
        sys.exit(f"FAILED: {what} {detail}")
    passed += 1
    print(f"ok   {what}", flush=True)


def request(method: str, path: str, form: dict | None = None, language: str = "ja",
            anonymous: bool = False):
    connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
    # As the TLS-terminating proxy would send it (SECURE_PROXY_SSL_HEADER, and the client
    # address that TRUSTED_PROXY_COUNT=1 reads).
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": language,
               "X-Forwarded-For": "198.51.100.77"}  # the client the proxy saw
    if cookies and not anonymous:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers.update({"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, dict(response.getheaders()), content


def manage(code: str) -> str:
    out = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit(f"FAILED: manage.py shell: {out.stderr[-2000:]}")
    return out.stdout.strip()


def wait_for(predicate, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.5)
    sys.exit(f"FAILED: {what} (nothing within {timeout:.0f} s)")


def mails_containing(text: str) -> list[str]:
    """Messages the mail server received (scripts/smtp_sink.py) that contain `text`."""
    folder = WORK / "mail"
    found = [p.read_text() for p in folder.glob("*.eml")] if folder.exists() else []
    return [m for m in found if text in m]


# gunicorn answers once collectstatic is done (the release step ran before).
wait_for(lambda: request("GET", "/health/")[0] == 200, "the health check answers 200", 180)
status, _, body = request("GET", "/health/")
check(json.loads(body) == {"status": "ok", "database": "ok", "broker": "ok"},
      "health: database and broker reachable", body)

status, _, body = request("GET", "/")
page = body.decode()
check(status == 200 and '<html lang="ja">' in page, "public home page (Japanese)", status)
status, _, body = request("GET", "/", language="en")
check(status == 200 and "Calls for applications" in body.decode(), "public home page (English)")
css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
check(css is not None, "pages name the hashed static files (collectstatic manifest)")
status, headers, body = request("GET", css.group(1))
check(status == 200 and headers.get("Content-Type", "").startswith("text/css")
      and "max-age=315360000" in headers.get("Cache-Control", "") and len(body) > 100_000,
      "a static file is served with a long cache lifetime", (status, headers))
status, _, body = request("GET", "/no-such-page/")
check(status == 404 and "ページが見つかりません" in body.decode(), "the 404 page (Japanese)")

manage("from accounts.services import organisation_register\n"
       "from regions.models import Prefecture\n"
       "organisation_register(organisation={'name_ja': 'スモークテスト振興会', 'name_en': 'Smoke',"
       " 'org_type': 'business_association', 'prefecture': Prefecture.objects.get(code='08'),"
       " 'address': '水戸市', 'representative_name_ja': '山田 太郎', 'representative_name_en': 'Taro Yamada',"
       " 'contact_name': '佐藤 花子', 'contact_email': 'office@rit-smoke.example.jp',"
       " 'preferred_language': 'ja'},"
       f" email='{EMAIL}', password='{PASSWORD}', first_name='花子', last_name='佐藤')")
status, headers, body = request("GET", "/accounts/login/")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
check(status == 200 and token is not None, "the login page")
check("script-src 'self'" in headers.get("Content-Security-Policy", "")
      and "unsafe" not in headers.get("Content-Security-Policy", "")
      and headers.get("Permissions-Policy", "").startswith("accelerometer=()"),
      "a Content Security Policy without inline code, and a Permissions-Policy", headers)
status, headers, _ = request("POST", "/accounts/login/", {
    "csrfmiddlewaretoken": token.group(1), "username": EMAIL, "password": PASSWORD})
check(status == 302 and headers.get("Location") == "/home/", "logging in", (status, headers))
status, headers, body = request("GET", "/home/")
check(status == 200 and "スモークテスト振興会" in body.decode(), "the user's home page")
check("no-store" in headers.get("Cache-Control", ""), "a logged-in page is never stored",
      headers)

# A page records an e-mail; the worker sends it, through Redis.
status, _, body = request("GET", "/accounts/colleagues/")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
status, headers, _ = request("POST", "/accounts/colleagues/", {
    "csrfmiddlewaretoken": token, "email": "colleague@rit-smoke.example.jp"})
check(status == 302, "inviting a colleague", status)
mail = wait_for(lambda: mails_containing("X-Envelope-To: colleague@rit-smoke.example.jp"),
                "the invitation e-mail reaches the mail server over SMTP", 60)
link = re.search(r"https://127\.0\.0\.1:\d+(/accounts/invitations/[0-9a-f]+/)", mail[0])
check(link is not None and request("GET", link.group(1), anonymous=True)[0] == 200,
      "the worker sends the invitation to the mail server over SMTP, and its link opens",
      mail[0])

counts = manage("from regions.tasks import reference_counts\n"
                "print(reference_counts.delay().get(timeout=60))")
check(counts == "{'database': 'postgresql', 'prefectures': 47, 'offices': 130}",
      "a task sent through Redis runs in the worker", counts)

# An e-mail left owed (as when the broker was down): beat's sweep has it sent.
manage("from django.utils import timezone\n"
       "from notifications.models import Notification\n"
       "invitation = Notification.objects.get()\n"
       "Notification.objects.create(kind=invitation.kind, key='smoke-owed',"
       " params=invitation.params, recipients=['owed@rit-smoke.example.jp'], language='en',"
       " next_attempt_at=timezone.now())")
wait_for(lambda: mails_containing("X-Envelope-To: owed@rit-smoke.example.jp"),
         "beat's sweep sends an owed e-mail", 60)
check(True, "beat's sweep sends an owed e-mail through the worker")

# The operator's view: metrics for the scraper's token only (summed over the gunicorn
# workers), and JSON log lines carrying the request id.
status, _, _ = request("GET", "/metrics/", anonymous=True)
check(status == 404, "the metrics are not public", status)
connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
connection.request("GET", "/metrics/", headers={
    "Host": HOST, "Authorization": f"Bearer {os.environ['METRICS_TOKEN']}"})
metrics = connection.getresponse().read().decode()
check('rit_emails{status="pending"} 0.0' in metrics
      and 'rit_request_duration_seconds_count{method="GET",view="public-home"}' in metrics
      and 'rit_task_queue_length{queue="' in metrics,
      "the metrics: e-mails owed, latency by view, the task queue", metrics[-800:])
web_lines = [json.loads(line) for line in (WORK / "web.log").read_text().splitlines()
             if line.startswith("{")]
ids = {line["request_id"] for line in web_lines if line.get("view") == "colleagues"}
check(len(ids) >= 2 and "-" not in ids, "web log lines are JSON with a request id each", ids)
# The web and the worker connect as the runtime role; the owner's URL is not in their
# environment (scripts/serve.sh keeps it for migrate and database_roles).
for name, pid, program in (("the web", WEB_PID, "gunicorn"), ("the worker", WORKER_PID, "celery")):
    environ = dict(item.split("=", 1) for item in
                   Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in item)
    command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    check(program in command and environ.get("DATABASE_URL") == os.environ["DATABASE_URL"]
          and "DATABASE_OWNER_URL" not in environ,
          f"{name} ({program}) runs as the runtime role, without the owner's URL", command)
# What the runtime role may not do to the history (tests/audit/test_database_roles.py
# tries more): each statement refused by PostgreSQL.
refusals = manage(
    "from django.db import connection, transaction\n"
    "for sql in ('TRUNCATE applications_auditevent', 'DELETE FROM applications_auditevent',"
    " 'UPDATE applications_statuschange SET note = note',"
    " 'ALTER TABLE applications_auditevent DISABLE TRIGGER ALL',"
    " 'SET session_replication_role = replica'):\n"
    "    try:\n"
    "        with transaction.atomic(), connection.cursor() as cursor:\n"
    "            cursor.execute(sql)\n"
    "        print('allowed:', sql)\n"
    "    except Exception as exc:\n"
    "        print('refused:', type(exc.__cause__).__name__)\n"
    "cursor = connection.cursor(); cursor.execute('SELECT current_user'); print(cursor.fetchone()[0])")
check(refusals.splitlines() == ["refused: InsufficientPrivilege"] * 5
      + [os.environ["DATABASE_URL"].split("//")[1].split(":")[0]],
      "the runtime role cannot truncate, change or unprotect the history", refusals)

# Without a mail server production settings do not start (the console backend would show
# messages, secret links included, to whoever reads the output).
for unset, shown in ((("EMAIL_URL",), "Set the EMAIL_URL environment variable"),
                     ((), "EMAIL_URL names a backend that keeps e-mail on the machine")):
    env = {k: v for k, v in os.environ.items() if k not in unset}
    if not unset:
        env["EMAIL_URL"] = "consolemail://"
    out = subprocess.run([sys.executable, "manage.py", "check"], capture_output=True,
                         text=True, timeout=120, env=env)
    check(out.returncode != 0 and shown in out.stderr,
          f"production settings refuse to start: {shown}", out.stderr[-500:])
print(f"smoke test passed: {passed} checks", flush=True)
PY

echo "production smoke test took $(( $(date +%s) - started )) s"
