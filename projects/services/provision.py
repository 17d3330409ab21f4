"""Delegates' data handed to third parties (APPI Art. 27-30): the traveller's consent,
given after being told the Art. 28 information (the country, its system for protecting
personal information, the recipients' measures), and a record of every provision (the
travel request to a travel agent, the foreign partner or an embassy; each invitation
letter). A travel request or letter naming a traveller without that consent is refused."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from privacy.enums import ProvisionKind, RecipientKind
from privacy.foreign_systems import NOT_ASSESSED, RECIPIENT_MEASURES, foreign_system
from privacy.services import collection_record, provision_record
from rit_portal.conventions import listing

from ..models import Delegate, Project, ProjectYear
from .activities import require_year_editable

# What a travel request and an invitation letter hand over (Art. 29's "items").
TRAVEL_REQUEST_ITEMS = ("passport name, nationality, organisation, role, flights, "
                        "interpreter and visa needs")
LETTER_ITEMS = "passport name, nationality, organisation, role, dates of stay"


def consent_information(*, project: Project):
    """(country, the Art. 28 information in both languages) for the project's partner
    country; ValidationError when the project has none or its system is not assessed."""
    region = project.partner_region
    if region is None or region.country_id is None:
        raise ValidationError(_("The project has no partner country yet: ask the programme "
                                "office."))
    country = region.country
    system = foreign_system(country.iso2)
    if system is None:
        raise ValidationError(NOT_ASSESSED % {"country": country.name})
    with override("ja"):
        ja = f"提供先の国：{country.name}\n{system.ja}\n{RECIPIENT_MEASURES.ja}"
    with override("en"):
        en = f"Country: {country.name}\n{system.en}\n{RECIPIENT_MEASURES.en}"
    return country, f"{ja}\n\n{en}"


@transaction.atomic
def delegate_consent_record(*, delegate: Delegate, by, consented: bool) -> Delegate:
    """Record that the traveller consented, having been told the Art. 28 information, to
    their data going to the recipients (in the partner country too)."""
    require_year_editable(project_year=delegate.activity.project_year, by=by)
    if not consented:
        raise ValidationError({"consented": _("Tick the box once the traveller has "
                                              "consented.")})
    country, information = consent_information(
        project=delegate.activity.project_year.project)
    delegate.consent_country = country
    delegate.consent_information = information
    delegate.consent_at = timezone.now()
    delegate.consent_by = by
    delegate.save(update_fields=["consent_country", "consent_information", "consent_at",
                                 "consent_by"])
    collection_record(record=delegate, by=by)
    return delegate


def _refuse_without_consent(delegates) -> None:
    missing = [d.passport_name for d in delegates if d.consent_at is None]
    if missing:
        raise ValidationError(_(
            "These travellers have not consented to their data being provided: %(names)s. "
            "Record their consent on the roster first.") % {"names": listing(missing)})


@transaction.atomic
def travel_request_provide(*, project_year: ProjectYear, by, recipient_kind: str,
                           recipient_name: str, abroad: bool):
    """Record the year's travel request handed to `recipient_name` (in the partner country
    when `abroad`); refused while a traveller on it has not consented."""
    delegates = list(Delegate.objects.filter(activity__project_year=project_year)
                     .select_related("consent_country"))
    _refuse_without_consent(delegates)
    project = project_year.project
    region = project.partner_region
    country = region.country.name if abroad and region and region.country_id else ""
    return provision_record(
        by=by, what=ProvisionKind.TRAVEL_REQUEST,
        subject=f"{project.application.reference} · Y{project_year.number}",
        items=TRAVEL_REQUEST_ITEMS, people=[d.passport_name for d in delegates],
        recipient_kind=recipient_kind, recipient_name=recipient_name.strip(),
        recipient_country=country)


@transaction.atomic
def invitation_letter_provide(*, delegate: Delegate, by):
    """Record the invitation letter handed over (to the traveller, for the embassy or
    consulate of Japan where they apply for the visa); refused without their consent."""
    _refuse_without_consent([delegate])
    project = delegate.activity.project_year.project
    return provision_record(
        by=by, what=ProvisionKind.INVITATION_LETTER,
        subject=f"{project.application.reference} · {delegate.activity.title}",
        items=LETTER_ITEMS, people=[delegate.passport_name],
        recipient_kind=RecipientKind.EMBASSY,
        recipient_name="Embassy or consulate of Japan (visa application, through the "
                       "traveller)",
        recipient_country="")
