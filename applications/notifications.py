"""E-mails that follow workflow moves. Sent from Celery after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .enums import ApplicationStatus as S
from .models import StatusChange

# Which moves tell the applicant organisation, and with which template.
APPLICANT_EMAILS = {
    S.SUBMITTED: "applications/email/submitted",
    S.INFO_REQUESTED: "applications/email/info_requested",
    S.WITHDRAWN: "applications/email/withdrawn",
}


def status_change_notify(*, status_change_id: int) -> int:
    """Send the e-mails that the status change calls for; return how many were sent."""
    change = (StatusChange.objects.select_related("application__organisation",
                                                  "application__call")
              .get(pk=status_change_id))
    template = APPLICANT_EMAILS.get(change.to_status)
    if template is None:
        return 0
    application = change.application
    recipients = sorted({application.organisation.contact_email,
                         *application.organisation.members.filter(is_active=True)
                         .values_list("email", flat=True)})
    with translation.override(application.organisation.preferred_language):
        context = {"application": application, "change": change, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, recipients)
    return 1


def _applicant_recipients(application) -> list[str]:
    return sorted({application.organisation.contact_email,
                   *application.organisation.members.filter(is_active=True)
                   .values_list("email", flat=True)})


def partner_request_send(*, confirmation_id: int) -> int:
    """E-mail the partner contact the signed link (in English: they have no account)."""
    from .models import PartnerConfirmation
    from .services import PARTNER_LINK_MAX_AGE, partner_confirmation_path

    confirmation = (PartnerConfirmation.objects
                    .select_related("application__organisation", "application__partner_region",
                                    "application__call")
                    .get(pk=confirmation_id))
    with translation.override("en"):
        context = {"confirmation": confirmation, "application": confirmation.application,
                   "link": settings.SITE_URL + partner_confirmation_path(confirmation=confirmation),
                   "valid_days": PARTNER_LINK_MAX_AGE.days}
        subject = render_to_string("applications/email/partner_request_subject.txt",
                                   context).strip()
        body = render_to_string("applications/email/partner_request.txt", context)
    send_mail(subject, body, None, [confirmation.contact_email])
    return 1


def partner_answer_notify(*, confirmation_id: int) -> int:
    """Tell the applicant organisation that the partner confirmed or declined."""
    from .models import PartnerConfirmation

    confirmation = (PartnerConfirmation.objects
                    .select_related("application__organisation").get(pk=confirmation_id))
    application = confirmation.application
    with translation.override(application.organisation.preferred_language):
        context = {"confirmation": confirmation, "application": application,
                   "site_url": settings.SITE_URL}
        subject = render_to_string("applications/email/partner_answered_subject.txt",
                                   context).strip()
        body = render_to_string("applications/email/partner_answered.txt", context)
    send_mail(subject, body, None, _applicant_recipients(application))
    return 1
