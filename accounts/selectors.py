"""Reads about people and the offices that follow them."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from regions.enums import OfficeKind
from regions.models import JetroOffice

from .enums import Role
from .models import Invitation, User


def covered_by_office_of(user, *, prefix: str = "organisation__") -> Q:
    """The rows whose organisation lies in a prefecture covered by `user`'s office in Japan
    (`prefix` leads from the row to its organisation). The query twin of
    rules.covers_organisation."""
    return Q(**{f"{prefix}prefecture__domestic_territory__office_id": user.office_id})


def office_staff_covering(organisation) -> QuerySet[User]:
    """The active staff of the office in Japan covering the organisation's prefecture."""
    return User.objects.filter(
        role=Role.OFFICE_STAFF, is_active=True,
        office__domestic_territories__prefecture_id=organisation.prefecture_id).order_by("pk")


def office_of_organisation(organisation) -> JetroOffice | None:
    """The JETRO office in Japan that covers the organisation's prefecture, if any."""
    return JetroOffice.objects.filter(
        domestic_territories__prefecture_id=organisation.prefecture_id).first()


def offices_in_japan_with_staff() -> QuerySet[JetroOffice]:
    """Every office in Japan that covers a prefecture, with its prefectures and its staff
    (three queries whatever the number of offices)."""
    return (JetroOffice.objects.exclude(kind=OfficeKind.OVERSEAS)
            .filter(domestic_territories__isnull=False).distinct()
            .prefetch_related(
                "domestic_territories__prefecture",
                Prefetch("staff", queryset=User.objects.filter(role=Role.OFFICE_STAFF),
                         to_attr="office_staff"))
            .order_by("code"))


def office_staff_invitations_pending() -> QuerySet[Invitation]:
    return (Invitation.objects.filter(role=Role.OFFICE_STAFF, accepted_at__isnull=True,
                                      expires_at__gt=timezone.now())
            .select_related("office").order_by("-created_at"))


def home_context(user) -> dict:
    """What accounts itself shows on a role's home: an applicant's office in Japan (name
    and contact), an office's staff member the prefectures their office covers."""
    if user.role == Role.APPLICANT:
        return {"jetro_office": office_of_organisation(user.organisation)}
    if user.role == Role.OFFICE_STAFF:
        return {"prefecture_names": [
            territory.prefecture.name for territory in
            user.office.domestic_territories.select_related("prefecture")]}
    return {}
