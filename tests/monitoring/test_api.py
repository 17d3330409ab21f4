"""The read-only reporting API (/api/v1/): HQ staff's tokens (created and revoked on a page,
stored as hashes), the pages' rules (401 without a valid token, 404 for anyone but HQ),
pagination, the answers' contents; and schemathesis against the OpenAPI schema: the schema
validates, no generated request gets a server error, every answer matches the schema."""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.enums import Role
from monitoring.api import api
from monitoring.models import ApiToken
from monitoring.services import api_token_create, token_hash
from tests.factories import UserFactory
from tests.monitoring.builders import programme_world

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def hq_token(hq_staff) -> str:
    return api_token_create(by=hq_staff, label="statistics")[1]


def test_hq_creates_a_token_on_its_page_sees_it_once_and_revokes_it(client, hq_staff):
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    page = client.post(reverse("monitoring:api-tokens"), {"label": "Excel"}).content.decode()
    record = ApiToken.objects.get(user=hq_staff)
    token = page.split('data-testid="new-token"')[1].split('value="')[1].split('"')[0]
    assert token.startswith("rit_") and len(token) > 40
    assert record.key_hash == token_hash(token) and token not in record.key_hash
    assert record.expires_at.date() == (timezone.now() + dt.timedelta(days=365)).date()
    assert token not in client.get(reverse("monitoring:api-tokens")).content.decode()
    client.logout()
    assert client.get("/api/v1/calls", **bearer(token)).status_code == 200

    client.force_login(hq_staff)
    client.post(reverse("monitoring:api-token-revoke", args=[record.pk]))
    client.logout()
    assert client.get("/api/v1/calls", **bearer(token)).status_code == 401


def test_the_pages_rules(client, hq_staff, hq_token):
    assert client.get("/api/v1/projects").status_code == 401
    assert client.get("/api/v1/projects", **bearer("rit_not-a-token")).status_code == 401
    assert client.get("/api/v1/projects", **bearer(hq_token)).status_code == 200
    # A token whose holder is no longer HQ staff: the API does not exist for them.
    hq_staff.role = Role.HQ_REVIEWER
    hq_staff.save()
    assert client.get("/api/v1/projects", **bearer(hq_token)).status_code == 404
    # Signed in as anyone but HQ: a 404, as HQ's pages are.
    client.force_login(UserFactory(role=Role.HQ_REVIEWER))
    assert client.get("/api/v1/projects").status_code == 404


def test_the_schema_is_behind_the_same_token_or_session_as_the_data(client, hq_staff,
                                                                    hq_token):
    """Issue 27: /api/v1/openapi.json answered anyone."""
    url = "/api/v1/openapi.json"
    anonymous = client.get(url)
    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": "Unauthorized"})
    assert anonymous["WWW-Authenticate"] == "Bearer"
    assert client.get(url, **bearer("rit_not-a-token")).status_code == 401
    with_token = client.get(url, **bearer(hq_token))
    assert with_token.status_code == 200
    # What schemathesis below fuzzes is exactly what a token holder reads.
    assert with_token.json() == json.loads(json.dumps(api.get_openapi_schema(
        path_prefix="/api/v1/")))
    client.force_login(UserFactory(role=Role.HQ_REVIEWER))
    assert client.get(url).status_code == 404
    client.force_login(hq_staff)
    assert client.get(url).status_code == 200


def test_an_expired_token_no_longer_works(client, hq_token):
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/calls", **bearer(hq_token)).status_code == 401


def test_only_hq_creates_tokens(applicant):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(by=applicant, label="x")


