"""Visits a promoter's `?ref=` link brought: one counter row per code, day and page;
each visitor once a day per page and code; robots, link previews, scripts and prefetches
not counted; nothing about the visitor stored; HQ's referral figures show them per
promoter and per call beside registrations and submissions, a page at a time."""

import datetime as dt
from unittest import mock

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ReferralVisit
from applications.selectors import referral_report
from applications.services import referral_visit_record
from applications.services import referrals as referral_services
from rit_portal.pagination import PAGE_SIZE
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BROWSER = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def browser() -> Client:
    return Client(HTTP_USER_AGENT=BROWSER)


def counts() -> list[tuple]:
    # the front page's row (no call) after the call's on every database (SQLite sorts NULL first)
    return list(ReferralVisit.objects.order_by("source", F("call_id").asc(nulls_last=True))
                .values_list("source", "day", "call_id", "visits"))


def test_a_visit_through_a_promoter_link_is_counted_once_a_day_per_page():
    call = CallFactory()
    today = timezone.localdate()
    visitor = browser()
    page = reverse("call-detail", args=[call.pk])
    for _ in range(3):
        assert visitor.get(page, {"ref": "Chamber Osaka"}).status_code == 200
    visitor.get(reverse("public-home"), {"ref": "chamber-osaka"})
    browser().get(page, {"ref": "chamber-osaka"})  # a second visitor
    browser().get(page, {"ref": "embassy-de"})
    visitor.get(page)  # no code: nothing to count
    assert counts() == [("chamber-osaka", today, call.pk, 2), ("chamber-osaka", today, None, 1),
                        ("embassy-de", today, call.pk, 1)]
    # Nothing about the visitor: the row has the code, the day, the page and the count.
    assert sorted(f.name for f in ReferralVisit._meta.get_fields()) == [
        "call", "day", "id", "source", "visits"]


def test_the_next_day_the_same_visitor_counts_again():
    call = CallFactory()
    visitor = browser()
    page = reverse("call-detail", args=[call.pk])
    visitor.get(page, {"ref": "chamber"})
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        visitor.get(page, {"ref": "chamber"})
    assert [(source, visits) for source, _day, _call, visits in counts()] == [
        ("chamber", 1), ("chamber", 1)]


@pytest.mark.parametrize("headers", [
    {},  # no User-Agent at all
    {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
    {"HTTP_USER_AGENT": "facebookexternalhit/1.1"},
    {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120"},
    {"HTTP_USER_AGENT": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"},
    {"HTTP_USER_AGENT": "curl/8.5.0"},
    {"HTTP_USER_AGENT": "python-requests/2.32"},
    {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_PURPOSE": "prefetch;prerender"},
    {"HTTP_USER_AGENT": BROWSER, "HTTP_PURPOSE": "prefetch"},
])
def test_robots_previews_scripts_and_prefetches_are_not_counted(headers):
    call = CallFactory()
    response = Client(**headers).get(reverse("call-detail", args=[call.pk]), {"ref": "chamber"})
    assert response.status_code == 200
    assert counts() == []


def test_a_flood_of_made_up_codes_stops_adding_rows(monkeypatch):
    monkeypatch.setattr(referral_services, "MAX_NEW_ROWS_PER_DAY", 2)
    assert [referral_visit_record(source=code) for code in ("a", "b", "c", "a")] == [
        True, True, False, True]
    assert [(source, visits) for source, _d, _c, visits in counts()] == [("a", 2), ("b", 1)]


def test_hq_s_referral_figures_per_promoter_and_per_call(client, hq_staff):
    call, other = CallFactory(fiscal_year=2027), CallFactory(fiscal_year=2026)
    today = timezone.localdate()
    ReferralVisit.objects.bulk_create([
        ReferralVisit(source="chamber-osaka", day=today, call=call, visits=5),
        ReferralVisit(source="chamber-osaka", day=today - dt.timedelta(days=1), call=call,
                      visits=3),
        ReferralVisit(source="chamber-osaka", day=today, call=other, visits=4),
        ReferralVisit(source="chamber-osaka", day=today, call=None, visits=2),
        ReferralVisit(source="embassy-de", day=today, call=other, visits=7),
    ])
    brought = OrganisationFactory(referral_source="chamber-osaka")
    ApplicationFactory(call=call, organisation=brought, reference="RIT-FY2027-0001",
                       sequence=1, status="submitted")
    rows = {r["referral_source"]: r for r in referral_report(call=call)}
    assert rows["chamber-osaka"] == {"referral_source": "chamber-osaka", "visits": 8,
                                     "organisations": 1, "applications": 1, "submitted": 1}
    assert "embassy-de" not in rows  # no visit to this call's page, nobody registered
    everything = referral_report()
    assert [(r["referral_source"], r["visits"], r["organisations"]) for r in everything] == [
        ("chamber-osaka", 14, 1), ("embassy-de", 7, 0)]

    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("applications:referral-report"), {"call": call.pk})
    table = response.content.decode()
    assert response.status_code == 200
    assert [(r["referral_source"], r["visits"], r["channel"]) for r in response.context["page"]] \
        == [("chamber-osaka", 8, "Chambers of commerce and industry")]
    assert "Visits brought" in table


def test_the_referral_figures_are_paginated_with_the_call_kept(client, hq_staff):
    call = CallFactory()
    ReferralVisit.objects.bulk_create([
        ReferralVisit(source=f"promoter-{n:03d}", day=timezone.localdate(), call=call,
                      visits=n + 1) for n in range(PAGE_SIZE + 3)])
    client.force_login(hq_staff)
    first = client.get(reverse("applications:referral-report"), {"call": call.pk})
    assert len(first.context["page"]) == PAGE_SIZE
    assert first.context["page"][0]["visits"] == PAGE_SIZE + 3  # most visits first
    second = client.get(reverse("applications:referral-report"), {"call": call.pk, "page": 2})
    assert [r["referral_source"] for r in second.context["page"]] == [
        "promoter-002", "promoter-001", "promoter-000"]
    assert f"?call={call.pk}&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("n_sources", [1, 6])
def test_the_referral_figures_page_query_count(client, hq_staff, django_assert_num_queries,
                                               n_sources):
    call = CallFactory()
    for i in range(n_sources):
        ApplicationFactory(call=call, organisation=OrganisationFactory(referral_source=f"s{i}"))
        ReferralVisit.objects.create(source=f"s{i}", day=timezone.localdate(), call=call,
                                     visits=i + 1)
    client.force_login(hq_staff)
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:referral-report"), {"call": call.pk})
    assert len(response.context["page"]) == n_sources
