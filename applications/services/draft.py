"""Writes of the applicant's draft: starting an application and saving its sections.

Every function checks that `by` may still change the application (rules:
applications.change_application), validates with full_clean() and raises ValidationError
keyed by field so that the form shows each message at its field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.services import collection_record
from rit_portal.permissions import require

from ..english import SUMMARIES, SUMMARY_FIELDS
from ..enums import CallState
from ..models import (
    Application,
    Call,
    ConsortiumMember,
    PriorContact,
    ProjectYearPlan,
    ProposedPartnerRegion,
)


def require_editable(*, application: Application, by) -> None:
    """Raise PermissionDenied unless `by` may change the application now."""
    require(by, "applications.change_application", application,
            message=_("This application can no longer be changed."))


def _save(application: Application, fields: list[str]) -> None:
    # Only the section's own fields: a concurrent workflow move keeps its status.
    application.full_clean()
    application.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def application_create(*, call: Call, by, title_ja: str) -> Application:
    """Start a draft for `by`'s organisation in an open call."""
    require(by, "accounts.use_applicant_area",
            message=_("Only applicant organisations can start an application."))
    if call.state_at(timezone.now()) != CallState.OPEN:
        raise ValidationError(_("This call is not open for applications."))
    application = Application(call=call, organisation=by.organisation,
                              title_ja=title_ja.strip(),
                              created_by=by)
    application.full_clean()
    application.save()
    return application


# What a copy takes from the earlier application (the partner's confirmation, the start
# date, attachments and the cost proposal are the new year's own).
COPIED_FIELDS = ("title_ja", "title_en", "sector_id", "partner_region_id", "objectives",
                 "objectives_other", "cooperation_summary", "c2_industry_development",
                 "c2_new_products", "c2_business_tieups", *SUMMARY_FIELDS)
MEMBER_FIELDS = ("name", "corporate_number", "industry", "capital_yen", "employees", "interest",
                 "position")
CONTACT_FIELDS = ("date", "form", "people", "description")


@transaction.atomic
def application_copy(*, source: Application, call: Call, by) -> Application:
    """Start a draft in `call` from the organisation's earlier application `source`: its
    overview (title, sector, prefectures, partner region or the proposed one), firms,
    prior contacts, plan (objectives, summary, duration within the call's maximum and the
    activities of each year), prospects and English summaries, to be updated. Not copied:
    the start date, the partner's confirmation, attachments and costs. Only by an applicant
    of the same organisation, in an open call other than the source's."""
    if not by.has_perm("accounts.use_applicant_area") or by.organisation_id != \
            source.organisation_id:
        raise PermissionDenied(_("Only the organisation's applicants can copy its "
                                 "application."))
    if source.call_id == call.pk:
        raise ValidationError(_("Copy an application of an earlier call."))
    application = application_create(call=call, by=by, title_ja=source.title_ja)
    for name in COPIED_FIELDS:
        setattr(application, name, getattr(source, name))
    maximum = call.max_duration_years
    application.duration_years = (min(source.duration_years, maximum)
                                  if source.duration_years else None)
    application.copied_from = source
    application.full_clean()
    application.save()
    application.prefectures.set(source.prefectures.all())
    proposal = ProposedPartnerRegion.objects.filter(application=source).first()
    if proposal is not None and not application.partner_region_id:
        if proposal.resolved_region_id:
            application.partner_region_id = proposal.resolved_region_id
            application.save(update_fields=["partner_region"])
        else:
            ProposedPartnerRegion.objects.create(application=application,
                                                 country_id=proposal.country_id,
                                                 name=proposal.name, note=proposal.note)
    ProjectYearPlan.objects.bulk_create(
        ProjectYearPlan(application=application, year=plan.year, activities=plan.activities)
        for plan in source.year_plans.filter(year__lte=maximum))
    ConsortiumMember.objects.bulk_create(
        ConsortiumMember(application=application,
                         **{name: getattr(member, name) for name in MEMBER_FIELDS})
        for member in source.consortium_members.all())
    PriorContact.objects.bulk_create(
        PriorContact(application=application,
                     **{name: getattr(contact, name) for name in CONTACT_FIELDS})
        for contact in source.prior_contacts.all())
    return application


