"""Response headers, sessions and the request size limit (issue 10)."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.applications.builders import PDF_BYTES, applicant_of, attach_pdf
from tests.factories import DEFAULT_PASSWORD, ApplicationFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_has_a_content_security_policy_without_inline_code(client, db):
    policy = client.get(reverse("public-home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_permissions_policy_on_every_response(client, db):
    assert client.get(reverse("public-home"))["Permissions-Policy"].startswith(
        "accelerometer=(), camera=()")


def test_public_pages_may_be_cached_private_ones_and_downloads_never(client, db):
    assert "no-store" not in client.get(reverse("public-home")).get("Cache-Control", "")
    application = ApplicationFactory()
    attachment = attach_pdf(application)
    client.force_login(applicant_of(application.organisation))
    for url in (reverse("home"), reverse("applications:detail", args=[application.pk]),
                reverse("applications:attachment-download", args=[application.pk,
                                                                  attachment.pk]),
                reverse("sponsorship:cost-proposal-export", args=[application.pk])):
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert PDF_BYTES


def test_no_template_has_inline_script_style_or_event_handlers():
    """CSP allows only the portal's files: script and style live in static/."""
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        if (re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text
                or re.search(r"\sstyle=\"", text) or re.search(r"\son[a-z]+=\"", text)):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_the_session_ends_after_thirty_idle_minutes(client, applicant):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": applicant.email,
                                       "password": DEFAULT_PASSWORD})
        client.cookies["django_language"] = "en"
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=60), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=/home/"
        page = client.get(response["Location"]).content.decode()
        assert "You were logged out after a period without activity." in page


def test_the_session_ends_after_twelve_hours_however_busy(client, applicant):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": applicant.email,
                                       "password": DEFAULT_PASSWORD})
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=5), tick=False):
        assert client.get(reverse("home")).status_code == 302


def test_session_and_language_cookie_settings():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert dt.timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    assert settings.SESSION_COOKIE_HTTPONLY and settings.LANGUAGE_COOKIE_HTTPONLY


def test_the_language_cookie_set_at_login_follows_the_cookie_settings(client, applicant,
                                                                      settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("login"), {"username": applicant.email,
                                              "password": DEFAULT_PASSWORD})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_request_over_the_size_limit_is_refused_before_it_is_read(client, db, settings,
                                                                     language):
    settings.MAX_REQUEST_BYTES = 1000
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("login"), {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    page = response.content.decode()
    assert ("Too much sent at once" if language == "en" else "一度に送信できる量") in page
