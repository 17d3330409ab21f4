"""A Redis that stalls or is down costs a user a few seconds at most, never an error page:
every Redis connection has socket timeouts (settings.REDIS_SOCKET_TIMEOUT), the API's rate
limit counts in the process while the shared cache does not answer, and /health/ answers
within 2 s whatever hangs.

The stalled Redis is a TCP server that accepts connections and never answers (what a
failover or `CLIENT PAUSE` looks like to a client), on a port of the test's own."""

import threading
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from monitoring.services import api_token_create
from notifications.enums import NotificationStatus
from notifications.models import Notification
from rit_portal import caching
from tests.applications.builders import applicant_of, complete_application
from tests.factories import UserFactory

# Gunicorn cuts a request after 60 s (scripts/serve.sh); the portal's own limit for a stalled
# broker is about 2 x REDIS_SOCKET_TIMEOUT (one publish retry).
REQUEST_LIMIT = 60
MAIL_FOLLOWS = ("The e-mail about this will follow shortly: it is recorded and will be sent "
                "as soon as the mail queue answers again.")


def timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - started


def test_every_redis_connection_has_timeouts_below_the_request_limit():
    from rit_portal.celery import app

    limit = settings.REDIS_SOCKET_TIMEOUT
    assert 0 < 2 * limit + settings.REDIS_CONNECT_TIMEOUT < REQUEST_LIMIT / 4
    assert app.conf.broker_transport_options["socket_timeout"] == limit
    assert app.conf.broker_transport_options["socket_connect_timeout"] == (
        settings.REDIS_CONNECT_TIMEOUT)
    assert app.conf.task_publish_retry_policy["max_retries"] == 1
    assert (app.conf.redis_socket_timeout, app.conf.redis_socket_connect_timeout) == (
        limit, settings.REDIS_CONNECT_TIMEOUT)
    from rit_portal.settings import base
    if base.REDIS_URL:
        assert base.CACHES["default"]["OPTIONS"] == {
            "socket_timeout": limit, "socket_connect_timeout": settings.REDIS_CONNECT_TIMEOUT}


# The real request cycle (ATOMIC_REQUESTS commits, then the on-commit hooks run); the
# reference data loaded by migrations is kept across the flush.
real_commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@real_commits
def test_a_submission_with_the_broker_stalled_commits_and_says_the_mail_follows(
        client, broker_stalls):
    """The real request cycle (ATOMIC_REQUESTS commits, the on-commit hook queues the
    e-mail): the broker takes the connection and never answers."""
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    response, seconds = timed(client.post, reverse("applications:submit",
                                                   args=[application.pk]), {"confirm": "on"})
    assert (response.status_code, response["Location"]) == (
        302, reverse("applications:detail", args=[application.pk]))
    assert seconds < 2 * settings.REDIS_SOCKET_TIMEOUT + 5 < REQUEST_LIMIT
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)
    assert notification.last_error.startswith("The task queue was unreachable")
    assert notification.next_attempt_at <= timezone.now()  # owed now: the next sweep sends it
    page = client.get(response["Location"])
    assert [(m.level_tag, str(m)) for m in page.context["messages"]] == [
        ("success", f"Your application has been submitted with reference "
                    f"{application.reference}. A confirmation e-mail is on its way."),
        ("warning", MAIL_FOLLOWS)]


@real_commits
def test_the_mail_follows_message_is_in_the_users_language(client, broker_down):
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    client.post(reverse("applications:submit", args=[application.pk]), {"confirm": "on"},
                HTTP_ACCEPT_LANGUAGE="ja")
    page = client.get(reverse("applications:detail", args=[application.pk]),
                      HTTP_ACCEPT_LANGUAGE="ja")
    assert [str(m) for m in page.context["messages"]][-1] == (
        "この件のメールは後ほどお送りします。送信内容は記録済みで、"
        "メール送信の仕組みが復旧し次第送信されます。")


@real_commits
def test_when_the_broker_takes_the_task_nobody_is_told_anything_more(client):
    """Embedded default (tasks in-process): the e-mail is sent, no notice."""
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    client.post(reverse("applications:submit", args=[application.pk]), {"confirm": "on"})
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert [m.level_tag for m in page.context["messages"]] == ["success"]
    assert Notification.objects.get().status == NotificationStatus.SENT


# --- The API's rate limit without Redis --------------------------------------------------

@pytest.fixture
def shared_cache_at(settings):
    """Point the default cache at a Redis URL for the test; the fallback forgets failures."""

    def point(url: str):
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
            "OPTIONS": {"socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
                        "socket_connect_timeout": settings.REDIS_CONNECT_TIMEOUT}}}
        caches._settings = caches.settings = settings.CACHES
        if hasattr(caches._connections, "default"):
            del caches._connections.default
        caching.shared_cache_mark_up()
        caching._local.clear()

    yield point
    if hasattr(caches._connections, "default"):
        del caches._connections.default
    caching.shared_cache_mark_up()
    caching._local.clear()


@pytest.mark.parametrize("redis_is", ["down", "stalled"])
def test_the_api_answers_within_its_rate_limit_when_redis_is_down(
        client, hq_staff, settings, shared_cache_at, stalling_server, redis_is):
    from tests.conftest import closed_port

    port = closed_port() if redis_is == "down" else stalling_server.port
    shared_cache_at(f"redis://127.0.0.1:{port}/0")
    settings.API_RATE = "3/m"
    token = api_token_create(by=hq_staff, label="stats")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    answers = []
    for _ in range(4):
        response, seconds = timed(client.get, "/api/v1/calls", **headers)
        answers.append((response.status_code, response["Content-Type"], seconds))
    assert [(status, kind) for status, kind, _ in answers] == [
        (200, "application/json; charset=utf-8")] * 3 + [(429, "application/json; charset=utf-8")]
    # One socket timeout at most (the first request), then none: Redis is not asked again.
    assert answers[0][2] < settings.REDIS_SOCKET_TIMEOUT + 3
    assert all(seconds < 2 for _, _, seconds in answers[1:])
    colleague = UserFactory(role=Role.HQ_STAFF)
    client.force_login(colleague)
    assert client.get("/api/v1/calls").status_code == 200


def test_the_api_counts_in_redis_again_once_it_answers(client, hq_staff, settings,
                                                        shared_cache_at, require_redis):
    shared_cache_at(settings.CELERY_BROKER_URL)
    caches["default"].clear()
    settings.API_RATE = "2/m"
    token = api_token_create(by=hq_staff, label="stats")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert [client.get("/api/v1/calls", **headers).status_code for _ in range(3)] == [
        200, 200, 429]
    assert not caching.shared_cache_marked_down()
    assert len(caches["default"].get(f"throttle_rit-api_{hq_staff.pk}")) == 2
    caches["default"].clear()


# --- /health/ within 2 s -------------------------------------------------------------------

def test_health_answers_within_two_seconds_when_the_broker_stalls(client, db, broker_stalls):
    response, seconds = timed(client.get, reverse("health"))
    assert (response.status_code, response.json()) == (
        503, {"status": "unavailable", "database": "ok", "broker": "unreachable"})
    assert seconds < 2


def test_health_answers_within_two_seconds_when_the_database_hangs(client, db, monkeypatch):
    from rit_portal import views

    released = threading.Event()

    def hangs():
        released.wait(30)
        return "ok"

    monkeypatch.setattr(views, "_database_state", hangs)
    try:
        response, seconds = timed(client.get, reverse("health"))
    finally:
        released.set()
    assert (response.status_code, response.json()) == (
        503, {"status": "unavailable", "database": "unreachable", "broker": "not used"})
    assert seconds < 2
