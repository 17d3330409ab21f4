"""HQ keeps JETRO's offices, the territories they cover and the partner regions on the
portal's own pages (accounts/office_views.py); every change is written on the history
(audit) and shown on the office's or the region's page.

The coverage rule (every prefecture covered by exactly one office in Japan, every country
but Japan by exactly one overseas office; regions/data/offices.yaml and its test) holds
through every change: a territory is only ever *moved* from one office to another. Adding
a prefecture or a country to an office moves it from the office that covered it; taking
one away without giving it to another office would leave it uncovered and is refused at
the field. Covering one twice cannot happen (one territory row per prefecture or country).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record, field_changes, snapshot
from regions.enums import OfficeKind
from regions.models import DomesticTerritory, JetroOffice, OfficeTerritory, PartnerRegion
from rit_portal.conventions import listing
from rit_portal.permissions import require
from rit_portal.system_texts import event

PERMISSION = "accounts.manage_reference_data"
OFFICE_FIELDS = ("name_ja", "name_en", "kind", "prefecture", "city", "email", "phone")
# The kinds HQ gives an office it creates or changes; headquarters, the Osaka head office
# and IDE keep theirs.
EDITABLE_KINDS = (OfficeKind.DOMESTIC, OfficeKind.OVERSEAS)
REGION_FIELDS = ("country", "name_ja", "name_en", "kind", "iso_code", "is_confirmed")
# Covered by no overseas office: Japan (its offices in Japan cover its prefectures).
NEVER_OVERSEAS = ("JP",)


def _office_values(office: JetroOffice, values: dict) -> None:
    for name in OFFICE_FIELDS:
        if name in values:
            value = values[name]
            setattr(office, name, value.strip() if isinstance(value, str) else value)
    if office.kind == OfficeKind.OVERSEAS:
        office.prefecture = None  # an overseas office sits in no prefecture


@transaction.atomic
def office_create(*, by, code: str, **values) -> JetroOffice:
    """A new office in Japan or abroad (covering nothing until HQ moves a territory to it)."""
    require(by, PERMISSION)
    office = JetroOffice(code=code.strip().upper())
    _office_values(office, values)
    if office.kind not in EDITABLE_KINDS:
        raise ValidationError({"kind": _("Choose an office in Japan or an overseas office.")})
    office.full_clean()
    office.save()
    audit_record(event=event("office.created", office=office.code), by=by)
    return office


@transaction.atomic
def office_update(*, office: JetroOffice, by, **values) -> JetroOffice:
    """Change an office's names, kind or contact; the change is on its history."""
    require(by, PERMISSION)
    office = JetroOffice.objects.select_for_update().get(pk=office.pk)
    before = snapshot(office, OFFICE_FIELDS)
    was = office.kind
    _office_values(office, values)
    if office.kind != was:
        if office.kind not in EDITABLE_KINDS or was not in EDITABLE_KINDS:
            raise ValidationError({"kind": _("The kind of this office cannot be changed.")})
        if office.domestic_territories.exists() or office.officeterritory_set.exists():
            raise ValidationError({"kind": _(
                "This office covers a territory: move its prefectures or countries to other "
                "offices before changing its kind.")})
    office.full_clean()
    office.save()
    changes = field_changes(before, snapshot(office, OFFICE_FIELDS))
    if changes:
        audit_record(event=event("office.changed", office=office.code, changes=changes), by=by)
    return office


def _refuse_uncovered(field: str, names: list[str]) -> None:
    raise ValidationError({field: _(
        "%(names)s would be covered by no office. A territory moves from one office to "
        "another: add it to the office that takes it over, on that office's page.")
        % {"names": listing(sorted(names))}})


@transaction.atomic
def office_territory_set(*, office: JetroOffice, by, prefectures=None,
                         countries=None) -> int:
    """Make `prefectures` (an office in Japan) or `countries` (an overseas office) the
    office's territory: each one another office covered is moved from it, each new one is
    covered; one taken away is refused (it would be uncovered). Each move is on the history
    of both offices. Returns the number of territories moved or added."""
    require(by, PERMISSION)
    office = JetroOffice.objects.select_for_update().get(pk=office.pk)
    if office.kind == OfficeKind.OVERSEAS:
        return _set(office, by, countries or [], model=OfficeTerritory, key="country",
                    field="countries", code=lambda c: c.iso2, text="office.country_moved",
                    refused=lambda c: c.iso2 in NEVER_OVERSEAS,
                    refusal=_("Japan is covered by the offices in Japan, not by an overseas "
                              "office."))
    return _set(office, by, prefectures or [], model=DomesticTerritory, key="prefecture",
                field="prefectures", code=lambda p: p.code, text="office.prefecture_moved",
                refused=lambda p: False, refusal="")


