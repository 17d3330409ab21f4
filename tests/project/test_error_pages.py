"""404 and 500 in the reader's language and the site's layout (a refused page is the 404);
the 500 page without the database; a database that fails mid-request leaves nothing
half-written; the health check for load balancers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from notifications.models import Notification
from tests.applications.builders import applicant_of, complete_application
from tests.conftest import closed_port

ROOT = Path(__file__).resolve().parents[2]

SERVER_ERROR = {
    "ja": "申し訳ありません。ポータル側で問題が発生しました",
    "en": "Sorry, something went wrong on our side",
}


def use(client, language: str) -> None:
    client.cookies["django_language"] = language


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("ja", "ページが見つかりません"),
                                                   ("en", "Page not found")])
def test_404_in_the_readers_language_in_the_layout(client, language, heading):
    use(client, language)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<h1 class="h3">{heading}</h1>' in page
    assert f'<html lang="{language}">' in page
    assert 'id="language-switcher"' in page  # the full layout, navigation included


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("ja", "ページが見つかりません"),
                                                   ("en", "Page not found")])
def test_a_refused_page_is_the_404_page_in_the_readers_language(client, applicant, language,
                                                                heading):
    """One policy for pages a role may not use (issue 10): they do not exist for it."""
    client.force_login(applicant)
    use(client, language)
    response = client.get(reverse("sponsorship:letter-calls"))
    assert response.status_code == 404
    assert f'<h1 class="h3">{heading}</h1>' in response.content.decode()


def failing_database(*, on: str = ""):
    """An execute wrapper: every query (or, with `on`, the first whose SQL holds it, and all
    after it) fails as if the database had gone away."""
    state = {"down": not on}

    def wrapper(execute, sql, params, many, context):
        if on and on in sql:
            state["down"] = True
        # Savepoints pass: the test's own transaction must survive to be inspected.
        if state["down"] and "SAVEPOINT" not in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_500_page_needs_no_database_and_speaks_both_languages(language):
    client = Client(raise_request_exception=False)
    use(client, language)
    with connection.execute_wrapper(failing_database()):
        response = client.get(reverse("public-home"))
    page = response.content.decode()
    assert response.status_code == 500
    other = "en" if language == "ja" else "ja"
    # The reader's language first, then the other one; the layout's header and footer.
    assert page.index(SERVER_ERROR[language]) < page.index(SERVER_ERROR[other])
    assert f'<html lang="{language}">' in page
    assert 'data-testid="error-page"' in page
    assert "navbar" in page and "<footer" in page


@pytest.mark.django_db
def test_a_database_failing_mid_submission_leaves_nothing_half_written():
    application = complete_application()
    user = applicant_of(application.organisation)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    # The status is written, then the database goes away before the timeline entry.
    with connection.execute_wrapper(failing_database(on='INSERT INTO "applications_statuschange"')):
        response = client.post(reverse("applications:submit", args=[application.pk]),
                               {"confirm": "on"})
    assert response.status_code == 500
    assert SERVER_ERROR["en"] in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.reference, application.submitted_at) == (
        S.DRAFT, None, None)
    assert (application.status_changes.count(), Notification.objects.count()) == (0, 0)


def run_without_database(code: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh process whose database is a closed port on this machine."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.test",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/rit_unreachable",
           "DEBUG": "False"}
    env.pop("RIT_REQUIRE_SERVICES", None)
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_an_unreachable_database_gives_the_bilingual_error_page_and_a_503_health():
    out = run_without_database(
        "import json\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE='ja')\n"
        "page = client.get('/')\n"
        "login = client.post('/accounts/login/', {'username': 'a@b.jp', 'password': 'x'})\n"
        "health = client.get('/health/')\n"
        "print(json.dumps([page.status_code, page.content.decode(), login.status_code,\n"
        "                  health.status_code, health.json()]))\n")
    assert out.returncode == 0, out.stderr
    page_status, page, login_status, health_status, health = json.loads(
        out.stdout.strip().splitlines()[-1])
    assert (page_status, login_status) == (500, 500)
    assert page.index(SERVER_ERROR["ja"]) < page.index(SERVER_ERROR["en"])
    assert (health_status, health) == (
        503, {"status": "unavailable", "database": "unreachable", "broker": "not used"})


@pytest.mark.django_db
def test_health_in_the_embedded_default(client):
    response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "database": "ok", "broker": "not used"})
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_with_the_broker_down_says_so_and_nothing_more(client, broker_down):
    response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (
        503, {"status": "unavailable", "database": "ok", "broker": "unreachable"})


@pytest.mark.django_db
def test_health_with_redis(client, require_redis, settings):
    from tests.conftest import celery_broker

    with celery_broker(settings.CELERY_BROKER_URL):
        response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "database": "ok", "broker": "ok"})


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("ja", "フォームを送信できませんでした"),
                                                   ("en", "The form could not be sent")])
def test_a_form_without_its_csrf_token_gets_the_explained_403(language, heading):
    client = Client(enforce_csrf_checks=True)
    use(client, language)
    response = client.post(reverse("login"), {"username": "a@b.jp", "password": "x"})
    assert response.status_code == 403
    assert f'<h1 class="h3">{heading}</h1>' in response.content.decode()
