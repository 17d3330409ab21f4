"""The e-mails the projects app owns, registered with notifications at start-up (apps.py):
the moves of a progress report and its reminders, the satisfaction survey, and how a
project ended."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Kind
from notifications.kinds import register_kind
from sponsorship.enums import LetterStatus

from .models import (
    ClaimStatusChange,
    Delegate,
    FinalReportStatusChange,
    ProgressReport,
    Project,
    ProjectLetter,
    ProjectStatusChange,
    ReportStatusChange,
    SurveyInvitation,
    VariationStatusChange,
)


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


def _delegate_consent_request(params: dict) -> dict:
    """The traveller's request for consent: their open request's link (a newer request
    sends its own e-mail; this one then carries the newer link)."""
    from .services import CONSENT_LINK, delegate_consent_path

    delegate = (Delegate.objects
                .select_related("activity__project_year__project__application",
                                "activity__project_year__project__organisation",
                                "activity__project_year__project__partner_region__country")
                .get(pk=params["delegate"]))
    project = delegate.activity.project_year.project
    link = (settings.SITE_URL + delegate_consent_path(delegate=delegate)
            if delegate.consent_asked_at else "")
    return {"delegate": delegate, "activity": delegate.activity, "project": project,
            "application": project.application, "organisation": project.organisation,
            "country": project.partner_region.country if project.partner_region else None,
            "link": link, "valid_days": CONSENT_LINK.max_age.days}


def _project_status_change(params: dict) -> dict:
    change = (ProjectStatusChange.objects
              .select_related("project__application__call", "project__organisation")
              .get(pk=params["status_change"]))
    project = change.project
    return {"change": change, "project": project, "application": project.application,
            "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:detail", kwargs={"pk": project.pk})}


def _variation_status_change(params: dict) -> dict:
    change = (VariationStatusChange.objects
              .select_related("variation__project__application__call",
                              "variation__project__organisation")
              .get(pk=params["status_change"]))
    variation = change.variation
    project = variation.project
    return {"change": change, "variation": variation, "project": project,
            "application": project.application, "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:variation",
                                                kwargs={"pk": project.pk,
                                                        "number": variation.number})}


def _project_letter(params: dict) -> dict:
    from .letters import project_letter_reference

    letter = (ProjectLetter.objects
              .select_related("project__application__call", "project__organisation", "variation",
                              "final_report")
              .get(pk=params["letter"]))
    project = letter.project
    return {"letter": letter, "variation": letter.variation, "project": project,
            "final_report": letter.final_report,
            "application": project.application, "organisation": project.organisation,
            "reference": project_letter_reference(letter),
            "link": settings.SITE_URL + reverse("projects:detail", kwargs={"pk": project.pk})}


def _project_letter_pdf(params: dict, context: dict) -> list:
    from .letters import project_letter_filename

    letter = context["letter"]
    with letter.file.open("rb") as stored:
        return [(project_letter_filename(letter), stored.read(), "application/pdf")]


def _project_letter_sent(params: dict) -> None:
    ProjectLetter.objects.filter(pk=params["letter"]).update(emailed_at=timezone.now(), error="")


def _project_letter_failed(params: dict, error: str) -> None:
    (ProjectLetter.objects.filter(pk=params["letter"], status=LetterStatus.READY)
     .update(error=error))


def _claim_status_change(params: dict) -> dict:
    change = (ClaimStatusChange.objects
              .select_related("claim__project__application__call", "claim__project__organisation",
                              "claim__payment")
              .get(pk=params["status_change"]))
    claim = change.claim
    project = claim.project
    return {"change": change, "claim": claim, "project": project,
            "payment": getattr(claim, "payment", None),
            "approved_total": sum(line.approved or 0 for line in claim.lines.all()),
            "application": project.application, "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:claim",
                                                kwargs={"pk": project.pk,
                                                        "number": claim.number})}


def _final_report_status_change(params: dict) -> dict:
    change = (FinalReportStatusChange.objects
              .select_related("final_report__project__application__call",
                              "final_report__project__organisation")
              .get(pk=params["status_change"]))
    project = change.final_report.project
    return {"change": change, "final_report": change.final_report, "project": project,
            "application": project.application, "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:final-report",
                                                kwargs={"pk": project.pk})}


def _final_report_reminder(params: dict) -> dict:
    from .selectors import final_report_due_on

    project = (Project.objects.select_related("application__call", "organisation")
               .get(pk=params["project"]))
    return {"project": project, "application": project.application,
            "organisation": project.organisation, "due": final_report_due_on(project=project),
            "link": settings.SITE_URL + reverse("projects:final-report",
                                                kwargs={"pk": project.pk})}


def register() -> None:
    for kind in (Kind.REPORT_DUE_SOON, Kind.REPORT_LATE):
        register_kind(kind, context=_report_reminder)
    for kind in (Kind.REPORT_SUBMITTED, Kind.REPORT_ACCEPTED, Kind.REPORT_RETURNED):
        register_kind(kind, context=_report_status_change)
    # The signed link answers for the participant: staff never see it.
    register_kind(Kind.SURVEY_INVITATION, context=_survey_invitation, secret=("link",))
    register_kind(Kind.DELEGATE_CONSENT_REQUEST, context=_delegate_consent_request,
                  secret=("link",))
    for kind in (Kind.PROJECT_CLOSED_EARLY, Kind.PROJECT_CANCELLED):
        register_kind(kind, context=_project_status_change)
    for kind in (Kind.VARIATION_RETURNED, Kind.VARIATION_REFUSED):
        register_kind(kind, context=_variation_status_change)
    for kind in (Kind.CLAIM_RETURNED, Kind.CLAIM_APPROVED, Kind.CLAIM_PAID):
        register_kind(kind, context=_claim_status_change)
    # The letters carry their PDF (the closing letter: the final report's acceptance).
    for kind in (Kind.AMENDMENT_LETTER, Kind.FINAL_REPORT_ACCEPTED):
        register_kind(kind, context=_project_letter, attachments=_project_letter_pdf,
                      on_sent=_project_letter_sent, on_failed=_project_letter_failed)
    register_kind(Kind.FINAL_REPORT_RETURNED, context=_final_report_status_change)
    for kind in (Kind.FINAL_REPORT_DUE_SOON, Kind.FINAL_REPORT_LATE):
        register_kind(kind, context=_final_report_reminder)
