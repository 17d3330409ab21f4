"""What each kind of e-mail says: its context, attachments, and what sending it records.

A kind's templates are `notifications/email/<kind>_subject.txt` and `<kind>.txt`, rendered
without HTML escaping (they are plain text) in the notification's language, with
`site_url` added to the context. A context builder receives the notification's `params`
(ids recorded with it) and loads what the message shows, at send time.

To add a kind: a value in enums.Kind, its two templates, and an entry in KINDS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .enums import Kind

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class KindSpec:
    context: Callable[[dict], dict]
    # Files to attach, from the params and the context built for them.
    attachments: Callable[[dict, dict], list[Attachment]] | None = None
    # Called inside the transaction that marks the notification sent, or after a failed
    # attempt with the error: how the app that owns the subject records the outcome.
    on_sent: Callable[[dict], None] | None = None
    on_failed: Callable[[dict, str], None] | None = None


def _status_change(params: dict) -> dict:
    from applications.models import StatusChange

    change = (StatusChange.objects.select_related("application__organisation",
                                                  "application__call")
              .get(pk=params["status_change"]))
    return {"application": change.application, "change": change}


def _confirmation(params: dict):
    from applications.models import PartnerConfirmation

    return (PartnerConfirmation.objects
            .select_related("application__organisation", "application__partner_region",
                            "application__call")
            .get(pk=params["confirmation"]))


def _partner_request(params: dict) -> dict:
    from applications.services import PARTNER_LINK_MAX_AGE, partner_confirmation_path

    confirmation = _confirmation(params)
    return {"confirmation": confirmation, "application": confirmation.application,
            "link": settings.SITE_URL + partner_confirmation_path(confirmation=confirmation),
            "valid_days": PARTNER_LINK_MAX_AGE.days}


def _partner_answered(params: dict) -> dict:
    confirmation = _confirmation(params)
    return {"confirmation": confirmation, "application": confirmation.application}


def _invitation(params: dict) -> dict:
    from accounts.models import Invitation
    from accounts.services import invitation_link

    invitation = (Invitation.objects.select_related("organisation", "office", "invited_by")
                  .get(pk=params["invitation"]))
    return {"invitation": invitation, "link": invitation_link(invitation)}


def _password_reset(params: dict) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.models import User

    # Made when sent: valid for PASSWORD_RESET_TIMEOUT from then, and only until the
    # password changes or the user logs in (Django's token covers both).
    user = User.objects.get(pk=params["user"])
    path = reverse("password_reset_confirm",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                           "token": default_token_generator.make_token(user)})
    return {"user": user, "link": settings.SITE_URL + path}


def _applications(ids: list[int]) -> list:
    from applications.models import Application

    return list(Application.objects.filter(pk__in=ids).select_related("call", "organisation")
                .order_by("reference", "pk"))


def _decisions_published(params: dict) -> dict:
    from accounts.models import ApplicantOrganisation

    organisation = ApplicantOrganisation.objects.get(pk=params["organisation"])
    # Rendered under the notification's language: the accessor picks the name in it.
    return {"organisation_name": organisation.name,
            "applications": _applications(params["applications"])}


def _letter(params: dict):
    from sponsorship.models import AwardLetter

    return (AwardLetter.objects
            .select_related("decision__application__organisation", "decision__application__call")
            .get(pk=params["letter"]))


def _award_letter(params: dict) -> dict:
    from sponsorship.letter_pdf import letter_reference

    letter = _letter(params)
    application = letter.decision.application
    return {"letter": letter, "application": application,
            "organisation": application.organisation, "reference": letter_reference(letter)}


def _award_letter_pdf(params: dict, context: dict) -> list[Attachment]:
    from sponsorship.letter_pdf import letter_filename

    letter = context["letter"]
    with letter.file.open("rb") as stored:
        return [(letter_filename(letter), stored.read(), "application/pdf")]


def _award_letter_sent(params: dict) -> None:
    from sponsorship.models import AwardLetter

    AwardLetter.objects.filter(pk=params["letter"]).update(emailed_at=timezone.now(), error="")


def _award_letter_failed(params: dict, error: str) -> None:
    from sponsorship.enums import LetterStatus
    from sponsorship.models import AwardLetter

    # The letters page shows HQ why a ready letter has not reached the applicant.
    (AwardLetter.objects.filter(pk=params["letter"], status=LetterStatus.READY)
     .update(error=error))


def _reminder(params: dict) -> dict:
    from accounts.models import User
    from applications.models import Call

    context = {"call": Call.objects.get(pk=params["call"]),
               "applications": _applications(params["applications"])}
    if "reviewer" in params:
        context["reviewer"] = User.objects.get(pk=params["reviewer"])
    return context


def _project_links(report) -> dict:
    from django.urls import reverse

    year = report.project_year
    project = year.project
    return {"report": report, "project": project, "application": project.application,
            "organisation": project.organisation, "year": year,
            "link": settings.SITE_URL + reverse("projects:report-submit",
                                                kwargs={"pk": project.pk, "year": year.number})}


def _report_status_change(params: dict) -> dict:
    from projects.models import ReportStatusChange

    change = (ReportStatusChange.objects
              .select_related("report__project_year__project__application__call",
                              "report__project_year__project__organisation")
              .get(pk=params["status_change"]))
    return {"change": change, **_project_links(change.report)}


def _report_reminder(params: dict) -> dict:
    from projects.models import ProgressReport

    report = (ProgressReport.objects
              .select_related("project_year__project__application__call",
                              "project_year__project__organisation")
              .get(pk=params["report"]))
    return _project_links(report)


def _survey_invitation(params: dict) -> dict:
    from projects.models import SurveyInvitation
    from projects.services import SURVEY_LINK_MAX_AGE, survey_path

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
    from django.urls import reverse

    from projects.models import ProjectStatusChange

    change = (ProjectStatusChange.objects
              .select_related("project__application__call", "project__organisation")
              .get(pk=params["status_change"]))
    project = change.project
    return {"change": change, "project": project, "application": project.application,
            "organisation": project.organisation,
            "link": settings.SITE_URL + reverse("projects:detail", kwargs={"pk": project.pk})}


def _review_assigned(params: dict) -> dict:
    from accounts.models import User
    from applications.models import Application

    application = (Application.objects
                   .select_related("call", "organisation", "partner_region__country")
                   .get(pk=params["application"]))
    return {"application": application, "reviewer": User.objects.get(pk=params["reviewer"])}


def _review_digest(params: dict) -> dict:
    from accounts.models import User
    from reviews.selectors import digest_rows

    reviewer = User.objects.get(pk=params["reviewer"])
    # What is still open when it is sent (a review submitted since is left out).
    return {"reviewer": reviewer, "rows": digest_rows(reviewer=reviewer,
                                                      assignment_ids=params["assignments"])}


KINDS: dict[str, KindSpec] = {
    Kind.APPLICATION_SUBMITTED: KindSpec(_status_change),
    Kind.INFO_REQUESTED: KindSpec(_status_change),
    Kind.INFO_REMINDER: KindSpec(_status_change),
    Kind.INFO_ANSWERED: KindSpec(_status_change),
    Kind.APPLICATION_WITHDRAWN: KindSpec(_status_change),
    Kind.PARTNER_REQUEST: KindSpec(_partner_request),
    Kind.PARTNER_ANSWERED: KindSpec(_partner_answered),
    Kind.INVITATION: KindSpec(_invitation),
    Kind.PASSWORD_RESET: KindSpec(_password_reset),
    Kind.DECISIONS_PUBLISHED: KindSpec(_decisions_published),
    Kind.AWARD_LETTER: KindSpec(_award_letter, attachments=_award_letter_pdf,
                                on_sent=_award_letter_sent, on_failed=_award_letter_failed),
    Kind.REVIEW_ASSIGNED: KindSpec(_review_assigned),
    Kind.REVIEW_DIGEST: KindSpec(_review_digest),
    Kind.REVIEW_DEADLINE: KindSpec(_reminder),
    Kind.MISSING_REVIEWERS: KindSpec(_reminder),
    Kind.REPORT_DUE_SOON: KindSpec(_report_reminder),
    Kind.REPORT_LATE: KindSpec(_report_reminder),
    Kind.REPORT_SUBMITTED: KindSpec(_report_status_change),
    Kind.REPORT_ACCEPTED: KindSpec(_report_status_change),
    Kind.REPORT_RETURNED: KindSpec(_report_status_change),
    Kind.SURVEY_INVITATION: KindSpec(_survey_invitation),
    Kind.PROJECT_CLOSED_EARLY: KindSpec(_project_status_change),
    Kind.PROJECT_CANCELLED: KindSpec(_project_status_change),
}

assert set(KINDS) == set(Kind.values), "every Kind needs its entry in KINDS"