def test_lists_are_paginated_and_carry_the_figures(client, hq_token):
    world = programme_world()
    page = client.get("/api/v1/applications?page_size=4", **bearer(hq_token)).json()
    assert (page["count"], page["pages"], page["page"], len(page["items"])) == (9, 3, 1, 4)
    last = client.get("/api/v1/applications?page_size=4&page=3", **bearer(hq_token)).json()
    assert len(last["items"]) == 1
    first = world["projects"][0].application
    item = client.get(f"/api/v1/applications/{first.pk}", **bearer(hq_token)).json()
    assert (item["reference"], item["status"], item["consortium_size"], item["partner_country"],
            item["prefectures"], item["objectives"]) == (
        first.reference, "approved", 5, "DE", ["07", "08"], ["export", "joint_development"])
    assert item["requested"] == sum(line.total for line in first.cost_lines.all())
    assert client.get(f"/api/v1/applications/{world['draft'].pk}",
                      **bearer(hq_token)).status_code == 404  # a draft was never received

    projects = client.get("/api/v1/projects?fiscal_year=2026", **bearer(hq_token)).json()
    assert [(p["reference"], p["reports_handed_in"], p["spent"]) for p in projects["items"]] == [
        (world["projects"][0].application.reference, 2, 640_000),
        (world["projects"][1].application.reference, 1, 0)]
    decisions = client.get("/api/v1/decisions", **bearer(hq_token)).json()
    assert decisions["count"] == 3
    calls = client.get("/api/v1/calls", **bearer(hq_token)).json()
    assert [(c["fiscal_year"], c["applications_received"]) for c in calls["items"]] == [
        (2026, 6), (2027, 3)]


def test_the_dashboards_figures(client, hq_token):
    programme_world()
    figures = client.get("/api/v1/dashboard?fiscal_year=2026", HTTP_ACCEPT_LANGUAGE="en",
                         **bearer(hq_token)).json()
    tables = {table["key"]: table for table in figures["tables"]}
    assert tables["budget"]["rows"] == [["Budget envelope", 100_000_000],
                                        ["Requested", 11_960_000], ["Approved", 6_280_000],
                                        ["Spent (reported)", 640_000]]
    assert ["Share of SMEs", 66.7] in tables["projects"]["rows"]


def test_impossible_parameters_get_a_422_never_a_500(client, hq_token):
    for path in ("/api/v1/calls/99999999999999999999999", "/api/v1/calls?page=0",
                 "/api/v1/applications?page_size=1000", "/api/v1/applications?status=nope",
                 "/api/v1/projects?fiscal_year=99999"):
        assert client.get(path, **bearer(hq_token)).status_code == 422, path


# --- schemathesis ---------------------------------------------------------------------------

class DjangoWsgi:
    """The portal's WSGI application, as the test client runs it: the test's database
    connection is not closed at the end of each request."""

    def __init__(self):
        self.app = get_wsgi_application()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return list(self.app(environ, start_response))
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# The schema as the API generates it; a token holder reads the same document at
# /api/v1/openapi.json (test_the_schema_is_behind_the_same_token_or_session_as_the_data),
# which anonymous clients cannot.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = DjangoWsgi()


@pytest.fixture
def world_token(hq_token):
    programme_world()
    return hq_token


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_gets_a_server_error_and_every_answer_matches_the_schema(case, world_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {world_token}"},
                           checks=[not_a_server_error, response_schema_conformance])


def test_the_rate_limit_per_user_at_the_production_rate(client, hq_staff, hq_token, settings):
    """Beyond settings.API_RATE a user's requests get 429 with Retry-After, whichever token
    or session they use; another HQ user is not affected. Production's rate, lowered only in
    count: the same code path as "240/m"."""
    from django.core.cache import cache

    from rit_portal.settings.base import API_RATE
    assert API_RATE == "240/m"
    cache.clear()
    settings.API_RATE = "5/m"
    for _ in range(5):
        assert client.get("/api/v1/calls", **bearer(hq_token)).status_code == 200
    refused = client.get("/api/v1/calls", **bearer(hq_token))
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    second_token = api_token_create(by=hq_staff, label="second")[1]
    assert client.get("/api/v1/calls", **bearer(second_token)).status_code == 429
    client.force_login(hq_staff)
    assert client.get("/api/v1/calls").status_code == 429

    colleague = UserFactory(role=Role.HQ_STAFF)
    client.force_login(colleague)
    assert client.get("/api/v1/calls").status_code == 200
    cache.clear()
