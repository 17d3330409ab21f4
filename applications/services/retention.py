"""The applications' category of the retention schedule (privacy.retention; its period in
settings.PRIVACY_RETENTION): applications that did not become a project, from their call's
closing. The application, its status, firms and figures stay (monitoring counts received
applications, the funnel and the referrals); the people's data goes."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from privacy.retention import Category
from rit_portal.stored_files import record_folders_remove

from ..enums import ApplicationStatus
from ..models import Application, Attachment, PartnerConfirmation, PriorContact


def unsuccessful_applications_anonymise(*, before: dt.datetime) -> int:
    """For every application of a call that closed at or before `before` and that did not
    become a project (rejected, ineligible, withdrawn, waitlisted or never submitted; an
    approval still to be published is left alone): blank the partner contacts'
    (confirmations: name, address, message) and prior contacts' personal data (the people,
    what happened), delete the attachments and the cached PDFs (files after commit).
    Returns the number of applications changed; one already cleared is not counted."""
    contacts = PriorContact.objects.filter(application=OuterRef("pk")).filter(
        ~Q(people="") | ~Q(description=""))
    confirmations = PartnerConfirmation.objects.filter(application=OuterRef("pk")).filter(
        ~Q(contact_name="") | ~Q(contact_email="") | ~Q(message=""))
    attachments = Attachment.objects.filter(application=OuterRef("pk"))
    applications = list(
        Application.objects.filter(call__closes_at__lte=before, project__isnull=True)
        .exclude(status=ApplicationStatus.APPROVED)
        .filter(Exists(contacts) | Exists(confirmations) | Exists(attachments))
        .only("pk"))
    if not applications:
        return 0
    PriorContact.objects.filter(application__in=applications).personal_data_erase()
    PartnerConfirmation.objects.filter(application__in=applications).personal_data_erase()
    Attachment.objects.filter(application__in=applications).delete()
    for application in applications:
        record_folders_remove(application)
    return len(applications)


CATEGORIES = [
    Category("unsuccessful_applications", _("Applications that did not become a project"),
             _("the call closes"),
             _("Partner contacts' and prior contacts' personal data blanked, attachments "
               "and cached PDFs deleted; the application, its status and firms kept."),
             unsuccessful_applications_anonymise),
]