def _set(office, by, wanted, *, model, key, field, code, text, refused, refusal) -> int:
    if any(refused(item) for item in wanted):
        raise ValidationError({field: refusal})
    covered = {getattr(t, f"{key}_id"): t for t in
               model.objects.select_for_update().filter(office=office).select_related(key)}
    wanted_ids = {item.pk for item in wanted}
    dropped = [getattr(t, key).name for pk, t in covered.items() if pk not in wanted_ids]
    if dropped:
        _refuse_uncovered(field, dropped)
    moved = 0
    for item in sorted(wanted, key=code):
        if item.pk in covered:
            continue
        territory = (model.objects.select_for_update().select_related("office")
                     .filter(**{key: item}).first())
        if territory is None:
            model.objects.create(office=office, **{key: item})
            from_office = ""
        else:
            from_office = territory.office.code
            territory.office = office
            territory.save(update_fields=["office"])
        audit_record(event=event(text, office=office.code, from_office=from_office,
                                 **{key: code(item)}), by=by)
        moved += 1
    return moved


def office_history(office: JetroOffice) -> QuerySet[AuditEvent]:
    """What happened to the office: its creation, changes, and the territories it took over
    or gave up, newest first."""
    return (AuditEvent.objects.filter(event__startswith="office.")
            .filter(Q(event_params__office=office.code)
                    | Q(event_params__from_office=office.code))
            .select_related("by").order_by("-at", "-pk"))


# --- Partner regions ------------------------------------------------------------------------

def _region_values(region: PartnerRegion, values: dict) -> None:
    for name in REGION_FIELDS:
        if name in values:
            value = values[name]
            setattr(region, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def partner_region_create(*, by, **values) -> PartnerRegion:
    """A partner region HQ adds (confirmed unless HQ says otherwise)."""
    require(by, PERMISSION)
    region = PartnerRegion()
    _region_values(region, values)
    region.full_clean()
    region.save()
    audit_record(event=event("partner_region.created", region=region.pk), by=by)
    return region


@transaction.atomic
def partner_region_update(*, region: PartnerRegion, by, **values) -> PartnerRegion:
    """Change a region's country, names, kind or ISO 3166-2 code, or confirm it."""
    require(by, PERMISSION)
    region = PartnerRegion.objects.select_for_update().get(pk=region.pk)
    before = snapshot(region, REGION_FIELDS)
    was_confirmed = region.is_confirmed
    _region_values(region, values)
    region.full_clean()
    region.save()
    changes = field_changes(before, snapshot(region, REGION_FIELDS))
    if region.is_confirmed and not was_confirmed:
        audit_record(event=event("partner_region.confirmed", region=region.pk), by=by)
        changes = [change for change in changes if change[0] != "is_confirmed"]
    if changes:
        audit_record(event=event("partner_region.changed", region=region.pk, changes=changes),
                     by=by)
    return region


def partner_region_confirm(*, region: PartnerRegion, by) -> PartnerRegion:
    """Confirm a region (applicants may then choose it)."""
    return partner_region_update(region=region, by=by, is_confirmed=True)


def partner_region_history(region: PartnerRegion) -> QuerySet[AuditEvent]:
    return (AuditEvent.objects.filter(event__startswith="partner_region.",
                                      event_params__region=region.pk)
            .select_related("by").order_by("-at", "-pk"))


def offices_with_territories() -> QuerySet[JetroOffice]:
    """Every office with the prefecture it sits in and its territories (three queries)."""
    return (JetroOffice.objects.select_related("prefecture")
            .prefetch_related("domestic_territories__prefecture", "officeterritory_set__country")
            .order_by("kind", "code"))


def territory_names(office: JetroOffice) -> list[str]:
    """The prefectures or countries the office covers (from the prefetched rows)."""
    if office.kind == OfficeKind.OVERSEAS:
        return sorted(t.country.name for t in office.officeterritory_set.all())
    return [t.prefecture.name for t in
            sorted(office.domestic_territories.all(), key=lambda t: t.prefecture.code)]
