"""Every non-trivial read of partnering, scoped per user: a lookup answers 404 for what
the user may not see (an unpublished interest is nobody's but HQ's and its covering
office's)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.models import User
from accounts.rules import is_hq_staff, is_overseas_reviewer
from regions.models import Sector

from .enums import InterestStatus, Seeking
from .models import Interest, Introduction


def covered_interests(user, *, prefix: str = "") -> Q:
    """The interests whose country the overseas office of `user` covers (the query twin
    of rules.covers_interest; `prefix` leads from the row to its interest)."""
    if not user.office_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}country__territory__office_id": user.office_id})


def _with_lists(queryset: QuerySet[Interest]) -> QuerySet[Interest]:
    return (queryset.select_related("country", "partner_region", "country__territory__office")
            .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by(
                "position", "code")), "prefectures"))


def interests_for_staff(*, user, status: str = "") -> QuerySet[Interest]:
    """The interests `user` follows (HQ: all; an overseas office: its countries'), with
    their number of introductions, the ones awaiting review first."""
    if is_hq_staff(user):
        queryset = Interest.objects.all()
    elif is_overseas_reviewer(user):
        queryset = Interest.objects.filter(covered_interests(user))
    else:
        queryset = Interest.objects.none()
    if status in InterestStatus.values:
        queryset = queryset.filter(status=status)
    return (_with_lists(queryset).annotate(n_introductions=Count("introductions"))
            .order_by("-created_at", "-pk"))


def interest_for_staff(*, user, pk: int) -> Interest:
    return get_object_or_404(interests_for_staff(user=user), pk=pk)


def published_interests(*, sector=None, country=None, seeking: str = "") -> QuerySet[Interest]:
    """The directory: published interests, newest first, filtered by a sector (or its
    focus area's sub-sectors), a country and what the region seeks."""
    queryset = Interest.objects.filter(status=InterestStatus.PUBLISHED)
    if sector is not None:
        queryset = queryset.filter(Q(sectors=sector) | Q(sectors__parent=sector))
    if country is not None:
        queryset = queryset.filter(country=country)
    if seeking in Seeking.values:
        # The list's JSON holds each code quoted: one lookup that SQLite and PostgreSQL
        # both have (JSON containment is PostgreSQL's only).
        queryset = queryset.filter(seeking__icontains=f'"{seeking}"')
    ids = queryset.values("pk")
    return _with_lists(Interest.objects.filter(pk__in=ids)).order_by("-published_at", "-pk")


def published_interest(*, user, pk: int) -> Interest:
    """One interest of the directory; 404 unless published."""
    return get_object_or_404(published_interests(), pk=pk)


def introduction_of_organisation(*, interest: Interest, organisation_id) -> Introduction | None:
    return Introduction.objects.filter(interest=interest, organisation_id=organisation_id).first()


def _introductions() -> QuerySet[Introduction]:
    return Introduction.objects.select_related(
        "interest__country__territory__office", "interest__partner_region", "organisation",
        "organisation__prefecture", "sector", "application", "outcome_recorded_by")


def introductions_for_staff(*, user, outcome: str = "") -> QuerySet[Introduction]:
    """Every introduction HQ follows, or those of the countries an overseas office covers."""
    if is_hq_staff(user):
        queryset = _introductions()
    elif is_overseas_reviewer(user):
        queryset = _introductions().filter(covered_interests(user, prefix="interest__"))
    else:
        queryset = Introduction.objects.none()
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset.order_by("-created_at", "-pk")


def introduction_for_staff(*, user, pk: int) -> Introduction:
    return get_object_or_404(introductions_for_staff(user=user), pk=pk)


def introductions_of_organisation(*, organisation_id) -> QuerySet[Introduction]:
    return _introductions().filter(organisation_id=organisation_id).order_by("-created_at")


def introduction_for_applicant(*, user, pk: int) -> Introduction:
    """One of the applicant's organisation's introductions; 404 for anyone else's."""
    return get_object_or_404(introductions_of_organisation(
        organisation_id=user.organisation_id or 0), pk=pk)


def introductions_of_interest(*, interest: Interest) -> QuerySet[Introduction]:
    """What the region's own page shows: who expressed interest (organisation, prefecture,
    sector; never an application's content)."""
    return (Introduction.objects.filter(interest=interest)
            .select_related("organisation__prefecture", "sector").order_by("created_at", "pk"))


def covering_office_staff(*, interest: Interest) -> QuerySet[User]:
    """The active reviewers of the overseas office covering the interest's country."""
    return User.objects.filter(
        role=Role.OVERSEAS_REVIEWER, is_active=True,
        office__countries=interest.country_id).order_by("pk")


def interests_of_address(*, email: str) -> QuerySet[Interest]:
    """The interests whose contact is `email` and whose address is known to be theirs
    (confirmed, or registered by the office)."""
    return (Interest.objects.filter(contact_email__iexact=email.strip())
            .filter(Q(email_confirmed_at__isnull=False) | Q(registered_by__isnull=False))
            .order_by("pk"))
