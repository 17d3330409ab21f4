"""The personal data partnering keeps (privacy.holdings, registered in apps.py): the
contact of a foreign region's registered interest."""

from django.utils.translation import gettext_lazy as _

from privacy.holdings import ROWS_PER_CATEGORY, Category, Entry, matching

from .models import Interest

RELATED = ("country", "partner_region")


def _interest(interest: Interest) -> Entry:
    return Entry(title=str(interest), pk=interest.pk, fields=[
        (_("organisation"), interest.organisation_name),
        (_("region"), interest.region_label),
        (_("country"), str(interest.country)),
        (_("contact name"), interest.contact_name),
        (_("contact e-mail"), interest.contact_email),
        (_("status"), interest.get_status_display()),
        (_("address confirmed at"), interest.email_confirmed_at),
    ], correctable={"contact_name": interest.contact_name,
                    "contact_email": interest.contact_email})


def interests_of_user(user):
    """Interests whose contact is the person's address."""
    return [_interest(i) for i in Interest.objects.filter(contact_email__iexact=user.email)
            .select_related(*RELATED).order_by("pk")]


def interests_matching(term):
    found = matching(Interest.objects.select_related(*RELATED), term,
                     "contact_name", "contact_email")
    return [_interest(i) for i in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def interest_erase(interest: Interest) -> None:
    """The contact's name and address blanked; the region's interest stays."""
    Interest.objects.filter(pk=interest.pk).contact_erase()


CATEGORIES = [
    Category("partnering_interests", _("Foreign regions' interest: the contact"),
             of_user=interests_of_user, matching=interests_matching, model=Interest,
             corrections={"contact_name": _("contact name"),
                          "contact_email": _("contact e-mail")},
             erase=interest_erase),
]
