"""Writes by HQ programme staff: calls (create, edit, publish) and the confirmation of
partner regions that applicants proposed."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, field_changes, snapshot
from regions.countries import subdivision
from regions.models import PartnerRegion
from rit_portal.permissions import require
from rit_portal.system_texts import event

from ..models import FISCAL_YEARS, Call, ProposedPartnerRegion

# Every field HQ staff set on a call (focus_sectors, a many-to-many, is passed separately).
CALL_FIELDS = ("fiscal_year", "title_ja", "title_en", "guidance_ja", "guidance_en", "opens_at",
               "closes_at", "budget_envelope", "min_consortium_size", "max_duration_years",
               "cost_cap", "eur_rate", "review_deadline", "english_summaries")
JAPAN = ZoneInfo("Asia/Tokyo")


def fiscal_year_end(fiscal_year: int) -> dt.datetime:
    """The first moment after Japanese fiscal year `fiscal_year` (1 April of the next year)."""
    return dt.datetime(fiscal_year + 1, 4, 1, tzinfo=JAPAN)


def call_rules_check(call: Call) -> None:
    """Raise ValidationError, by field, when the call's dates or amounts contradict each other.

    The one place these rules live: the call form runs it too, so messages appear at the field.
    """
    errors = {}
    if call.opens_at and call.closes_at:
        if call.closes_at <= call.opens_at:
            errors["closes_at"] = _("The closing time must be after the opening time.")
        elif (call.fiscal_year in FISCAL_YEARS
              and call.closes_at >= fiscal_year_end(call.fiscal_year)):
            errors["closes_at"] = _(
                "The call must close before its fiscal year ends (31 March %(year)s)."
            ) % {"year": call.fiscal_year + 1}
    if call.review_deadline and call.closes_at and call.review_deadline <= call.closes_at:
        errors["review_deadline"] = _("The review deadline must be after the closing time.")
    if (call.cost_cap is not None and call.budget_envelope is not None
            and call.cost_cap > call.budget_envelope):
        errors["cost_cap"] = _("The cost cap per application cannot exceed the budget envelope.")
    if call.cost_cap == 0:
        errors["cost_cap"] = _("Leave the cost cap empty for no cap, or enter an amount above 0.")
    if call.pk and call.applications.exists():
        saved = Call.objects.get(pk=call.pk)
        if call.fiscal_year != saved.fiscal_year:
            # Reference numbers (RIT-FY2027-0042) already given carry the fiscal year.
            errors["fiscal_year"] = _(
                "The fiscal year cannot change once the call has applications.")
    if errors:
        raise ValidationError(errors)


def _call_validate(call: Call) -> None:
    """Model validation and the call rules together, every message under its field."""
    errors: dict = {}
    try:
        call.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        call_rules_check(call)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    call.validate_constraints()


def _require_call_manager(by) -> None:
    require(by, "applications.manage_calls")


@transaction.atomic
def call_create(*, by, focus_sectors: Iterable = (), **fields) -> Call:
    """Create a draft call from CALL_FIELDS values. Raises ValidationError and saves nothing
    when a value is invalid."""
    _require_call_manager(by)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"call_create() got unknown fields {sorted(unknown)}")
    call = Call(**fields, is_published=False)
    _call_validate(call)
    call.save()
    call.focus_sectors.set(focus_sectors)
    audit_record(event=event("call.created"), by=by, call=call)
    return call


@transaction.atomic
def call_update(*, call: Call, by, focus_sectors: Iterable | None = None, **fields) -> Call:
    """Change any CALL_FIELDS of a call, draft or published."""
    _require_call_manager(by)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"call_update() got unknown fields {sorted(unknown)}")
    audited = [*CALL_FIELDS, "focus_sectors"]
    before = snapshot(call, audited)
    for name, value in fields.items():
        setattr(call, name, value)
    _call_validate(call)
    call.save()
    if focus_sectors is not None:
        call.focus_sectors.set(focus_sectors)
    changes = field_changes(before, snapshot(call, audited))
    if changes:
        audit_record(event=event("call.changed", changes=changes), by=by, call=call)
    return call


@transaction.atomic
def call_publish(*, call: Call, by) -> Call:
    """Make the call visible on the public pages; it opens and closes at its own times.

    Refused (ValidationError) when it is already published, has already closed, lacks the
    guidance in either language, or another call of the same fiscal year is published
    (reference numbers are per fiscal year).
    """
    _require_call_manager(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = []
    if call.is_published:
        problems.append(_("This call is already published."))
    if not call.guidance_ja.strip() or not call.guidance_en.strip():
        problems.append(_("Write the guidance in Japanese and in English before publishing."))
    if call.closes_at <= timezone.now():
        problems.append(_("The closing time has passed; change it before publishing."))
    if Call.objects.filter(fiscal_year=call.fiscal_year, is_published=True).exclude(
            pk=call.pk).exists():
        problems.append(_("Another call for FY%(year)s is already published.")
                        % {"year": call.fiscal_year})
    if problems:
        raise ValidationError(problems)
    call.is_published = True
    call.save(update_fields=["is_published", "updated_at"])
    audit_record(event=event("call.published"), by=by, call=call)
    return call


@transaction.atomic
def call_unpublish(*, call: Call, by) -> Call:
    """Take a published call back to draft; refused once any application has been started."""
    _require_call_manager(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_published:
        raise ValidationError(_("This call is not published."))
    if call.applications.exists():
        raise ValidationError(
            _("This call already has applications and cannot be taken back to draft."))
    call.is_published = False
    call.save(update_fields=["is_published", "updated_at"])
    audit_record(event=event("call.unpublished"), by=by, call=call)
    return call


# --- Partner regions proposed by applicants ------------------------------------------------


@transaction.atomic
def proposed_region_confirm(
    *, proposal: ProposedPartnerRegion, by, partner_region: PartnerRegion | None = None,
    name_ja: str = "", name_en: str = "", iso_code: str = "",
) -> PartnerRegion:
    """HQ confirms the partner region an applicant proposed.

    Either matches it to an existing reference region of the same country or creates a
    confirmed one from `name_ja`/`name_en` and, where it is a subdivision, its ISO 3166-2
    `iso_code` (a name left empty is taken from ISO 3166-2); the application then points
    at that region (so the overseas office covering it can be found) and the proposal
    records the match.
    """
    _require_call_manager(by)
    if partner_region is None:
        listed = subdivision(iso_code) if iso_code.strip() else None
        partner_region = PartnerRegion(
            country=proposal.country, iso_code=iso_code, is_confirmed=True,
            name_ja=name_ja.strip() or (listed.name_ja if listed else ""),
            name_en=name_en.strip() or (listed.name_en if listed else ""))
        partner_region.full_clean()
        partner_region.save()
    elif partner_region.country_id != proposal.country_id:
        raise ValidationError({"partner_region": _(
            "Choose a region in %(country)s, the country the applicant proposed.")
            % {"country": proposal.country.name}})
    proposal.resolved_region = partner_region
    proposal.save(update_fields=["resolved_region"])
    application = proposal.application
    application.partner_region = partner_region
    application.save(update_fields=["partner_region", "updated_at"])
    audit_record(event=event("application.partner_region_confirmed",
                             proposed=proposal.name, region=partner_region.name_en
                             or partner_region.name_ja), by=by, application=application)
    return partner_region
