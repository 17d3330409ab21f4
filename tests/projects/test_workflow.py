"""The progress report's one state machine: draft → submitted → accepted or returned (and
submitted again), each move by its actor only, through report_transition and its table;
what each status permits (ABILITIES); the e-mails of the moves; the project closing."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.enums import Role
from notifications.enums import Kind
from notifications.models import Notification
from projects import workflow
from projects.enums import ProjectStatus, ReportStatus
from projects.models import ReportStatusChange
from projects.services import (
    outcome_create,
    report_accept,
    report_return,
    report_submit,
    report_summary_update,
)
from projects.workflow import ABILITIES, EDIT, SEND_SURVEY, TRANSITIONS
from rit_portal.lifecycle import IllegalTransition
from tests.factories import OrganisationFactory, UserFactory

from .builders import complete_report, year_of

pytestmark = pytest.mark.django_db

R = ReportStatus


def test_the_table_lists_every_move_and_every_status():
    assert {source: set(moves) for source, moves in TRANSITIONS.items()} == {
        R.DRAFT: {R.SUBMITTED}, R.SUBMITTED: {R.ACCEPTED, R.RETURNED},
        R.RETURNED: {R.SUBMITTED}, R.ACCEPTED: set()}
    assert {status: {a.code for a in abilities} for status, abilities in ABILITIES.items()} == {
        R.DRAFT: {"edit", "send_survey"}, R.RETURNED: {"edit", "send_survey"},
        R.SUBMITTED: {"send_survey"}, R.ACCEPTED: set()}


def test_draft_submitted_accepted(project, member, hq_staff, django_capture_on_commit_callbacks):
    report = complete_report(project, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, by=member)
    assert report.status == R.SUBMITTED and report.submitted_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=report, by=hq_staff, note="Thank you.")
    report.refresh_from_db()
    assert report.status == R.ACCEPTED and report.accepted_at is not None
    assert list(ReportStatusChange.objects.filter(report=report).values_list(
        "from_status", "to_status", "by", "note")) == [
        (R.DRAFT, R.SUBMITTED, member.pk, ""), (R.SUBMITTED, R.ACCEPTED, hq_staff.pk,
                                                "Thank you.")]
    assert [n.kind for n in Notification.objects.filter(
        kind__in=[Kind.REPORT_SUBMITTED, Kind.REPORT_ACCEPTED]).order_by("pk")] == [
        Kind.REPORT_SUBMITTED, Kind.REPORT_ACCEPTED]
    subjects = [m.subject for m in mail.outbox if "report" in m.subject or "報告" in m.subject]
    assert len(subjects) == 2


def test_returned_with_a_comment_then_submitted_again(project, member, hq_staff,
                                                      django_capture_on_commit_callbacks):
    report = complete_report(project, member)
    report_submit(report=report, by=member)
    with pytest.raises(ValidationError) as refused:
        report_return(report=report, by=hq_staff, note="  ")
    assert refused.value.message_dict == {"note": ["Say what the organisation should change."]}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, by=hq_staff, note="Attach the venue receipt.")
    assert report.status == R.RETURNED
    returned = next(m for m in mail.outbox if "修正依頼" in m.subject)  # in Japanese
    assert "Attach the venue receipt." in returned.body
    # Editable again, then submitted again.
    report_summary_update(report=report, by=member, summary="Revised.")
    report_submit(report=report, by=member)
    assert list(report.status_changes.values_list("to_status", flat=True)) == [
        R.SUBMITTED, R.RETURNED, R.SUBMITTED]


def test_an_incomplete_report_is_refused_with_every_reason(project, member):
    report = year_of(project).report
    with pytest.raises(ValidationError) as refused:
        report_submit(report=report, by=member)
    assert refused.value.messages == [
        "Record the activities of the year (held or cancelled).",
        "Record the year's outcomes (business meetings count too).",
        "Tick the firms that took part in the year's activities.",
        "Enter the year's actual spend against the approved lines.",
        "Tick the firms that took part, then send them the survey.",
        "Write a short summary of the year.",
    ]
    report.refresh_from_db()
    assert report.status == R.DRAFT
    assert not ReportStatusChange.objects.exists()


@pytest.mark.parametrize("actor", ["other_applicant", "hq_staff", "hq_reviewer", "nobody"])
def test_only_the_organisation_submits(project, member, actor):
    report = complete_report(project, member)
    user = {"other_applicant": lambda: UserFactory(role=Role.APPLICANT,
                                                   organisation=OrganisationFactory()),
            "hq_staff": lambda: UserFactory(role=Role.HQ_STAFF),
            "hq_reviewer": lambda: UserFactory(role=Role.HQ_REVIEWER),
            "nobody": lambda: None}[actor]()
    with pytest.raises(IllegalTransition):
        workflow.report_transition(report=report, to=R.SUBMITTED, by=user)
    report.refresh_from_db()
    assert report.status == R.DRAFT


def test_only_hq_accepts_or_returns(project, member):
    report = complete_report(project, member)
    report_submit(report=report, by=member)
    with pytest.raises(IllegalTransition):
        report_accept(report=report, by=member)
    with pytest.raises(IllegalTransition):
        workflow.report_transition(report=report, to=R.RETURNED, by=member, note="x")
    report.refresh_from_db()
    assert report.status == R.SUBMITTED


def test_moves_the_table_does_not_list_are_refused(project, member, hq_staff):
    report = year_of(project).report
    with pytest.raises(IllegalTransition, match="cannot move from “Draft” to “Accepted”"):
        report_accept(report=report, by=hq_staff)


@pytest.mark.parametrize("status", list(R))
def test_what_each_status_permits(project, member, status):
    report = year_of(project).report
    report.status = status
    report.save()
    may = workflow.abilities_for(report=report, user=member)
    assert (may.edit, may.send_survey) == (
        EDIT in ABILITIES[status], SEND_SURVEY in ABILITIES[status])
    if may.edit:
        outcome_create(report=report, by=member, kind="business_meetings", count=1,
                       value_yen=None, description="商談")
    else:
        with pytest.raises(ValidationError):
            outcome_create(report=report, by=member, kind="business_meetings", count=1,
                           value_yen=None, description="商談")


def test_accepting_every_years_report_leaves_the_final_report_due(project, member, hq_staff):
    first = complete_report(project, member, number=1)
    report_submit(report=first, by=member)
    report_accept(report=first, by=hq_staff)
    project.refresh_from_db()
    assert (project.status, project.closed_at) == (ProjectStatus.RUNNING, None)
    moment = dt.datetime(2027, 8, 1, 3, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):  # year 2's activity has been held
        second = complete_report(project, member, number=2)
        report_submit(report=second, by=member)
        report_accept(report=second, by=hq_staff)
    project.refresh_from_db()
    # Completed once the final report is accepted (tests/projects/test_final_report.py).
    assert (project.status, project.closed_at) == (ProjectStatus.RUNNING, None)


@time_machine.travel(dt.datetime(2027, 5, 3, 12, tzinfo=dt.UTC))
def test_a_late_submission_says_so_on_the_timeline(project, member):
    report = complete_report(project, member)
    change = report_submit(report=report, by=member)
    assert change.event_text == "Submitted 3 day(s) after the due date (2027-04-30)."


def test_hqs_decisions_on_a_report_are_in_the_applications_history(project, member, hq_staff):
    from audit.models import AuditEvent

    report = complete_report(project, member)
    report_submit(report=report, by=member)
    report_return(report=report, by=hq_staff, note="Add the venue receipt.")
    report_submit(report=report, by=member)
    report_accept(report=report, by=hq_staff)
    entries = AuditEvent.objects.filter(application=project.application).order_by("pk")
    assert [(e.event_text, e.note, e.by) for e in entries] == [
        ("Progress report of project year 1 returned for changes.", "Add the venue receipt.",
         hq_staff),
        ("Progress report of project year 1 accepted.", "", hq_staff)]
