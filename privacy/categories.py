"""The personal data the privacy app keeps itself, as categories of privacy.holdings
(registered in apps.py): what a person typed under which notice, HQ's looks at personal
data, the provisions to third parties that name them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rit_portal.conventions import bracketed, short_date, stamp

from .holdings import ROWS_PER_CATEGORY, Category, Entry, Includes, lazily, matching, mentions
from .models import Collection, PersonalDataAccess, Provision

BY = ("by__email", "by__first_name", "by__last_name")


def _collection(collection: Collection) -> Entry:
    return Entry(title=f"{collection.content_type.name}{bracketed(short_date(collection.at))}",
                 pk=collection.pk, fields=[
                     (_("what was collected"), collection.content_type.name),
                     (_("collected at"), collection.at),
                     (_("privacy notice"), f"v{collection.notice.version}"),
                 ])


def collections_of_user(user):
    return (_collection(c) for c in lazily(Collection.objects.filter(by=user)
            .select_related("content_type", "notice").order_by("at", "pk")))


def collections_matching(term):
    found = matching(Collection.objects.select_related("content_type", "notice"), term, *BY)
    return [_collection(c) for c in found.order_by("at", "pk")[:ROWS_PER_CATEGORY + 1]]


def access_entry(access: PersonalDataAccess) -> Entry:
    return Entry(title=f"{access.get_what_display()}{bracketed(stamp(access.at))}",
                 pk=access.pk, fields=[
                     (_("at"), access.at),
                     (_("what"), access.get_what_display()),
                     (_("about"), access.subject),
                 ])


def accesses_of_user(user):
    """The looks at personal data the person made (staff of the programme office)."""
    return (access_entry(a) for a in
            lazily(PersonalDataAccess.objects.filter(by=user).order_by("-at", "-pk")))


def accesses_matching(term):
    found = matching(PersonalDataAccess.objects.all(), term, "subject", *BY)
    return [access_entry(a) for a in found.order_by("-at", "-pk")[:ROWS_PER_CATEGORY + 1]]


def passport_form(user) -> str:
    """The person's name as rosters and provisions write it: FAMILY, Given."""
    return f"{user.last_name.strip().upper()}, {user.first_name.strip()}"


def _provision(provision: Provision, people: list[str]) -> Entry:
    return Entry(title=f"{provision.get_what_display()} → {provision.recipient_name}",
                 pk=provision.pk, fields=[
                     (_("provided at"), provision.at),
                     (_("what"), provision.get_what_display()),
                     (_("about"), provision.subject),
                     (_("data provided"), provision.items),
                     (_("people"), ", ".join(people)),
                     (_("recipient"), provision.get_recipient_kind_display()),
                     (_("recipient's name"), provision.recipient_name),
                     (_("recipient's country"), provision.recipient_country),
                 ])


def provisions_of_user(user):
    """Provisions naming the person (by their passport-form name) or made by them; only
    their own name is listed among the people provided."""
    own = passport_form(user)
    named = Q(Includes("people", own)) if user.first_name and user.last_name else Q(pk__in=[])
    return (_provision(p, [name for name in p.people if name == own])
            for p in lazily(Provision.objects.filter(named | Q(by=user)).order_by("-at", "-pk")))


def provisions_matching(term):
    found = matching(Provision.objects.all(), term, "people", *BY)
    return [_provision(p, [name for name in p.people if mentions(name, term)])
            for p in found.order_by("-at", "-pk")[:ROWS_PER_CATEGORY + 1]]


KEPT = _("The record is kept as the Act requires (append-only).")

CATEGORIES = [
    Category("collections", _("Personal data collected under the privacy notice"),
             of_user=collections_of_user, matching=collections_matching, kept_because=KEPT),
    Category("access_log", _("Looks at personal data"), of_user=accesses_of_user,
             matching=accesses_matching, kept_because=KEPT),
    Category("provisions", _("Provisions to third parties"), of_user=provisions_of_user,
             matching=provisions_matching, kept_because=KEPT),
]
