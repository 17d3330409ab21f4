"""Who reaches which page of the projects app. A project (and its delegates' personal data)
is the applicant organisation's and HQ's: for another applicant and for every reviewer each
URL is a 404, as if it did not exist. The table lists every URL of the app: a new URL
without a row fails the test."""

import pytest
from django.urls import get_resolver, reverse

from accounts.enums import Role
from projects.models import Receipt
from projects.services import spend_line_create
from regions.models import JetroOffice
from tests.factories import OrganisationFactory, UserFactory

from .builders import expert, held_activity, member_of, published_project, receipt_pdf, year_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member)
    year = year_of(project)
    line = year.approved_lines.get(category="airfare")
    spend = spend_line_create(report=year.report, by=member, approved_line=line,
                              description="航空運賃", amount=1000,
                              paid_on=activity.starts_on, receipt=receipt_pdf())
    outcome = year.report.outcomes.create(kind="business_meetings", count=1, description="x")
    firm = project.firms.first()
    ids = {"pk": project.pk, "year": 1, "activity_pk": activity.pk,
           "delegate_pk": delegate.pk, "firm_pk": firm.pk, "outcome_pk": outcome.pk,
           "line_pk": spend.pk, "receipt_pk": Receipt.objects.get().pk}
    return project, member, ids


# URL name → the keyword arguments it takes (from the world's ids). GET only: a refused
# POST is the same lookup.
URLS = {
    "list": [], "detail": ["pk"], "end": ["pk"], "partner-contact": ["pk"], "firms": ["pk"],
    "firm-edit": ["pk", "firm_pk"], "firm-delete": ["pk", "firm_pk"],
    "report-activities": ["pk", "year"], "report-outcomes": ["pk", "year"],
    "outcome-delete": ["pk", "year", "outcome_pk"], "report-firms": ["pk", "year"],
    "report-spend": ["pk", "year"], "spend-delete": ["pk", "year", "line_pk"],
    "receipt-upload": ["pk", "year", "line_pk"], "receipt-download": ["pk", "year", "receipt_pk"],
    "receipt-delete": ["pk", "year", "receipt_pk"], "report-survey": ["pk", "year"],
    "report-summary": ["pk", "year"], "report-submit": ["pk", "year"],
    "report-review": ["pk", "year"], "travel-request": ["pk", "year", "fmt"],
    "activity": ["pk", "activity_pk"], "activity-edit": ["pk", "activity_pk"],
    "activity-delete": ["pk", "activity_pk"],
    "delegate-edit": ["pk", "activity_pk", "delegate_pk"],
    "delegate-delete": ["pk", "activity_pk", "delegate_pk"],
    "invitation-letter": ["pk", "activity_pk", "delegate_pk"],
    "delegate-consent": ["pk", "activity_pk", "delegate_pk"],
    "hq-reports": [], "hq-surveys": [], "survey": ["token"],
}
# Pages of one project (everything but the lists, HQ's pages and the public survey).
PROJECT_URLS = [name for name, args in URLS.items() if "pk" in args]


# Changes to a project, claims and payments (issue 24): each role's access to these is in
# the portal's role x URL table (tests/project/test_url_access.py), with their own records.
IN_THE_PORTAL_TABLE = {"variations", "variation-new", "variation", "variation-edit",
                       "hq-variations", "letter-download", "claims", "claim-new", "claim",
                       "claim-edit", "hq-claims", "payments-export", "office-activities",
                       "office-activity", "final-report", "hq-final-reports", "letter-retry",
                       "traveller-consent"}


def test_the_table_lists_every_url_of_the_app():
    names = {name for name in get_resolver().namespace_dict["projects"][1].reverse_dict
             if isinstance(name, str)}
    assert names == set(URLS) | IN_THE_PORTAL_TABLE
    from tests.project.test_url_access import ACCESS
    assert {f"projects:{name}" for name in IN_THE_PORTAL_TABLE} <= set(ACCESS)


def _url(name, ids):
    kwargs = {arg: ids.get(arg, "xlsx" if arg == "fmt" else None) for arg in URLS[name]}
    return reverse(f"projects:{name}", kwargs=kwargs)


def _outsiders():
    return {
        "another applicant": UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory()),
        "HQ reviewer": UserFactory(role=Role.HQ_REVIEWER,
                                   office=JetroOffice.objects.get(code="HQ")),
        "overseas-office reviewer": UserFactory(role=Role.OVERSEAS_REVIEWER,
                                                office=JetroOffice.objects.get(code="DUS")),
    }


@pytest.mark.parametrize("name", PROJECT_URLS)
def test_a_project_page_is_a_404_for_other_applicants_and_every_reviewer(client, world, name):
    project, member, ids = world
    url = _url(name, ids)
    for who, user in _outsiders().items():
        client.force_login(user)
        assert client.get(url).status_code == 404, (who, url)


@pytest.mark.parametrize("name", PROJECT_URLS)
def test_the_organisation_and_hq_reach_every_project_page(client, world, hq_staff, name):
    project, member, ids = world
    url = _url(name, ids)
    for user in (member, hq_staff):
        client.force_login(user)
        response = client.get(url)
        if name in ("report-review", "end") and user == member:
            assert response.status_code == 404  # HQ's actions only
        else:
            # A page, a file, or (removals, HQ on the organisation's forms) back to a page.
            assert response.status_code in (200, 302), (user.role, url)


@pytest.mark.parametrize("name", [n for n in URLS if n != "survey"])
def test_every_page_needs_a_login(client, world, name):
    project, member, ids = world
    response = client.get(_url(name, ids))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_the_delegates_personal_data_is_shown_to_the_organisation_and_hq(client, world, hq_staff):
    project, member, ids = world
    url = _url("activity", ids)
    for user in (member, hq_staff):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "<strong>MÜLLER</strong>, Anna Lena" in page and "Fraunhofer IPT" in page


@pytest.mark.parametrize("name", ["hq-reports", "hq-surveys"])
def test_hq_pages_are_a_404_for_applicants_and_reviewers(client, world, name):
    project, member, ids = world
    for user in (member, *_outsiders().values()):
        client.force_login(user)
        assert client.get(_url(name, ids)).status_code == 404


def test_reviewers_have_no_project_list(client, world):
    for user in _outsiders().values():
        client.force_login(user)
        expected = 200 if user.role == Role.APPLICANT else 404
        response = client.get(reverse("projects:list"))
        assert response.status_code == expected
        if expected == 200:
            assert list(response.context["page"]) == []
