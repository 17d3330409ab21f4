"""The personal data applications keeps (privacy.holdings, registered in apps.py): the
applications a person started, the partner contacts asked to confirm, the people named
in prior contacts, the files a person uploaded (listed, not included)."""

import re

from django.utils.translation import gettext_lazy as _

from privacy.holdings import (
    ROWS_PER_CATEGORY,
    Category,
    Entry,
    lazily,
    matching,
    mentions,
)
from rit_portal.conventions import short_date

from .models import Application, Attachment, PartnerConfirmation, PriorContact


def _application(application: Application) -> Entry:
    return Entry(title=application.reference or application.title_ja, pk=application.pk, fields=[
        (_("reference number"), application.reference or ""),
        (_("project title (Japanese)"), application.title_ja),
        (_("call"), str(application.call)),
        (_("applicant organisation"), application.organisation.name_ja),
        (_("status"), application.get_status_display()),
        (_("started"), application.created_at),
    ])


def applications_of_user(user):
    return (_application(a) for a in lazily(Application.objects.filter(created_by=user)
            .select_related("call", "organisation").order_by("pk")))


def applications_matching(term):
    found = matching(Application.objects.select_related("call", "organisation"), term,
                     "created_by__email", "created_by__first_name", "created_by__last_name")
    return [_application(a) for a in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def _confirmation(confirmation: PartnerConfirmation) -> Entry:
    return Entry(title=f"{confirmation.application.reference or confirmation.application.title_ja}"
                       f" — {confirmation.contact_organisation}", pk=confirmation.pk, fields=[
        (_("application"), confirmation.application.reference or ""),
        (_("contact name"), confirmation.contact_name),
        (_("contact e-mail"), confirmation.contact_email),
        (_("contact's organisation"), confirmation.contact_organisation),
        (_("status"), confirmation.get_status_display()),
        (_("partner's message"), confirmation.message),
        (_("asked at"), confirmation.requested_at),
        (_("answered at"), confirmation.responded_at),
    ], correctable={"contact_name": confirmation.contact_name,
                    "contact_email": confirmation.contact_email})


def confirmations_of_user(user):
    return [_confirmation(c) for c in PartnerConfirmation.objects
            .filter(contact_email__iexact=user.email).select_related("application")]


def confirmations_matching(term):
    found = matching(PartnerConfirmation.objects.select_related("application"), term,
                     "contact_name", "contact_email")
    return [_confirmation(c) for c in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def confirmation_erase(confirmation: PartnerConfirmation) -> None:
    """The contact's name, address and message blanked; the answer (confirmed or not,
    criterion 3) kept."""
    PartnerConfirmation.objects.filter(pk=confirmation.pk).personal_data_erase()


def _people_named(people: str, term: str) -> str:
    """Of the people a prior contact lists (separated by commas, semicolons or 、), those
    `term` names: the others are not the person's data."""
    return ", ".join(name.strip() for name in re.split(r"[,;、，；\n]+", people)
                     if mentions(name, term))


def _prior_contact(contact: PriorContact, term: str) -> Entry:
    return Entry(title=f"{contact.application.reference or contact.application.title_ja}"
                       f" — {short_date(contact.date)}", pk=contact.pk, fields=[
        (_("application"), contact.application.reference or ""),
        (_("date"), contact.date),
        (_("form of contact"), contact.get_form_display()),
        (_("people involved"), _people_named(contact.people, term)),
    ], correctable={"people": contact.people})


def prior_contacts_of_user(user):
    """Prior contacts naming the person: the words of their account's given and family
    names, normalised as HQ's search compares them (case, width, either order), all in one
    of the names a contact lists. Only those names are shown; a contact whose words match
    only across several people's names ("Yuki Ono, Kenji Tanabe") is not theirs."""
    if not (user.first_name.strip() and user.last_name.strip()):
        return []
    name = f"{user.first_name} {user.last_name}"
    found = matching(PriorContact.objects.select_related("application"), name, "people")
    return [_prior_contact(c, name) for c in found.order_by("pk")
            if _people_named(c.people, name)]


def prior_contacts_matching(term):
    found = matching(PriorContact.objects.select_related("application"), term, "people")
    return [_prior_contact(c, term) for c in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def prior_contact_erase(contact: PriorContact) -> None:
    PriorContact.objects.filter(pk=contact.pk).personal_data_erase()


def _attachment(attachment: Attachment) -> Entry:
    return Entry(title=attachment.original_name, pk=attachment.pk, fields=[
        (_("file"), attachment.original_name),
        (_("kind"), attachment.get_kind_display()),
        (_("size (bytes)"), attachment.size),
        (_("application"), attachment.application.reference or attachment.application.title_ja),
        (_("uploaded"), attachment.uploaded_at),
    ])


def attachments_of_user(user):
    return (_attachment(a) for a in lazily(Attachment.objects.filter(uploaded_by=user)
            .select_related("application").order_by("pk")))


def attachments_matching(term):
    found = matching(Attachment.objects.select_related("application"), term,
                     "uploaded_by__email", "uploaded_by__first_name", "uploaded_by__last_name")
    return [_attachment(a) for a in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


CATEGORIES = [
    Category("applications", _("Applications the person started"),
             of_user=applications_of_user, matching=applications_matching,
             kept_because=_("An application is kept as the programme's record.")),
    Category("partner_confirmations", _("Partner confirmations (the partner's contact)"),
             of_user=confirmations_of_user, matching=confirmations_matching,
             model=PartnerConfirmation,
             corrections={"contact_name": _("contact name"),
                          "contact_email": _("contact e-mail")},
             erase=confirmation_erase),
    Category("prior_contacts", _("People named in prior contacts"),
             of_user=prior_contacts_of_user, matching=prior_contacts_matching, model=PriorContact,
             corrections={"people": _("people involved")}, erase=prior_contact_erase),
    Category("application_files", _("Files uploaded to applications (listed)"),
             of_user=attachments_of_user, matching=attachments_matching,
             kept_because=_("A file is part of its application.")),
]
