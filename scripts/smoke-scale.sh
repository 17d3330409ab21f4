#!/usr/bin/env bash
# Scale smoke test: the portal as a deployment across several hosts runs it, on one machine's
# PostgreSQL and Redis: two web instances (gunicorn on two ports), two Celery workers and
# one beat, sharing the database, the broker and an S3 bucket (moto's S3 server, from the
# dev tools, on a loopback port), all started with the production settings and the commands
# of scripts/serve.sh, as scripts/smoke-production.sh does for one host.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_portal \
#   REDIS_URL=redis://127.0.0.1:6379/0  scripts/smoke-scale.sh
#
# HQ logs in on the first instance and publishes the decisions of a call of 200 approvals
# (bench/generate.generate_approvals_to_publish: each its own organisation): the request
# must return at once with the publication's progress page, which the second instance
# serves too (one session, one database). While the publication job runs, the worker
# running it is SIGKILLed in the middle of the batch (its whole process group, as a crash
# would) and started again, as a supervisor would. Then: the job finishes; every approval
# is published once and has one sponsored project and one award letter, rendered and
# e-mailed, its PDF in the bucket; every recipient (each organisation's contact and its member) has received
# exactly one decision e-mail and one award-letter e-mail over SMTP; nothing is left owed.
# Any failure stops it with exit status 1.
#
# Database <name of DATABASE_URL>_scale with its owner and runtime roles, a Celery queue of
# its own, the mail server and its ports: scripts/smoke-lib.sh. SMOKE_APPROVALS changes the
# size (default 200); SMOKE_KEEP=1 keeps the database and the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
SMOKE_NAME=scale SMOKE_LOGS="web-a web-b worker-1 worker-2 beat s3"
# shellcheck source=scripts/smoke-lib.sh
. scripts/smoke-lib.sh
PORT_A=$(free_port)
PORT_B=$(free_port)
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="https://127.0.0.1:$PORT_A"
# One task at a time per worker: the killed worker holds nothing but the publication's
# slice (letters rendering in a killed worker wait for their own, slower, stale sweep).
export WEB_CONCURRENCY=2 WORKER_CONCURRENCY=1
# The publication of a killed worker is resumed by beat's sweep once it has made no
# progress for this long (production: 120 s).
export BOARD_JOB_STALE_SECONDS=10

# The files of every host in one private bucket of an S3 server (production settings switch
# STORAGES to it when AWS_STORAGE_BUCKET_NAME is set).
S3_PORT=$(free_port)
setsid moto_server -H 127.0.0.1 -p "$S3_PORT" >"$WORK/s3.log" 2>&1 &
PIDS+=($!)
export AWS_STORAGE_BUCKET_NAME=rit-scale-media AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export AWS_S3_REGION_NAME=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
python - <<'PY'
import os
import time

