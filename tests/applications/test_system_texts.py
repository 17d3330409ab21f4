"""Texts the portal writes are stored as what happened and read in the reader's language."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from rit_portal.system_texts import event, render_event
from tests.factories import UserFactory
from tests.reviews.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Below the pass mark: C1 Local companies engaged, C3 Prior contact and confirmed "
           "interest."),
    ("ja", "合格点に達していない基準：C1 地域企業の参画, C3 過去の交流と関心表明。"),
])
def test_an_event_is_rendered_in_the_readers_language(language, text):
    stored = event("decision.below_pass_mark", criteria=["c1", "c3"])
    assert stored == {"event": "decision.below_pass_mark",
                      "event_params": {"criteria": ["c1", "c3"]}}
    with translation.override(language):
        assert render_event(stored["event"], stored["event_params"]) == text


def test_amounts_are_formatted_when_read():
    with translation.override("ja"):
        assert render_event("decision.approved", {"amount": 3_000_000}) == \
            "支援を承認しました：¥3,000,000。"


def test_an_unknown_code_or_a_missing_parameter_fails_when_written_not_when_read():
    with pytest.raises(ValueError):
        event("decision.no_such_thing")
    with pytest.raises(ValueError):
        event("decision.approved")  # no amount
    assert render_event("decision.removed_since", {}) == "decision.removed_since"


def test_hq_reads_an_english_triggered_note_in_japanese(client):
    application = SubmittedApplicationFactory(status=S.UNDER_REVIEW)
    StatusChange.objects.create(application=application, from_status=S.UNDER_REVIEW,
                                to_status=S.REVIEWED, **event("review.all_submitted"))
    client.force_login(UserFactory(role=Role.HQ_STAFF, language="ja"))
    url = reverse("reviews:summary", args=[application.pk])
    with translation.override("ja"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert ('<div class="small" data-testid="event">'
            "割り当てられたすべての審査が提出されました。</div>") in page
    with translation.override("en"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<div class="small" data-testid="event">All assigned reviews submitted.</div>' in page


def test_existing_notes_written_by_the_portal_become_events():
    migration = importlib.import_module(
        "applications.migrations.0005_status_change_notes_to_events")
    application = SubmittedApplicationFactory()
    notes = ["審査員を割り当てました。", "All assigned reviews submitted.",
             "Below the pass mark: C2 Clear prospects, C3 Prior contact and confirmed interest.",
             "合格点に達していない基準：C1 地域企業の参画。", "支援を承認しました：¥3,000,000",
             "Sponsorship approved: ¥12,500.", "パートナーの書簡を添付してください"]
    for note in notes:
        StatusChange.objects.create(application=application, from_status=S.SUBMITTED,
                                    to_status=S.SUBMITTED, note=note)
    migration.forwards(apps, None)
    assert [(c.event, c.event_params, c.note) for c in
            StatusChange.objects.filter(application=application).order_by("pk")] == [
        ("review.reviewers_assigned", {}, ""),
        ("review.all_submitted", {}, ""),
        ("decision.below_pass_mark", {"criteria": ["c2", "c3"]}, ""),
        ("decision.below_pass_mark", {"criteria": ["c1"]}, ""),
        ("decision.approved", {"amount": 3_000_000}, ""),
        ("decision.approved", {"amount": 12_500}, ""),
        ("", {}, "パートナーの書簡を添付してください"),  # typed by a person: kept as it is
    ]
