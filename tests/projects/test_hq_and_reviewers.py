"""What HQ and reviewers see of the projects: the reports due, late, submitted, returned and
accepted; the reported outcomes and satisfaction of earlier projects in the reviewers'
past-outcomes panel; the navigation; query counts of the list pages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.navigation import navigation_for
from applications.enums import ApplicationStatus as S
from projects.services import report_accept, report_return, report_submit, survey_answer
from regions.models import Prefecture
from reviews.selectors import past_outcomes
from tests.factories import CallFactory
from tests.reviews.factories import AssignmentFactory, hq_reviewer

from .builders import complete_report, member_of, published_project

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def _report_in(project, member, hq_staff, standing):
    report = project.years.get(number=1).report
    if standing in ("submitted", "accepted", "returned"):
        report = complete_report(project, member)
        report_submit(report=report, by=member)
    if standing == "accepted":
        report_accept(report=report, by=hq_staff)
    if standing == "returned":
        report_return(report=report, by=hq_staff, note="Add the receipts.")
    return report


def test_hq_lists_reports_due_late_submitted_returned_accepted(client, hq_staff):
    projects = {standing: published_project(application__call__fiscal_year=fy)
                for standing, fy in [("due", 2027), ("late", 2026), ("submitted", 2026),
                                     ("returned", 2026), ("accepted", 2026)]}
    for standing, project in projects.items():
        _report_in(project, member_of(project), hq_staff, standing)
    with time_machine.travel(dt.datetime(2027, 5, 10, 9, tzinfo=JST)):
        client.force_login(hq_staff)
        response = client.get(reverse("projects:hq-reports"), {"fy": "2026"})
        rows = [(r.project_year.project_id, r.project_year.number, r.standing)
                for r in response.context["page"]]
        late = client.get(reverse("projects:hq-reports"), {"standing": "late"})
    # FY2026 project years: year 1 of every project but the FY2027 one.
    assert sorted(rows) == sorted([
        (projects["late"].pk, 1, "late"), (projects["submitted"].pk, 1, "submitted"),
        (projects["returned"].pk, 1, "returned"), (projects["accepted"].pk, 1, "accepted")])
    assert [(r.project_year.project_id, r.project_year.number)
            for r in late.context["page"]] == [(projects["late"].pk, 1)]
    tabs = {value: n for value, label, n in late.context["tabs"]}
    # Year 2 of the FY2026 projects and both years of the FY2027 one are still due.
    assert tabs == {"due": 6, "late": 1, "submitted": 1, "returned": 1, "accepted": 1,
                    "not_required": 0}


@pytest.mark.parametrize("n", [1, 4])
def test_the_hq_report_list_costs_the_same_queries_for_one_row_or_many(client, hq_staff,
                                                                       django_assert_num_queries,
                                                                       n):
    for _ in range(n):
        published_project()
    client.force_login(hq_staff)
    client.get(reverse("projects:hq-reports"))  # warm the session
    with django_assert_num_queries(7):  # a page: its count, then its rows
        response = client.get(reverse("projects:hq-reports"))
    assert len(response.context["page"]) == 2 * n


@pytest.mark.parametrize("n", [1, 4])
def test_the_project_list_costs_the_same_queries_for_one_row_or_many(client, hq_staff,
                                                                     django_assert_num_queries,
                                                                     n):
    for _ in range(n):
        published_project()
    client.force_login(hq_staff)
    client.get(reverse("projects:list"))
    with django_assert_num_queries(7):  # a page: its count, then its rows
        response = client.get(reverse("projects:list"))
    assert len(response.context["page"]) == n


def test_navigation_has_projects_for_applicants_and_reports_for_hq(hq_staff, applicant,
                                                                  hq_reviewer):
    labels = {user.role: [str(item["label"]) for item in navigation_for(user)]
              for user in (hq_staff, applicant, hq_reviewer)}
    assert "Sponsored projects" in labels["applicant"]
    assert "Progress reports" in labels["hq_staff"]
    assert not {"Sponsored projects", "Progress reports"} & set(labels["hq_reviewer"])


def _earlier_project_with_results(hq_staff):
    project = published_project()  # FY2026, Ibaraki (08) with Baden-Württemberg
    member = member_of(project)
    report = complete_report(project, member)
    report.outcomes.create(kind="sales_contracts", count=2, value_yen=4_800_000,
                           description="試作品の供給契約")
    report_submit(report=report, by=member)
    for invitation, score in zip(project.years.get(number=1).survey_invitations.all(), (5, 4),
                                 strict=False):
        survey_answer(invitation=invitation, language="ja", overall_satisfaction=score,
                      business_result="yes")
    return project


def test_reviewers_of_a_later_application_see_the_reported_outcomes(client, hq_staff):
    earlier = _earlier_project_with_results(hq_staff)
    draft_only = published_project()  # reported nothing yet: its draft does not count
    draft_only.years.get(number=1).report.outcomes.create(kind="investment", count=1,
                                                          value_yen=10**8, description="x")
    later = AssignmentFactory(
        application__call=CallFactory(fiscal_year=2027),
        application__partner_region=earlier.partner_region).application
    later.prefectures.set([Prefecture.objects.get(code="08")])
    for project in (earlier, draft_only):
        project.application.prefectures.set([Prefecture.objects.get(code="08")])

    past = {p.pk: p for p in past_outcomes(application=later)}
    shown = past[earlier.application_id]
    assert shown.same_region_pair and not shown.same_applicant
    assert [(o.kind, o.count, o.value_yen) for o in shown.reported.outcomes] == [
        ("business_meetings", 12, 0), ("sales_contracts", 2, 4_800_000)]
    assert (shown.reported.reports_in, shown.reported.answered, shown.reported.invited,
            str(shown.reported.mean_overall)) == (1, 2, 3, "4.50")
    assert past[draft_only.application_id].reported.outcomes == []

    reviewer = later.review_assignments.get().reviewer
    client.force_login(reviewer)
    page = client.get(reverse("reviews:review", args=[later.pk])).content.decode()
    assert "Sales contracts: 2 (¥4,800,000)" in page
    assert "4.50 / 5 (2 of 3 answered)" in page


def test_the_same_applicants_earlier_project_is_shown_for_another_region_pair(hq_staff):
    earlier = _earlier_project_with_results(hq_staff)
    later = AssignmentFactory(application__call=CallFactory(fiscal_year=2027),
                              application__organisation=earlier.organisation,
                              application__partner_region=None,
                              reviewer=hq_reviewer()).application
    assert later.status == S.UNDER_REVIEW
    [shown] = past_outcomes(application=later)
    assert (shown.pk, shown.same_applicant, shown.same_region_pair) == (
        earlier.application_id, True, False)


def test_the_home_pages_show_the_projects_and_the_reports_awaiting_hq(client, hq_staff):
    project = published_project()
    member = member_of(project)
    report_submit(report=complete_report(project, member), by=member)
    client.force_login(member)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="projects-panel"' in home
    assert "Year 1 report (due 30 April 2027): Submitted" in home
    client.force_login(hq_staff)
    home = client.get(reverse("home")).content.decode()
    assert "1 report awaits acceptance" in home and "0 reports late" in home
