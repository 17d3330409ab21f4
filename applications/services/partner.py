"""Criterion 3: the partner contact's online confirmation of interest.

The contact has no account. The portal e-mails a signed link (django.core.signing, with a
timestamp checked against PARTNER_LINK_MAX_AGE), written in the language the applicant chose
for the contact; the page behind it offers every partner language
(rit_portal/partner_languages.py). The
signature covers the confirmation's id and the contact's e-mail address, so a link cannot
be altered to answer another request.
"""

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from privacy.services import collection_record

from ..enums import ConfirmationStatus
from ..models import Application, PartnerConfirmation
from .draft import require_editable

PARTNER_LINK_SALT = "applications.partner-confirmation"
PARTNER_LINK_MAX_AGE = dt.timedelta(days=30)


class PartnerLinkExpired(Exception):
    """The link was genuine but is older than PARTNER_LINK_MAX_AGE."""


class PartnerLinkInvalid(Exception):
    """The link was altered, truncated, or names a request that no longer exists."""


def partner_confirmation_token(*, confirmation: PartnerConfirmation) -> str:
    return signing.dumps({"id": confirmation.pk, "email": confirmation.contact_email},
                         salt=PARTNER_LINK_SALT, compress=True)


def partner_confirmation_path(*, confirmation: PartnerConfirmation) -> str:
    return reverse("applications:partner-confirm",
                   kwargs={"token": partner_confirmation_token(confirmation=confirmation)})


def partner_confirmation_from_token(token: str) -> PartnerConfirmation:
    """The confirmation a link stands for; PartnerLinkExpired / PartnerLinkInvalid else."""
    try:
        data = signing.loads(token, salt=PARTNER_LINK_SALT,
                             max_age=PARTNER_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise PartnerLinkExpired from exc
    except signing.BadSignature as exc:
        raise PartnerLinkInvalid from exc
    confirmation = (PartnerConfirmation.objects
                    .select_related("application__organisation", "application__partner_region")
                    .filter(pk=data.get("id"), contact_email=data.get("email")).first())
    if confirmation is None:
        raise PartnerLinkInvalid
    return confirmation


@transaction.atomic
def partner_confirmation_request(*, application: Application, by, contact_name: str,
                                 contact_email: str, contact_organisation: str,
                                 language: str = "en") -> PartnerConfirmation:
    """Record the request and, with it, the e-mail of the signed link to the contact, in
    `language` (one of settings.PARTNER_LANGUAGES)."""
    require_editable(application=application, by=by)
    confirmation = PartnerConfirmation(
        application=application, contact_name=contact_name.strip(),
        contact_email=contact_email.strip(), contact_organisation=contact_organisation.strip(),
        language=language, requested_by=by)
    confirmation.full_clean()
    confirmation.save()
    collection_record(record=confirmation, by=by)

    # The contact has no account: the e-mail is in the language the applicant chose for them.
    notify(Kind.PARTNER_REQUEST, to=Address(confirmation.contact_email, confirmation.language),
           about=application, params={"confirmation": confirmation.pk})
    return confirmation


@transaction.atomic
def partner_confirmation_answer(*, confirmation: PartnerConfirmation, confirmed: bool,
                                message: str) -> PartnerConfirmation:
    """Record the partner's answer (once) and, with it, the e-mail to the applicant."""
    confirmation = PartnerConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if confirmation.status != ConfirmationStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    confirmation.status = (ConfirmationStatus.CONFIRMED if confirmed
                           else ConfirmationStatus.DECLINED)
    confirmation.message = message.strip()
    confirmation.responded_at = timezone.now()
    confirmation.full_clean()
    confirmation.save(update_fields=["status", "message", "responded_at"])
    collection_record(record=confirmation)  # the partner's own answer, through the link

    notify(Kind.PARTNER_ANSWERED, to=confirmation.application.organisation,
           about=confirmation.application, params={"confirmation": confirmation.pk})
    return confirmation
