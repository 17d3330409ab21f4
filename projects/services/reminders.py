"""Reminders of progress reports (a beat job, daily): once before the due date, once when
late. Each is recorded once per report through notify's `once_for`, so running the job
every day (or twice a day) sends each reminder a single time. Only reports of running
projects are reminded (models.project_running): an ended project owes none. The JETRO
office in Japan covering the organisation's prefecture is sent a copy of each reminder
(applications' office copies: each staff member in their own language, once)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from applications.services.office_copies import REPORT_DUE_SOON, REPORT_LATE, office_copy_record
from notifications.enums import Kind
from notifications.services import notify

from ..enums import REMINDER_DAYS_BEFORE_DUE, WITH_ORGANISATION
from ..models import ProgressReport, project_running


def _reports_with_organisation():
    return (ProgressReport.objects.filter(project_running("project_year__project__"),
                                          status__in=WITH_ORGANISATION)
            .select_related("project_year__project__organisation",
                            "project_year__project__application"))


@transaction.atomic
def report_reminders(*, now: dt.datetime | None = None) -> int:
    """Record the reminders due today (Japan time): "due soon" for reports still with the
    organisation whose due date is within REMINDER_DAYS_BEFORE_DUE days, "late" for those
    whose due date has passed. Returns how many were recorded (0 on a second run)."""
    today = timezone.localdate(now or timezone.now())
    horizon = today + dt.timedelta(days=REMINDER_DAYS_BEFORE_DUE)
    recorded = 0
    due_soon = _reports_with_organisation().filter(project_year__report_due_on__gte=today,
                                                   project_year__report_due_on__lte=horizon)
    late = _reports_with_organisation().filter(project_year__report_due_on__lt=today)
    for kind, copy, reports in ((Kind.REPORT_DUE_SOON, REPORT_DUE_SOON, due_soon),
                                (Kind.REPORT_LATE, REPORT_LATE, late)):
        for report in reports:
            year = report.project_year
            project = year.project
            if notify(kind, to=project.organisation, about=project.application,
                      params={"report": report.pk},
                      once_for={"report": report.pk, "reminder": kind.value}) is not None:
                recorded += 1
                office_copy_record(
                    application=project.application, what=copy,
                    once_for={"report": report.pk},
                    details={"project": project.pk, "year": year.number,
                             "due_on": year.report_due_on.isoformat()})
    return recorded