import boto3

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"])
for _ in range(100):
    try:
        s3.create_bucket(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"])
        break
    except Exception:  # the server is still starting
        time.sleep(0.2)
else:
    raise SystemExit("FAILED: the S3 server does not answer")
PY

scripts/serve.sh migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
# Two hosts' web instances (each its own static files, as on its own disk), two workers,
# one beat. PIDS: 0 the mail server, 1 the S3 server, 2–3 the webs, 4–5 the workers, 6 beat.
for web in a b; do
  port_var="PORT_${web^^}"
  BIND="127.0.0.1:${!port_var}" STATIC_ROOT="$WORK/static-$web" \
    setsid scripts/serve.sh web >"$WORK/web-$web.log" 2>&1 &
  PIDS+=($!)
done
start_worker() {
  WORKER_NAME="worker$1@%h" setsid scripts/serve.sh worker >>"$WORK/worker-$1.log" 2>&1 &
  PIDS+=($!)
}
start_worker 1
start_worker 2
setsid scripts/serve.sh beat >"$WORK/beat.log" 2>&1 &
PIDS+=($!)

# The checks, from Python (HTTP like a browser behind the TLS proxy; the portal's code to
# make the data and read the outcome). It kills a worker and prints which, and its PID
# file asks for it to be started again.
python - "$PORT_A" "$PORT_B" "$WORK" "${PIDS[4]}" "${PIDS[5]}" "${SMOKE_APPROVALS:-200}" <<'PY' &
import collections
import email
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

PORT_A, PORT_B, WORK = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
WORKERS = {1: int(sys.argv[4]), 2: int(sys.argv[5])}
APPROVALS = int(sys.argv[6])
PASSWORD = "Scale-smoke-passphrase-2027"
cookies: dict[str, str] = {}
passed = 0
BEGAN = time.monotonic()


def check(ok: bool, what: str, detail: object = "") -> None:
    global passed
    if not ok:
        sys.exit(f"FAILED: {what} {detail}")
    passed += 1
    print(f"ok   [{time.monotonic() - BEGAN:4.0f} s] {what}", flush=True)


def request(port: int, method: str, path: str, form: dict | None = None):
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https",
               "Accept-Language": "en", "X-Forwarded-For": "198.51.100.77"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers.update({"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"https://127.0.0.1:{port}",
                        "Referer": f"https://127.0.0.1:{port}{path}"})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, dict(response.getheaders()), content


def post_form(port: int, path: str, form: dict, page: str | None = None):
    status, _, body = request(port, "GET", page or path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
    if status != 200 or token is None:
        sys.exit(f"FAILED: no form at {page or path} ({status})")
    return request(port, "POST", path, {"csrfmiddlewaretoken": token.group(1), **form})


def manage(code: str) -> str:
    out = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        sys.exit(f"FAILED: manage.py shell: {out.stderr[-2000:]}")
    return out.stdout.strip()


def wait_for(predicate, what: str, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(interval)
    sys.exit(f"FAILED: {what} (nothing within {timeout:.0f} s)")


def progress(port: int, job: int) -> dict:
    status, _, body = request(port, "GET", f"/sponsorship/board-jobs/{job}/progress/")
    return json.loads(body) if status == 200 else {}


for port in (PORT_A, PORT_B):
    wait_for(lambda: request(port, "GET", "/health/")[0] == 200,
             f"the web instance on port {port} answers", 180)
check(True, "two web instances answer their health check")

# A call of approvals to publish, and HQ staff with a password and a second factor.
started = time.monotonic()
call = int(manage(f"from bench.generate import generate_approvals_to_publish\n"
                  f"print(generate_approvals_to_publish(approvals={APPROVALS}).pk)"))
key = secrets.token_hex(20)
manage("from django_otp.plugins.otp_totp.models import TOTPDevice\n"
       "from accounts.models import User\n"
       "hq = User.objects.get(email='hq@bench.example.jp')\n"
       f"hq.set_password('{PASSWORD}'); hq.save()\n"
       f"TOTPDevice.objects.create(user=hq, name='smoke', confirmed=True, key='{key}')")
check(True, f"{APPROVALS} approvals to publish generated in {time.monotonic() - started:.0f} s")

status, headers, _ = post_form(PORT_A, "/accounts/login/",
                               {"username": "hq@bench.example.jp", "password": PASSWORD})
check(status == 302, "HQ logs in on the first instance", status)
from django_otp.oath import TOTP  # noqa: E402 - the dev venv's, as the server's

status, headers, _ = post_form(PORT_A, "/accounts/two-factor/verify/",
                               {"code": f"{TOTP(bytes.fromhex(key)).token():06d}"})
check(status == 302, "HQ confirms the second factor", status)

board = f"/sponsorship/calls/{call}/board/"
started = time.monotonic()
status, headers, _ = post_form(PORT_A, f"/sponsorship/calls/{call}/publish/", {}, page=board)
took = time.monotonic() - started
location = headers.get("Location", "")
found = re.fullmatch(r"/sponsorship/board-jobs/(\d+)/", location)
check(status == 302 and found is not None and took < 10,
      f"publishing {APPROVALS} approvals answers at once ({took:.2f} s) with the job's page",
      (status, location))
job = int(found.group(1))
status, _, body = request(PORT_B, "GET", location)
check(status == 200 and f'data-progress-url="{location}progress/"' in body.decode(),
      "the second instance serves the progress page (one session, one database)", status)

# Kill the worker that is running the publication, in the middle of the batch.
def running_on() -> int | None:
    """The worker whose log shows a slice of the job received and not yet finished."""
    for number in WORKERS:
        log = (WORK / f"worker-{number}.log").read_text(errors="replace")
        received = set(re.findall(r"sponsorship\.run_board_job\[([0-9a-f-]+)\] received", log))
        finished = set(re.findall(r"sponsorship\.run_board_job\[([0-9a-f-]+)\] (?:succeeded|"
                                  r"raised|retry)", log))
        if received - finished:
            return number
    return None


wait_for(lambda: progress(PORT_B, job).get("done", 0) >= min(20, APPROVALS // 4),
         "the publication makes progress", 120)
victim = wait_for(running_on, "a worker is running the publication", 60, interval=0.1)
os.killpg(WORKERS[victim], signal.SIGKILL)
done_then = progress(PORT_A, job)["done"]
check(0 < done_then < APPROVALS,
      f"worker {victim} SIGKILLed in the middle of the publication ({done_then} of "
      f"{APPROVALS} done)", done_then)
(WORK / "restart-worker").write_text(str(victim))  # the supervisor starts it again
wait_for(lambda: progress(PORT_A, job).get("finished"), "the publication finishes", 240)
check(progress(PORT_B, job)["status"] == "done", "the publication finished without a failure",
      progress(PORT_B, job))

# Every letter rendered and e-mailed, nothing left owed.
outcome_code = (
    "from django.core.files.storage import default_storage\n"
    "from django.db.models import Count\n"
    "from accounts.mail import organisation_recipients\n"
    "from applications.models import Application\n"
    "from notifications.models import Notification\n"
    "from projects.models import Project\n"
    "from sponsorship.models import AwardLetter, BoardJob\n"
    f"job = BoardJob.objects.get(pk={job})\n"
    "apps = Application.objects.filter(call=job.call_id)\n"
    "letters = AwardLetter.objects.filter(decision__application__call=job.call_id)\n"
    "print(json.dumps({'items': sorted(set(job.items.values_list('status', flat=True))),\n"
    " 'runs': job.runs, 'published': apps.filter(decision_published_at__isnull=False).count(),\n"
    " 'projects': Project.objects.filter(application__call=job.call_id).count(),\n"
    " 'letters': letters.count(), 'letters_emailed': letters.filter(status='ready',\n"
    "   emailed_at__isnull=False).count(),\n"
    " 'letters_per_decision': max(letters.values('decision').annotate(n=Count('pk'))\n"
    "   .values_list('n', flat=True)),\n"
    " 'owed': Notification.objects.exclude(status='sent').count(),\n"
    " 'in_bucket': sorted({o.key for o in default_storage.bucket.objects.filter(Prefix='letters/')}\n"
    "   ) == sorted(letters.values_list('file', flat=True)),\n"
    " 'recipients': sorted(r for a in apps.select_related('organisation')\n"
    "   for r in organisation_recipients(a.organisation))}))\n")


def outcome() -> dict:
    return json.loads(manage("import json\n" + outcome_code))


def settled():
    found = outcome()
    return found if (found["letters_emailed"] == APPROVALS and found["owed"] == 0) else None


found = wait_for(settled, "every award letter rendered and e-mailed, nothing owed", 240,
                 interval=3)
check(found["items"] == ["done"] and found["published"] == APPROVALS
      and found["projects"] == APPROVALS and found["runs"] >= 2,
      f"each of the {APPROVALS} approvals published once, with its project "
      f"(the job ran {found['runs']} times)", {k: v for k, v in found.items()
                                               if k != "recipients"})
check(found["letters"] == APPROVALS and found["letters_per_decision"] == 1
      and found["in_bucket"],
      f"one award letter per approval ({found['letters']}), each PDF in the S3 bucket and "
      "nothing else there", (found["letters"], found["in_bucket"]))

# What the mail server received: per recipient, one decision e-mail and one letter e-mail.
received = collections.Counter()
for path in sorted((WORK / "mail").glob("*.eml")):
    message = email.message_from_bytes(path.read_bytes())
    kind = ("letter" if any(part.get_content_type() == "application/pdf"
                            for part in message.walk()) else "decision")
    for recipient in message["X-Envelope-To"].split(", "):
        received[(recipient, kind)] += 1
expected = {(recipient, kind): 1 for recipient in found["recipients"]
            for kind in ("decision", "letter")}
check(dict(received) == expected,
      f"{sum(received.values())} deliveries: each of the {len(found['recipients'])} "
      "recipients got one decision e-mail and one award letter, none lost or doubled",
      sorted(set(received.items()) ^ set(expected.items()))[:10])
print(f"scale smoke test passed: {passed} checks", flush=True)
PY
checker=$!
# The supervisor: start a killed worker again when the checks ask for it.
while kill -0 "$checker" 2>/dev/null; do
  if [ -f "$WORK/restart-worker" ]; then
    number=$(cat "$WORK/restart-worker") && rm -f "$WORK/restart-worker"
    echo "----- worker $number restarted after SIGKILL -----" >>"$WORK/worker-$number.log"
    start_worker "$number"
  fi
  sleep 0.5
done
wait "$checker"

echo "scale smoke test took $(( $(date +%s) - started )) s"
