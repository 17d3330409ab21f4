"""Who looked: HQ's views of rosters, travel requests and invitation letters (passport
names, flights) and its exports that name people are logged (who, what, when, which page)
in an append-only table the administrator reads; the organisation's own views are not."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.models import Call
from privacy.enums import AccessKind
from privacy.models import PersonalDataAccess
from projects.services import delegate_consent_record
from tests.factories import UserFactory
from tests.projects.builders import expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster():
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member, needs_visa=True)
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    return project, member, activity, delegate


RECIPIENT = {"recipient_kind": "travel_agent", "recipient_name": "JTB Corporate Sales"}


def logged() -> list[tuple]:
    return [(a.by, a.what, a.subject, a.path) for a in
            PersonalDataAccess.objects.order_by("id")]


def test_hq_looking_at_a_roster_is_logged(client, roster, hq_staff):
    project, member, activity, _delegate = roster
    url = reverse("projects:activity", args=[project.pk, activity.pk])
    client.force_login(hq_staff)
    assert client.get(url).status_code == 200
    reference = project.application.reference
    assert logged() == [(hq_staff, AccessKind.ROSTER,
                         f"{reference} · {activity.title}", url)]
    entry = PersonalDataAccess.objects.get()
    assert entry.at is not None


def test_the_organisation_s_own_views_are_not_logged(client, roster):
    project, member, activity, delegate = roster
    client.force_login(member)
    client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    client.get(reverse("projects:travel-request", args=[project.pk, 1, "csv"]), RECIPIENT)
    assert logged() == []


def test_hq_downloading_a_travel_request_is_logged(client, roster, hq_staff):
    project, _member, _activity, _delegate = roster
    url = reverse("projects:travel-request", args=[project.pk, 1, "xlsx"])
    client.force_login(hq_staff)
    assert client.get(url, RECIPIENT).status_code == 200
    url += "?recipient_kind=travel_agent&recipient_name=JTB+Corporate+Sales"
    assert logged() == [(hq_staff, AccessKind.TRAVEL_REQUEST,
                         f"{project.application.reference} · Y1", url)]


def test_hq_downloading_an_invitation_letter_is_logged(client, roster, hq_staff):
    project, _member, activity, delegate = roster
    url = reverse("projects:invitation-letter", args=[project.pk, activity.pk, delegate.pk])
    client.force_login(hq_staff)
    assert client.get(url).status_code == 200
    assert logged() == [(hq_staff, AccessKind.INVITATION_LETTER,
                         f"{project.application.reference} · MÜLLER, Anna Lena", url)]


@pytest.mark.parametrize(("table", "logs"), [("reviews", True), ("decisions", True),
                                             ("applications", False),
                                             ("consortium-firms", False)])
def test_hq_exports_that_name_people_are_logged(client, roster, hq_staff, table, logs):
    call = Call.objects.get()
    url = reverse("monitoring:call-export", args=[call.pk, table, "csv"])
    client.force_login(hq_staff)
    assert client.get(url).status_code == 200
    assert [(by, what) for by, what, _s, _p in logged()] == (
        [(hq_staff, AccessKind.EXPORT)] if logs else [])


def test_the_log_is_append_only(client, roster, hq_staff):
    project, _member, activity, _delegate = roster
    client.force_login(hq_staff)
    client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    entry = PersonalDataAccess.objects.get()
    with pytest.raises(ValueError):
        entry.subject = "rewritten"
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_the_administrator_reads_the_log_and_hq_does_not(client, roster, hq_staff):
    project, _member, activity, _delegate = roster
    client.force_login(hq_staff)
    client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    changelist = reverse("admin:privacy_personaldataaccess_changelist")
    assert client.get(changelist).status_code == 404
    admin = UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(changelist)
    assert page.status_code == 200
    assert project.application.reference in page.content.decode()
