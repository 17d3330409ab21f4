"""Publishing an approval creates its sponsored project: once, with its years and due dates,
the approved sponsorship per year, activity and category, the consortium's firms and the
partner's contact. Nothing is retyped."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications.enums import ApplicationStatus as S
from applications.enums import ConfirmationStatus
from applications.models import PartnerConfirmation
from projects.enums import ReportStatus
from projects.models import ApprovedLine, ProgressReport, Project, ProjectFirm, ProjectYear
from projects.services import project_for_decision, spend_line_create
from sponsorship.board_jobs import applications_publish_decisions
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.letter_pdf import letter_context
from sponsorship.models import AwardLetter
from tests.factories import CallFactory, ConsortiumMemberFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

from .builders import member_of, published_project, receipt_pdf, year_of

pytestmark = pytest.mark.django_db


def _approved(call, hq_staff, **kwargs):
    application = reviewed_application(call=call, status=S.ELIGIBLE, duration_years=3,
                                       **kwargs)
    for year, activity, category, quantity, unit_cost in [
            (1, Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE, 2, 250_000),
            (1, Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE, 1, 300_000),
            (1, Activity.MATCHING_IN_JAPAN, CostCategory.VENUE, 1, 120_000),
            (3, Activity.NETWORKING_ABROAD, CostCategory.INTERPRETATION, 4, 80_000)]:
        CostLineFactory(application=application, year=year, activity=activity,
                        category=category, quantity=quantity, unit_cost=unit_cost)
    ConsortiumMemberFactory(application=application, name="株式会社水戸精工",
                            corporate_number="9234567890123")
    ConsortiumMemberFactory(application=application, name="株式会社筑波テック")
    PartnerConfirmation.objects.create(
        application=application, contact_name="Dr. Anna Müller",
        contact_email="a.mueller@bw.example.de", contact_organisation="BW International",
        status=ConfirmationStatus.CONFIRMED)
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    return application


def test_publishing_an_approval_creates_one_project_with_years_and_due_dates(hq_staff):
    call = CallFactory(fiscal_year=2027)
    application = _approved(call, hq_staff)
    rejected = reviewed_application(call=call, status=S.REJECTED)
    assert Project.objects.count() == 0  # decided, not yet published

    applications_publish_decisions(call=call, by=hq_staff)

    project = Project.objects.get()
    assert (project.application, project.organisation, project.partner_region,
            project.first_fiscal_year, project.duration_years, project.approved_total) == (
        application, application.organisation, application.partner_region, 2027, 3, 1_240_000)
    assert not Project.objects.filter(application=rejected).exists()
    assert list(ProjectYear.objects.filter(project=project).values_list(
        "number", "fiscal_year", "starts_on", "ends_on", "report_due_on")) == [
        (1, 2027, dt.date(2027, 4, 1), dt.date(2028, 3, 31), dt.date(2028, 4, 30)),
        (2, 2028, dt.date(2028, 4, 1), dt.date(2029, 3, 31), dt.date(2029, 4, 30)),
        (3, 2029, dt.date(2029, 4, 1), dt.date(2030, 3, 31), dt.date(2030, 4, 30))]
    assert list(ProgressReport.objects.filter(project_year__project=project)
                .values_list("project_year__number", "status")) == [
        (1, ReportStatus.DRAFT), (2, ReportStatus.DRAFT), (3, ReportStatus.DRAFT)]
    # Two airfare lines of year 1 make one approved line.
    assert list(ApprovedLine.objects.filter(project_year__project=project).values_list(
        "project_year__number", "activity", "category", "approved_amount")) == [
        (1, "matching_japan", "airfare", 800_000), (1, "matching_japan", "venue", 120_000),
        (3, "networking_abroad", "interpretation", 320_000)]
    assert list(ProjectFirm.objects.filter(project=project).order_by("name").values_list(
        "name", "corporate_number", "from_consortium")) == [
        ("株式会社水戸精工", "9234567890123", True), ("株式会社筑波テック", "", True)]
    assert (project.partner_contact_name, project.partner_contact_email) == (
        "Dr. Anna Müller", "a.mueller@bw.example.de")


def test_the_due_dates_are_those_the_award_letter_promises(hq_staff):
    call = CallFactory(fiscal_year=2027)
    application = _approved(call, hq_staff)
    applications_publish_decisions(call=call, by=hq_staff)
    letter = AwardLetter.objects.get(decision__application=application)
    promised = [(item.year, item.due.en) for item in letter_context(letter)["obligations"]]
    assert promised == [(year.number, f"30 April {year.report_due_on.year}")
                        for year in application.project.years.all()]


def test_project_creation_is_idempotent(hq_staff):
    project = published_project()
    counts = (ProjectYear.objects.count(), ApprovedLine.objects.count(),
              ProjectFirm.objects.count(), ProgressReport.objects.count())
    assert project_for_decision(decision=project.decision) == project
    assert (Project.objects.count(), ProjectYear.objects.count(), ApprovedLine.objects.count(),
            ProjectFirm.objects.count(), ProgressReport.objects.count()) == (1, *counts)


def test_a_new_decision_version_after_publication_updates_the_approved_lines(hq_staff):
    project = published_project()
    application = project.application
    member = member_of(project)
    year = year_of(project, 1)
    airfare = year.approved_lines.get(category="airfare")
    spend_line_create(report=year.report, by=member, approved_line=airfare,
                      description="専門家の航空運賃", amount=500_000,
                      paid_on=dt.date(2026, 7, 1), receipt=receipt_pdf())
    lines = {line.cost_line.category: line.cost_line for line in project.decision.lines.all()
             if line.cost_line.year == 1}

    decision = sponsorship_decide(application=application, by=hq_staff,
                                  mode=DecisionMode.PER_LINE,
                                  line_amounts={lines["airfare"].pk: 600_000})

    project.refresh_from_db()
    assert (project.decision, project.approved_total) == (decision, 600_000)
    assert dict(year.approved_lines.values_list("category", "approved_amount")) == {
        "airfare": 600_000, "accommodation": 0, "venue": 0}
    assert airfare.spend_lines.count() == 1  # the spend already claimed stays


def test_a_waitlisted_application_approved_after_publication_becomes_a_project(hq_staff):
    call = CallFactory(fiscal_year=2027)
    waitlisted = reviewed_application(call=call, status=S.WAITLISTED, duration_years=1)
    CostLineFactory(application=waitlisted)
    applications_publish_decisions(call=call, by=hq_staff)
    assert Project.objects.count() == 0

    sponsorship_decide(application=waitlisted, by=hq_staff, mode=DecisionMode.FULL)

    project = Project.objects.get()
    assert (project.application, project.duration_years, project.approved_total) == (
        waitlisted, 1, 45_000)


def test_a_project_cannot_be_made_from_a_decision_twice_concurrently(hq_staff):
    """The application is unique on the project: a second row is refused."""
    project = published_project()
    duplicate = Project(application=project.application, decision=project.decision,
                        organisation=project.organisation, first_fiscal_year=2026,
                        duration_years=2, approved_total=1)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
