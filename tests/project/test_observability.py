"""Seeing inside: a request id on every log line (JSON under production settings), carried
into the tasks the request queues; optional error reporting (Sentry, only with SENTRY_DSN,
no personal data); the metrics endpoint (request latency by view, the task queue, e-mails
owed, letters and reports pending or failed), for the operator's scraper and the site
administrator only."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from notifications.services import notifications_sweep
from rit_portal.observability import RequestIdFilter
from tests.applications.builders import applicant_of, complete_application
from tests.conftest import ROOT, wait_for
from tests.factories import UserFactory

SUBMISSION_ID = "lb-7f3a9c2e-submission"


class JsonLines:
    """The console handler of production's LOGGING (JSON formatter, request-id filter),
    writing into a buffer."""

    def __init__(self):
        from pythonjsonlogger.json import JsonFormatter

        self.buffer = io.StringIO()
        self.handler = logging.StreamHandler(self.buffer)
        self.handler.setFormatter(JsonFormatter(
            "{asctime}{levelname}{name}{message}{request_id}", style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
        self.handler.addFilter(RequestIdFilter())

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.buffer.getvalue().splitlines()]


@pytest.fixture
def web_log():
    # Loading the tasks modules the first time runs django.setup() again (Celery's Django
    # fixup), which configures logging anew: do it before adding the handler.
    from rit_portal.queueing import task_named

    task_named("notifications.send")
    lines = JsonLines()
    root = logging.getLogger()
    saved = root.level
    root.addHandler(lines.handler)
    root.setLevel(logging.INFO)
    yield lines
    root.removeHandler(lines.handler)
    root.setLevel(saved)


def test_every_response_names_its_request_id_and_the_request_is_logged_with_it(client, db,
                                                                                web_log):
    given = client.get(reverse("public-home"), HTTP_X_REQUEST_ID="abc-123")
    made = client.get(reverse("public-home"))
    hostile = client.get(reverse("public-home"), HTTP_X_REQUEST_ID="x\n{\"forged\": 1}")
    assert given["X-Request-ID"] == "abc-123"
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"] != "abc-123"
    assert len(hostile["X-Request-ID"]) == 32  # a header that is no sane id is replaced
    requests = [line for line in web_log.lines() if line["logger"] == "rit_portal.requests"]
    assert [(line["request_id"], line["view"], line["status"]) for line in requests] == [
        ("abc-123", "public-home", 200), (made["X-Request-ID"], "public-home", 200),
        (hostile["X-Request-ID"], "public-home", 200)]
    assert requests[0]["message"].startswith("GET public-home 200 ")
    assert set(requests[0]) >= {"time", "level", "logger", "message", "duration_ms"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_id_is_in_the_web_and_the_worker_log_lines_of_one_submission(
        client, celery_worker_process, web_log, tmp_path):
    worker = celery_worker_process(LOG_FORMAT="json")
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:submit", args=[application.pk]),
                           {"confirm": "on"}, HTTP_X_REQUEST_ID=SUBMISSION_ID)
    assert (response.status_code, response["X-Request-ID"]) == (302, SUBMISSION_ID)
    web = [line for line in web_log.lines() if line["request_id"] == SUBMISSION_ID]
    assert [(line["view"], line["status"]) for line in web
            if line["logger"] == "rit_portal.requests"] == [("applications:submit", 302)]

    def worker_lines():
        lines = []
        for text in worker.log.read_text().splitlines():
            if text.startswith("{"):
                lines.append(json.loads(text))
        return [line for line in lines if line.get("request_id") == SUBMISSION_ID]

    sent = wait_for(lambda: [line for line in worker_lines()
                             if line["message"].startswith("Sent e-mail")], timeout=90)
    assert sent[0]["logger"] == "notifications.services"
    assert sent[0]["message"].endswith("(application_submitted)")
    # Every line the worker writes is one JSON object (no plain-text banner lines once it runs).
    assert any("succeeded" in line["message"] for line in worker_lines())


def test_production_logs_one_json_object_per_line_and_sentry_only_with_a_dsn(tmp_path):
    code = ("import logging, django; django.setup(); import sentry_sdk\n"
            "client = sentry_sdk.get_client()\n"
            "logging.getLogger('rit_portal.check').warning('two\\nlines')\n"
            "print(client.is_active(), client.options.get('send_default_pii'))\n")
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.production",
                "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "rit.example.jp",
                "EMAIL_URL": "smtp://127.0.0.1:2525"}
    base_env.pop("SENTRY_DSN", None)
    runs = {}
    for name, extra in (("off", {}), ("on", {"SENTRY_DSN": "https://key@sentry.example/1"})):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base_env, **extra},
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        runs[name] = out
    assert runs["off"].stdout.split() == ["False", "None"]
    assert runs["on"].stdout.split() == ["True", "False"]
    record = json.loads(runs["off"].stderr.strip().splitlines()[-1])
    assert (record["level"], record["logger"], record["message"], record["request_id"]) == (
        "WARNING", "rit_portal.check", "two\nlines", "-")


# --- /metrics/ -------------------------------------------------------------------------------

def samples(text: str) -> dict[str, float]:
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines() if line and not line.startswith("#")}


def scrape(client, token="metrics-token-for-tests") -> dict[str, float]:
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (response.status_code, response["Content-Type"]) == (
        200, "text/plain; version=1.0.0; charset=utf-8")
    return samples(response.content.decode())


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = "metrics-token-for-tests"


def test_metrics_are_for_the_scraper_and_the_administrator_only(client, db, metrics_token):
    url = reverse("metrics")
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer metrics-token-for-tests").status_code == 200
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.HQ_STAFF, is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200


def test_metrics_without_a_token_configured_refuse_every_bearer(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_request_latency_by_view(client, db, metrics_token):
    before = scrape(client).get(
        'rit_request_duration_seconds_count{method="GET",view="public-home"}', 0)
    client.get(reverse("public-home"))
    client.get(reverse("public-home"))
    after = scrape(client)
    assert after['rit_request_duration_seconds_count{method="GET",view="public-home"}'] == (
        before + 2)
    assert after['rit_requests_total{method="GET",status="200",view="public-home"}'] >= 2


def test_emails_owed_rise_while_the_broker_is_down_and_fall_after(client, db, metrics_token,
                                                                  broker_down):
    from applications.services import application_submit

    owed = 'rit_emails{status="pending"}'
    assert scrape(client)[owed] == 0
    for _ in range(2):
        application = complete_application()
        application_submit(application=application, by=applicant_of(application.organisation))
    # The tests' transaction never commits: run the on-commit hooks as a commit would.
    from django.db import connection
    for _sids, hook, _robust in connection.run_on_commit[:]:
        hook()
    connection.run_on_commit.clear()
    assert scrape(client)[owed] == 2
    metrics = scrape(client)
    assert (metrics['rit_award_letters{status="failed"}'],
            metrics['rit_annual_reports{status="pending"}'],
            metrics['rit_board_jobs{status="failed"}']) == (0, 0, 0)
    from tests.conftest import celery_broker

    with celery_broker("memory://localhost/", eager=True):  # the broker is back
        notifications_sweep(now=timezone.now())
    assert scrape(client)[owed] == 0
