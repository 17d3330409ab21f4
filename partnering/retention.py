"""Partnering's category of the retention schedule (privacy.retention; its period in
settings.PRIVACY_RETENTION): a foreign region's registered interest, from its registration.
A published interest is in use (the directory, introductions) and keeps its contact while it
stays published; the region, organisation, sectors and history stay in every case."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from privacy.retention import Category

from .enums import InterestStatus
from .models import Interest


def interest_contacts_remove(*, before: dt.datetime) -> int:
    """Blank the contact name and address of every interest registered at or before
    `before` that is not published (never confirmed, awaiting review or not published);
    returns the number of interests changed."""
    return (Interest.objects.filter(created_at__lte=before)
            .exclude(status=InterestStatus.PUBLISHED).contact_erase())


CATEGORIES = [
    Category("interest_contacts", _("Foreign regions' interest: their contacts"),
             _("the interest is registered (a published one: while it stays published)"),
             _("Contact name and e-mail address blanked; the region, organisation and "
               "sectors kept."), interest_contacts_remove),
]
