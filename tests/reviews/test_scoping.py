"""Reviewers see only what is assigned to them, unconflicted, in their territory: else 404."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from regions.models import PartnerRegion
from reviews.enums import ConflictStatus
from reviews.selectors import assignments_visible_to
from tests.factories import UserFactory
from tests.reviews.factories import AssignmentFactory, SubmittedApplicationFactory, office_reviewer

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_assigned_reviewer_opens_the_review_page(client):
    assignment = AssignmentFactory()
    response = _get(client, assignment.reviewer,
                    reverse("reviews:review", args=[assignment.application_id]))
    assert response.status_code == 200
    assert response.context["assignment"] == assignment


def test_unassigned_application_is_a_404(client):
    assignment = AssignmentFactory()
    other = SubmittedApplicationFactory()
    response = _get(client, assignment.reviewer, reverse("reviews:review", args=[other.pk]))
    assert response.status_code == 404


def test_conflicted_application_is_a_404_and_leaves_the_home_list(client):
    assignment = AssignmentFactory(conflict_status=ConflictStatus.CONFLICT,
                                   conflict_type="organisation",
                                   conflict_note="Board member of the applicant")
    url = reverse("reviews:review", args=[assignment.application_id])
    assert _get(client, assignment.reviewer, url).status_code == 404
    home = client.get(reverse("home"))
    assert list(home.context["page"]) == []


def test_overseas_reviewer_outside_the_territory_gets_a_404(client):
    """Even an assignment made directly in the database does not open a French application
    to the Düsseldorf office."""
    assignment = AssignmentFactory(
        reviewer=office_reviewer("DUS"),
        application=SubmittedApplicationFactory(
            partner_region=PartnerRegion.objects.get(name_en="Île-de-France")))
    assert list(assignments_visible_to(user=assignment.reviewer)) == []
    url = reverse("reviews:review", args=[assignment.application_id])
    assert _get(client, assignment.reviewer, url).status_code == 404


@pytest.mark.parametrize("assigned", [True, False])
def test_the_application_page_follows_the_same_rule(client, assigned):
    assignment = AssignmentFactory()
    application = assignment.application if assigned else SubmittedApplicationFactory()
    response = _get(client, assignment.reviewer,
                    reverse("applications:detail", args=[application.pk]))
    assert response.status_code == (200 if assigned else 404)


@pytest.mark.parametrize("role", [Role.HQ_REVIEWER, Role.OVERSEAS_REVIEWER, Role.APPLICANT])
@pytest.mark.parametrize("name", ["sponsorship:board", "reviews:assignments", "reviews:settings"])
def test_hq_pages_are_a_404_for_everyone_else(client, role, name):
    from regions.models import JetroOffice
    from tests.factories import OrganisationFactory

    application = SubmittedApplicationFactory()
    extra = {"office": JetroOffice.objects.get(code="DUS")} \
        if role == Role.OVERSEAS_REVIEWER else {}
    if role == Role.APPLICANT:
        extra = {"organisation": OrganisationFactory()}
    user = UserFactory(role=role, **extra)
    assert _get(client, user, reverse(name, args=[application.call_id])).status_code == 404


def _application_urls(application, attachment) -> dict[str, str]:
    """Every URL that shows an application's content or exports it."""
    return {
        "page": reverse("applications:detail", args=[application.pk]),
        "costs": reverse("sponsorship:cost-proposal", args=[application.pk]),
        "cost CSV": reverse("sponsorship:cost-proposal-export", args=[application.pk]),
        "attachment": reverse("applications:attachment-download",
                              args=[application.pk, attachment.pk]),
        "consortium template": reverse("applications:consortium-csv-template",
                                       args=[application.pk]),
    }


@pytest.mark.parametrize("reviewer_kind", ["hq", "office"])
def test_a_reviewer_sees_nothing_of_the_application_before_declaring_no_conflict(
        client, reviewer_kind):
    """Assigned but undeclared: every page and export of the application is a 404, only
    the review page's declaration form exists; after declaring no conflict they open."""
    from reviews.services import conflict_declare
    from tests.applications.builders import attach_pdf
    from tests.reviews.factories import hq_reviewer

    reviewer = hq_reviewer() if reviewer_kind == "hq" else office_reviewer("DUS")
    assignment = AssignmentFactory(reviewer=reviewer,
                                   conflict_status=ConflictStatus.UNDECLARED)
    urls = _application_urls(assignment.application, attach_pdf(assignment.application))
    client.force_login(reviewer)
    statuses = {name: client.get(url).status_code for name, url in urls.items()}
    assert statuses == dict.fromkeys(urls, 404)
    review_page = client.get(reverse("reviews:review", args=[assignment.application_id]))
    assert (review_page.status_code, "conflict-form" in review_page.content.decode()) == (
        200, True)

    conflict_declare(assignment=assignment, by=reviewer, has_conflict=False)
    statuses = {name: client.get(url).status_code for name, url in urls.items()}
    assert statuses == dict.fromkeys(urls, 200)
