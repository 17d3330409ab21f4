"""Accounts' categories of the retention schedule (privacy.retention; periods in
settings.PRIVACY_RETENTION): reviewer accounts no longer used, the addresses invitations
were sent to, and the outbox's addressees (registered here for notifications, which knows
neither privacy nor any app above it). The applicant organisations' contacts are in
projects' part (projects.services.retention): their activity is applications and projects."""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from notifications.services import sent_addressees_remove
from privacy.retention import REMOVED_DOMAIN, Category, removed_address

from .enums import REVIEWER_ROLES
from .models import Invitation, User


def inactive_reviewers_anonymise(*, before: dt.datetime) -> int:
    """Anonymise every reviewer account (HQ's or an overseas office's) last used at or
    before `before` (its last login; never logged in: its creation): name blanked, the
    address replaced by one that names nobody (the login name stays unique), deactivated,
    no usable password. The account stays, with its reviews and scores (they name it on
    the history). Returns the number of accounts anonymised."""
    return (User.objects.filter(role__in=REVIEWER_ROLES)
            .alias(last_used=Coalesce("last_login", "date_joined"))
            .filter(last_used__lte=before)
            .exclude(email__endswith=f"@{REMOVED_DOMAIN}")
            .update(first_name="", last_name="", is_active=False,
                    password=make_password(None),
                    email=removed_address("reviewer")))


def invitation_addresses_remove(*, before: dt.datetime) -> int:
    """Replace the address of every invitation accepted at or before `before`, or never
    accepted and expired at or before it (an accepted one's account keeps its own address;
    the invitation's role, organisation and dates stay). Returns the number changed."""
    return (Invitation.objects.alias(ended=Coalesce("accepted_at", "expires_at"))
            .filter(ended__lte=before).address_erase())


CATEGORIES = [
    Category("inactive_reviewers", _("Reviewer accounts no longer used"),
             _("the reviewer's last login (never logged in: the account's creation)"),
             _("Anonymised: name blanked, e-mail address replaced, deactivated; the "
               "reviews and scores kept."), inactive_reviewers_anonymise),
    Category("outbox", _("Addressees of sent e-mails (the outbox)"), _("the e-mail is sent"),
             _("Addressees and error text blanked; the kind, dates and applications kept "
               "(e-mails store no body: it is rendered when sent)."), sent_addressees_remove),
    Category("invitation_addresses", _("Addresses invitations were sent to"),
             _("the invitation's acceptance (not accepted: its expiry)"),
             _("The address replaced by one that names nobody; the invitation's role, "
               "organisation and dates kept (an account keeps its own address)."),
             invitation_addresses_remove),
]
