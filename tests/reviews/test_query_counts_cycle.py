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
from tests.reviews.factories import SubmittedApplicationFactory, hq_reviewer, office_reviewer

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
    # count and a page), the invitations, the offices lacking reviewers (applications per
    # office, staffed offices, offices), the office form's list
    assert _queries(client, reverse("reviews:reviewers")) == 12


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
    # savepoint pair, session, user, the conflicts declared in advance, those on
    # assignments (the form lists no organisation: the reviewer types its name)
    assert _queries(client, reverse("reviews:conflicts")) == 6
