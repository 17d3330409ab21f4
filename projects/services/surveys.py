"""The participants' satisfaction survey: signed links, no account (as the partner's
confirmation, applications.services.partner).

Each year the organisation sends the survey to every firm that took part (in the language
chosen for the firm) and to the partner region's contact (in English). Each invitation is
one e-mail with a signed link (django.core.signing, timestamped: SURVEY_LINK_MAX_AGE). The
signature covers the invitation's id and its e-mail address. One answer per link: an
answered link, an expired one or an altered one is refused with a clear page. What HQ sees
per link: when it was sent, first opened, answered.
"""

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from privacy.services import collection_record

from ..models import ProjectYear, SurveyInvitation, SurveyResponse
from ..workflow import REPORT, SEND_SURVEY
from .project import require_member

SURVEY_LINK_SALT = "projects.satisfaction-survey"
SURVEY_LINK_MAX_AGE = dt.timedelta(days=60)
ANSWER_FIELDS = ("overall_satisfaction", "matching_usefulness", "seminar_usefulness",
                 "interpretation_usefulness", "business_result", "comment")


class SurveyLinkExpired(Exception):
    """The link was genuine but is older than SURVEY_LINK_MAX_AGE."""


class SurveyLinkInvalid(Exception):
    """The link was altered, truncated, or names an invitation that no longer exists."""


def survey_token(*, invitation: SurveyInvitation) -> str:
    return signing.dumps({"id": invitation.pk, "email": invitation.email},
                         salt=SURVEY_LINK_SALT, compress=True)


def survey_path(*, invitation: SurveyInvitation) -> str:
    return reverse("projects:survey", kwargs={"token": survey_token(invitation=invitation)})


def survey_invitation_from_token(token: str) -> SurveyInvitation:
    """The invitation a link stands for; SurveyLinkExpired / SurveyLinkInvalid else."""
    try:
        data = signing.loads(token, salt=SURVEY_LINK_SALT, max_age=SURVEY_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise SurveyLinkExpired from exc
    except signing.BadSignature as exc:
        raise SurveyLinkInvalid from exc
    invitation = (SurveyInvitation.objects
                  .select_related("project_year__project__application",
                                  "project_year__project__organisation",
                                  "project_year__project__partner_region")
                  .filter(pk=data.get("id"), email=data.get("email")).first())
    if invitation is None:
        raise SurveyLinkInvalid
    return invitation


def _invite(project_year: ProjectYear, **values) -> SurveyInvitation | None:
    """Record one invitation and its e-mail; None when that address was already invited
    this year."""
    invitation = SurveyInvitation(project_year=project_year, **values)
    invitation.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # invited already (this year, this address)
        return None
    project = project_year.project
    notify(Kind.SURVEY_INVITATION, to=Address(invitation.email, invitation.language),
           about=project.application, params={"invitation": invitation.pk})
    return invitation


@transaction.atomic
def survey_send(*, project_year: ProjectYear, by) -> list[SurveyInvitation]:
    """Send the year's survey to every firm that took part (ticked in the report) with a
    contact e-mail, and to the partner region's contact in their language; each address once a
    year, so sending again reaches only those added since. Returns the new invitations;
    ValidationError when there is nobody (new) to send it to."""
    project = project_year.project
    require_member(project=project, by=by)
    report = project_year.report
    REPORT.require(report, SEND_SURVEY)
    invited = set(project_year.survey_invitations.values_list("email", flat=True))
    sent = []
    for firm in report.firms.exclude(contact_email="").order_by("name"):
        if firm.contact_email not in invited:
            invitation = _invite(project_year, firm=firm, name=firm.contact_name,
                                 organisation_name=firm.name, email=firm.contact_email,
                                 language=firm.survey_language)
            if invitation:
                sent.append(invitation)
                invited.add(invitation.email)
    if project.partner_contact_email and project.partner_contact_email not in invited:
        invitation = _invite(project_year, is_partner_contact=True,
                             name=project.partner_contact_name,
                             organisation_name=project.partner_contact_organisation,
                             email=project.partner_contact_email,
                             language=project.partner_contact_language)
        if invitation:
            sent.append(invitation)
    if not sent:
        raise ValidationError(_("Nobody new to send the survey to: tick the firms that took "
                                "part and give their contact e-mails (or the partner's "
                                "contact) first."))
    return sent


def survey_opened(*, invitation: SurveyInvitation) -> None:
    """Note the first time the link was opened (response tracking for HQ)."""
    if invitation.first_opened_at is None:
        now = timezone.now()
        SurveyInvitation.objects.filter(pk=invitation.pk, first_opened_at__isnull=True).update(
            first_opened_at=now)
        invitation.first_opened_at = now


@transaction.atomic
def survey_answer(*, invitation: SurveyInvitation, language: str, **answers) -> SurveyResponse:
    """Record the participant's answers: once per link (a second answer is refused)."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_at is not None:
        raise ValidationError(_("This survey has already been answered."))
    now = timezone.now()
    response = SurveyResponse(invitation=invitation, language=language, answered_at=now,
                              **{name: answers.get(name) for name in ANSWER_FIELDS})
    response.comment = (response.comment or "").strip()
    response.full_clean()
    response.save()
    invitation.answered_at = now
    invitation.first_opened_at = invitation.first_opened_at or now
    invitation.save(update_fields=["answered_at", "first_opened_at"])
    collection_record(record=response)  # the participant's own answers, through the link
    return response
