"""The e-mails the projects app owns, registered with notifications at start-up (apps.py):
the moves of a progress report and its reminders, the satisfaction survey, and how a
project ended."""

from django.conf import settings
from django.urls import reverse

from notifications.enums import Kind
from notifications.kinds import register_kind

from .models import ProgressReport, ProjectStatusChange, ReportStatusChange, SurveyInvitation


def _project_links(report: ProgressReport) -> dict:
    year = report.project_year
    project = year.project
    return {"report": report, "project": project, "application": project.application,
            "organisation": project.organisation, "year": year,
            "link": settings.SITE_URL + reverse("projects:report-submit",
                                                kwargs={"pk": project.pk, "year": year.number})}


def _report_status_change(params: dict) -> dict:
    change = (ReportStatusChange.objects
              .select_related("report__project_year__project__application__call",
                              "report__project_year__project__organisation")
              .get(pk=params["status_change"]))
    return {"change": change, **_project_links(change.report)}


def _report_reminder(params: dict) -> dict:
    report = (ProgressReport.objects
              .select_related("project_year__project__application__call",
                              "project_year__project__organisation")
              .get(pk=params["report"]))
    return _project_links(report)


def _survey_invitation(params: dict) -> dict:
    from .services import SURVEY_LINK_MAX_AGE, survey_path

    invitation = (SurveyInvitation.objects
                  .select_related("project_year__project__application",
                                  "project_year__project__organisation",
                                  "project_year__project__partner_region")
                  .get(pk=params["invitation"]))
    project = invitation.project_year.project
    return {"invitation": invitation, "project": project, "application": project.application,
            "organisation": project.organisation, "year": invitation.project_year,
            "link": settings.SITE_URL + survey_path(invitation=invitation),
            "valid_days": SURVEY_LINK_MAX_AGE.days}


def _project_status_change(params: dict) -> dict:
    change = (ProjectStatusChange.objects
              .select_related("project__application__call", "project__organisation")
              .get(pk=params["status_change"]))
    project = change.project
    return {"change": change, "project": project, "application": project.application,
            "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:detail", kwargs={"pk": project.pk})}


def register() -> None:
    for kind in (Kind.REPORT_DUE_SOON, Kind.REPORT_LATE):
        register_kind(kind, context=_report_reminder)
    for kind in (Kind.REPORT_SUBMITTED, Kind.REPORT_ACCEPTED, Kind.REPORT_RETURNED):
        register_kind(kind, context=_report_status_change)
    # The signed link answers for the participant: staff never see it.
    register_kind(Kind.SURVEY_INVITATION, context=_survey_invitation, secret=("link",))
    for kind in (Kind.PROJECT_CLOSED_EARLY, Kind.PROJECT_CANCELLED):
        register_kind(kind, context=_project_status_change)