@transaction.atomic
def application_overview_update(
    *, application: Application, by, title_ja: str, title_en: str, sector, prefectures,
    partner_region, proposed_country=None, proposed_name: str = "", proposed_note: str = "",
) -> Application:
    """Save the overview. The partner region is either chosen from the reference data or
    proposed (country + name) for HQ to confirm, never both."""
    require_editable(application=application, by=by)
    proposed_name = proposed_name.strip()
    if partner_region is not None and (proposed_country or proposed_name):
        raise ValidationError({"proposed_name": _(
            "Either choose a partner region from the list or propose a new one, not both.")})
    if bool(proposed_country) != bool(proposed_name):
        field = "proposed_name" if proposed_country else "proposed_country"
        raise ValidationError({field: _(
            "To propose a partner region, give both its country and its name.")})
    application.title_ja, application.title_en = title_ja.strip(), title_en.strip()
    application.sector, application.partner_region = sector, partner_region
    _save(application, ["title_ja", "title_en", "sector", "partner_region"])
    application.prefectures.set(prefectures)
    if proposed_name:
        proposal = ProposedPartnerRegion.objects.filter(application=application).first() \
            or ProposedPartnerRegion(application=application)
        proposal.country, proposal.name, proposal.note = (proposed_country, proposed_name,
                                                          proposed_note.strip())
        proposal.full_clean()
        proposal.save()
    else:
        ProposedPartnerRegion.objects.filter(application=application).delete()
    return application


@transaction.atomic
def application_cooperation_update(
    *, application: Application, by, objectives: list[str], objectives_other: str,
    cooperation_summary: str, start_date, duration_years: int | None,
    year_plans: dict[int, str],
) -> Application:
    """Save the planned cooperation and the activities of each project year.

    Year plans are kept for every year up to the call's maximum (so that shortening the
    duration loses nothing typed); the checklist asks for years 1..duration.
    """
    require_editable(application=application, by=by)
    maximum = application.call.max_duration_years
    if duration_years is not None and not 1 <= duration_years <= maximum:
        raise ValidationError({"duration_years": _(
            "The duration must be between 1 and %(max)d years in this call.") % {"max": maximum}})
    application.objectives = list(objectives)
    application.objectives_other = objectives_other.strip()
    application.cooperation_summary = cooperation_summary.strip()
    application.start_date, application.duration_years = start_date, duration_years
    _save(application, ["objectives", "objectives_other", "cooperation_summary", "start_date",
                        "duration_years"])
    for year in range(1, maximum + 1):
        text = (year_plans.get(year) or "").strip()
        if text:
            ProjectYearPlan.objects.update_or_create(application=application, year=year,
                                                     defaults={"activities": text})
        else:
            ProjectYearPlan.objects.filter(application=application, year=year).delete()
    return application


@transaction.atomic
def application_prospects_update(
    *, application: Application, by, c2_industry_development: str, c2_new_products: str,
    c2_business_tieups: str,
) -> Application:
    """Save the criterion 2 evidence texts."""
    require_editable(application=application, by=by)
    application.c2_industry_development = c2_industry_development.strip()
    application.c2_new_products = c2_new_products.strip()
    application.c2_business_tieups = c2_business_tieups.strip()
    _save(application, ["c2_industry_development", "c2_new_products", "c2_business_tieups"])
    return application


@transaction.atomic
def application_english_summaries_update(*, application: Application, by,
                                         summaries: dict[str, str]) -> Application:
    """Save English summaries: {EnglishSummary code: text} (at most SUMMARY_MAX_CHARS each);
    summaries not named are left as they are."""
    require_editable(application=application, by=by)
    unknown = set(summaries) - set(SUMMARIES)
    if unknown:
        raise TypeError(f"unknown English summaries {sorted(unknown)}")
    fields = []
    for code, text in summaries.items():
        field = SUMMARIES[code].field
        setattr(application, field, (text or "").strip())
        fields.append(field)
    if fields:
        try:
            _save(application, fields)
        except ValidationError as exc:  # keyed by the summary's code (its form field)
            by_code = {code: exc.message_dict[SUMMARIES[code].field] for code in SUMMARIES
                       if SUMMARIES[code].field in exc.message_dict}
            raise (ValidationError(by_code) if by_code else exc) from exc
    return application


@transaction.atomic
def prior_contact_create(*, application: Application, by, date, form: str, people: str,
                         description: str = "") -> PriorContact:
    """Record an earlier contact with the partner region (criterion 3)."""
    require_editable(application=application, by=by)
    if date and date > timezone.localdate():
        raise ValidationError({"date": _("A prior contact cannot be in the future.")})
    contact = PriorContact(application=application, date=date, form=form,
                           people=people.strip(), description=description.strip())
    contact.full_clean()
    contact.save()
    collection_record(record=contact, by=by)
    return contact


@transaction.atomic
def prior_contact_delete(*, contact: PriorContact, by) -> None:
    require_editable(application=contact.application, by=by)
    contact.delete()

