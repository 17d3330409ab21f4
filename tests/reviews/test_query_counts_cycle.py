"""The review cycle's list pages read a fixed number of queries, whatever their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.services import application_request_information
from regions.models import JetroOffice
from reviews.enums import ConflictType
from reviews.services import reviewer_invite, standing_conflict_declare
from tests.factories import OrganisationFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("n", [1, 5])
def test_the_reviewers_page(client, hq_staff, n):
    for i in range(n):
        office_reviewer("SEL")
        reviewer_invite(email=f"r{i}@jetro.example.kr", language="en", by=hq_staff,
                        office=JetroOffice.objects.get(code="LON"))
    SubmittedApplicationFactory.create_batch(n)  # Düsseldorf's, without its reviewer
    client.force_login(hq_staff)
    # savepoint pair, session, user, the office asked for (?office=), the reviewers (their
    # count, a page, its workload), the invitations, the offices lacking reviewers
    # (applications per office, staffed offices, offices), the office form's list
    assert _queries(client, reverse("reviews:reviewers")) == 13


@pytest.mark.parametrize("n", [1, 4])
def test_the_information_requests_page(client, hq_staff, n):
    for _ in range(n):
        application_request_information(application=SubmittedApplicationFactory(),
                                        by=hq_staff, note="詳細を")
    client.force_login(hq_staff)
    # savepoint pair, session, user, the calls, the requests, what followed them
    assert _queries(client, reverse("applications:information-requests")) == 7


@pytest.mark.parametrize("n", [1, 4])
def test_the_reviewer_s_conflicts_page(client, n):
    reviewer = hq_reviewer()
    for _ in range(n):
        standing_conflict_declare(by=reviewer, conflict_type=ConflictType.ORGANISATION,
                                  organisation=OrganisationFactory(), note="x")
    client.force_login(reviewer)
    # savepoint pair, session, user, the conflicts declared in advance, the count of those
    # on assignments (none: no page to read; the form lists no organisation: the reviewer
    # types its name)
    assert _queries(client, reverse("reviews:conflicts")) == 6


@pytest.mark.parametrize("n", [1, 6])
def test_the_assignment_page_of_one_application(client, hq_staff, n):
    """The candidates' workload is read once (for the list and the proposal alike), with
    any number of reviewers and of their assignments."""
    application = SubmittedApplicationFactory()  # Düsseldorf's
    for _ in range(n):
        AssignmentFactory(reviewer=office_reviewer("DUS"))
        AssignmentFactory(reviewer=hq_reviewer())
    client.force_login(hq_staff)
    # savepoint pair, session, user, the application, its assignments, the covering
    # office, the HQ reviewers' and the
    # office's reviewers' workload, the conflicts declared in advance, the hints, the
    # form's reviewers
    assert _queries(client, reverse("reviews:assign", args=[application.pk])) == 12


def test_the_assignment_page_lists_a_bounded_number_of_candidates_and_finds_others(
        client, hq_staff, monkeypatch):
    import reviews.selectors.assignment as assignment

    monkeypatch.setattr(assignment, "CANDIDATES_SHOWN", 2)
    monkeypatch.setattr("reviews.selectors.CANDIDATES_SHOWN", 2)
    application = SubmittedApplicationFactory()
    hq = [hq_reviewer(last_name=f"Reviewer{n}") for n in range(4)]
    office_reviewer("DUS", last_name="Düsseldorf")
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("reviews:assign", args=[application.pk])
    response = client.get(url)
    listed = {choice.data["value"].value for choice in response.context["form"]["reviewers"]}
    # two listed, plus the proposal (one HQ reviewer, the office's reviewer), always shown
    assert len(listed) == 3 and response.context["matching"] == 5
    assert "The 2 least loaded of 5 reviewers are listed" in response.content.decode()
    response = client.get(url, {"q": "reviewer3"})
    listed = {choice.data["value"].value for choice in response.context["form"]["reviewers"]}
    assert hq[3].pk in listed and response.context["matching"] == 1
    # assigning a reviewer found by the search
    office = next(u for u in response.context["form"].candidates.values()
                  if u.role == "overseas_reviewer")
    response = client.post(f"{url}?q=reviewer3", {"reviewers": [hq[3].pk, office.pk]})
    assert response.status_code == 302
    assert set(application.review_assignments.values_list("reviewer_id", flat=True)) == {
        hq[3].pk, office.pk}


@pytest.mark.parametrize("n", [1, 6])
def test_the_reviewer_s_conflicts_page_with_conflicts_on_assignments(client, n):
    from reviews.enums import ConflictStatus

    reviewer = hq_reviewer()
    for _ in range(n):
        AssignmentFactory(reviewer=reviewer, conflict_status=ConflictStatus.CONFLICT,
                          conflict_type="personal", conflict_note="x")
    client.force_login(reviewer)
    # savepoint pair, session, user, the conflicts declared in advance, the count and the
    # page of those on assignments
    assert _queries(client, reverse("reviews:conflicts")) == 7


def test_the_reviewers_page_lists_the_newest_invitations_and_counts_the_others(
        client, hq_staff, monkeypatch):
    monkeypatch.setattr("reviews.views.INVITATIONS_SHOWN", 2)
    for i in range(3):
        reviewer_invite(email=f"r{i}@jetro.example.kr", language="en", by=hq_staff,
                        office=JetroOffice.objects.get(code="LON"))
    client.force_login(hq_staff)
    response = client.get(reverse("reviews:reviewers"))
    assert [i.email for i in response.context["invitations"]] == [
        "r2@jetro.example.kr", "r1@jetro.example.kr"]
    assert response.context["invitations_more"] == 1
