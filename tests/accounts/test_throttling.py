"""Login throttling with django-axes ENABLED (the test settings switch it off elsewhere).

Failures count per account and per client address (AXES_FAILURE_LIMIT each within
AXES_COOLOFF_TIME); the client address is the real one behind TRUSTED_PROXY_COUNT proxies.
"""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.throttling import client_ip
from tests.factories import DEFAULT_PASSWORD

LIMIT = 3
pytestmark = pytest.mark.usefixtures("axes_on")


@pytest.fixture
def axes_on(settings, db):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


def login(client, email, password, **meta):
    return client.post(reverse("login"), {"username": email, "password": password}, **meta)


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_after_the_limit_the_right_password_is_refused_and_after_the_cool_off_it_works(
        client, applicant):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT - 1):
            assert login(client, applicant.email, "wrong").status_code == 200
        # The failure that reaches the limit locks at once.
        assert login(client, applicant.email, "wrong").status_code == 429
        locked = login(client, applicant.email, DEFAULT_PASSWORD)
        assert locked.status_code == 429
        assert "Too many failed logins" in locked.content.decode()
        assert "Try again in 15 minutes." in locked.content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert logged_in(login(client, applicant.email, DEFAULT_PASSWORD))


def test_the_account_is_locked_from_every_address_and_any_spelling_of_the_email(
        client, applicant):
    for n in range(LIMIT):
        login(client, applicant.email.upper(), "wrong", REMOTE_ADDR=f"198.51.100.{n}")
    response = login(client, applicant.email, DEFAULT_PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


def test_one_address_cannot_try_many_accounts(client, applicant, hq_staff, hq_reviewer):
    for n in range(LIMIT):
        login(client, f"nobody{n}@example.jp", "guess", REMOTE_ADDR="198.51.100.7")
    # The address is locked, even for an account it has not tried yet…
    assert login(client, hq_staff.email, DEFAULT_PASSWORD,
                 REMOTE_ADDR="198.51.100.7").status_code == 429
    # …while everyone else logs in.
    assert logged_in(login(client, hq_reviewer.email, DEFAULT_PASSWORD,
                           REMOTE_ADDR="203.0.113.20"))


def test_tries_during_the_lockout_do_not_extend_it(client, applicant):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT):
            login(client, applicant.email, "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert login(client, applicant.email, "wrong").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert logged_in(login(client, applicant.email, DEFAULT_PASSWORD))


def test_the_lockout_page_is_in_the_readers_language(client, applicant):
    client.cookies["django_language"] = "ja"
    for _ in range(LIMIT):
        login(client, applicant.email, "wrong")
    page = login(client, applicant.email, DEFAULT_PASSWORD).content.decode()
    assert "ログインの失敗が続いています" in page


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_counts_for_itself(client, applicant, hq_staff):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the TLS proxy
    for n in range(LIMIT):
        login(client, f"nobody{n}@example.jp", "guess",
              HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert login(client, applicant.email, DEFAULT_PASSWORD,
                 HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    # Another client behind the same proxy is not locked out…
    assert logged_in(login(client, hq_staff.email, DEFAULT_PASSWORD,
                           HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy))


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "198.51.100.7", "10.0.0.2"),              # no proxy trusted: the connection's address
    (1, "198.51.100.7", "198.51.100.7"),          # the client the proxy saw
    (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # what the client wrote itself is ignored
    (2, "198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two proxies
    (2, "10.0.0.9", "10.0.0.2"),                  # fewer entries than proxies: misconfigured
])
def test_client_ip_behind_trusted_proxies(rf, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize("length", [255, 256, 5000])
def test_an_email_longer_than_the_lockout_table_holds_gets_a_field_error(client, db, length):
    """Issue 27: an e-mail over 255 characters answered 500 on PostgreSQL (axes' username
    column); it gets the login form back with a message, and its failures still count."""
    email = "a" * (length - len("@example.jp")) + "@example.jp"
    for _ in range(LIMIT - 1):
        response = login(client, email, "wrong")
        assert response.status_code == 200
        assert response.context["form"].errors
    assert login(client, email, "wrong").status_code == 429
