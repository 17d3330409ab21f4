"""The final report after the last project year: the organisation writes it (a draft kept
between visits, and kept when a submission is refused) and submits it; HQ accepts it or
returns it with a comment (workflow.FINAL_REPORT). Accepting closes the accounts (approved
and paid as they stand, kept on the report), completes the project through its lifecycle
(workflow.PROJECT, on its timeline) and requests the closing letter (letters.py: produced
once, by the award letters' path, e-mailed with the PDF).

Reminders (the daily beat job with the progress reports'): once when the final report of a
running project is due within REMINDER_DAYS_BEFORE_DUE days, once when it is late.
"""

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.enums import Kind
from notifications.services import notify
from rit_portal.permissions import require
from rit_portal.system_texts import event

from ..enums import FINAL_REPORT_OWED, REMINDER_DAYS_BEFORE_DUE, FinalReportStatus, ProjectStatus
from ..models import FinalReport, Project, ProjectYear, project_running
from ..selectors import project_accounts
from ..workflow import EDIT_FINAL_REPORT, FINAL_REPORT, final_report_transition, project_transition
from .project import require_member

TEXT_FIELDS = ("outcomes", "business_results", "joint_development", "lessons")
FIELDS = (*TEXT_FIELDS, "contracts_signed", "contracts_value", "joint_developments")


@transaction.atomic
def final_report_save(*, project: Project, by, **values) -> FinalReport:
    """The organisation saves its final report as a draft (created at the first save);
    `values` are FIELDS. Refused once it is with the programme office or accepted."""
    require_member(project=project, by=by)
    report, _created = FinalReport.objects.select_for_update().get_or_create(project=project)
    report.project = project
    FINAL_REPORT.require(report, EDIT_FINAL_REPORT)
    for name in FIELDS:
        if name in values:
            value = values[name]
            setattr(report, name, (value or "").strip() if name in TEXT_FIELDS
                    else (value or 0))
    report.full_clean(exclude=["project"])
    report.save()
    return report


@transaction.atomic
def final_report_submit(*, final_report: FinalReport, by) -> FinalReport:
    """Hand the final report in (the last project year over, its texts written)."""
    require_member(project=final_report.project, by=by)
    final_report_transition(final_report=final_report, to=FinalReportStatus.SUBMITTED, by=by)
    audit_record(event=event("final_report.submitted"), by=by,
                 application=final_report.project.application)
    return final_report


def _hq(by) -> None:
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may decide on a final report."))


@transaction.atomic
def final_report_accept(*, final_report: FinalReport, by, note: str = "") -> FinalReport:
    """HQ accepts the final report: the accounts are closed (approved and paid kept on the
    report), the project is completed (workflow.PROJECT, on its timeline) and the closing
    letter is requested (produced once, e-mailed to the organisation with the PDF)."""
    from ..letters import closing_letter_request

    _hq(by)
    change = final_report_transition(final_report=final_report, to=FinalReportStatus.ACCEPTED,
                                     by=by, note=note)
    project = final_report.project
    accounts = project_accounts(project=project)
    final_report.closing_approved, final_report.closing_paid = accounts.approved, accounts.paid
    final_report.save(update_fields=["closing_approved", "closing_paid", "updated_at"])
    project_transition(project=project, to=ProjectStatus.COMPLETED, by=by,
                       event=event("project.completed"))
    audit_record(event=event("final_report.accepted"), by=by, application=project.application,
                 note=change.note)
    audit_record(event=event("project.completed"), by=by, application=project.application)
    closing_letter_request(final_report=final_report)
    return final_report


@transaction.atomic
def final_report_return(*, final_report: FinalReport, by, note: str) -> FinalReport:
    """HQ sends the final report back with what to change (the organisation is e-mailed)."""
    _hq(by)
    change = final_report_transition(final_report=final_report, to=FinalReportStatus.RETURNED,
                                     by=by, note=note)
    audit_record(event=event("final_report.returned"), by=by,
                 application=final_report.project.application, note=change.note)
    return final_report


def _owing_projects():
    """Running projects whose final report is not handed in, with its due date (`due`: the
    last project year's report due date, selectors.final_report_due_on's rule)."""
    last_due = (ProjectYear.objects.filter(project=OuterRef("pk")).order_by("-number")
                .values("report_due_on")[:1])
    return (Project.objects.filter(project_running())
            .exclude(final_report__status__in=[s for s in FinalReportStatus.values
                                               if s not in FINAL_REPORT_OWED])
            .annotate(due=Subquery(last_due))
            .select_related("organisation", "application"))


@transaction.atomic
def final_report_reminders(*, now: dt.datetime | None = None) -> int:
    """Record today's reminders (Japan time) of final reports still owed: "due soon" within
    REMINDER_DAYS_BEFORE_DUE days of the due date, "late" after it; each once per project.
    Returns how many were recorded (0 on a second run)."""
    today = timezone.localdate(now or timezone.now())
    horizon = today + dt.timedelta(days=REMINDER_DAYS_BEFORE_DUE)
    recorded = 0
    for project in _owing_projects().filter(due__lte=horizon):
        kind = Kind.FINAL_REPORT_LATE if project.due < today else Kind.FINAL_REPORT_DUE_SOON
        if notify(kind, to=project.organisation, about=project.application,
                  params={"project": project.pk},
                  once_for={"final_report": project.pk, "reminder": kind.value}) is not None:
            recorded += 1
    return recorded
