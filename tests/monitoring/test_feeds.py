"""The public feeds of open calls: Atom and iCalendar deadlines, in either language, no
login, linked from the public pages; links back carry ?ref=feed."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def calls():
    open_call = CallFactory(closes_at=timezone.now() + dt.timedelta(days=20))
    CallFactory(fiscal_year=2025, opens_at=timezone.now() - dt.timedelta(days=400),
                closes_at=timezone.now() - dt.timedelta(days=300))  # closed: left out
    CallFactory(fiscal_year=2028, is_published=False)  # a draft: left out
    return open_call


def test_the_atom_feed_lists_the_open_calls(client, calls):
    response = client.get(reverse("feed-atom", args=["en"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [calls.title_en]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/calls/{calls.pk}/?ref=feed"
    assert "Applications until" in entries[0].find(f"{ATOM}summary").text
    japanese = ET.fromstring(client.get(reverse("feed-atom", args=["ja"])).content)
    assert japanese.find(f"{ATOM}entry/{ATOM}title").text == calls.title_ja


def test_the_calendar_has_each_deadline(client, calls):
    response = client.get(reverse("feed-ical", args=["en"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == calls.closes_at.replace(microsecond=0)
    assert str(event["summary"]) == f"Deadline: {calls.title_en}"
    assert str(event["url"]) == f"http://testserver/calls/{calls.pk}/?ref=feed"


def test_other_languages_are_not_found_and_the_public_pages_link_the_feeds(client, calls):
    assert client.get("/feeds/fr/calls.atom").status_code == 404
    assert client.get("/feeds/de/deadlines.ics").status_code == 404
    client.cookies["django_language"] = "en"
    for page in (reverse("public-home"), reverse("call-detail", args=[calls.pk])):
        html = client.get(page).content.decode()
        assert 'type="application/atom+xml" href="/feeds/en/calls.atom"' in html
        assert 'href="/feeds/en/deadlines.ics"' in html


def test_a_visitor_from_a_feed_is_counted_under_the_feeds(client, calls):
    from accounts.referrals import channel_label

    client.get(f"/calls/{calls.pk}/?ref=feed")
    assert client.session["rit_referral_source"] == "feed"
    assert channel_label("feed") == "Feeds of open calls (Atom, calendar)"
