"""What the portal writes on the history about an organisation (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from audit.services import changes_formatter
from regions.models import Country, JetroOffice, PartnerRegion, Prefecture
from regions.selectors import office_name
from rit_portal.conventions import bracketed
from rit_portal.system_texts import system_text

from .models import ApplicantOrganisation

# The organisation's own changes on its page (accounts.services.organisation_profile_update),
# shown to HQ on the history of each of its applications and projects.
system_text("organisation.updated",
            _("Organisation details changed by the organisation: %(changes)s."),
            changes=changes_formatter(ApplicantOrganisation))

system_text("office_staff.invited",
            _("%(email)s invited as staff of %(office)s."), office=office_name)


# HQ keeping the offices, their territories and the partner regions (accounts/offices.py).
def _prefecture_name(code: str) -> str:
    prefecture = Prefecture.objects.filter(code=code).first()
    return prefecture.name if prefecture else code


def _country_name(iso2: str) -> str:
    country = Country.objects.filter(iso2=iso2).first()
    return country.name if country else iso2


def _former_office(code: str) -> str:
    return office_name(code) if code else str(_("no office"))


def _region_name(pk: int) -> str:
    region = PartnerRegion.objects.filter(pk=pk).select_related("country").first()
    return f"{region.name}{bracketed(region.country.name)}" if region else str(pk)


system_text("office.created", _("Office %(office)s added."), office=office_name)
system_text("office.changed", _("Office %(office)s changed: %(changes)s."),
            office=office_name, changes=changes_formatter(JetroOffice))
system_text("office.prefecture_moved",
            _("%(prefecture)s moved from %(from_office)s to %(office)s."),
            prefecture=_prefecture_name, from_office=_former_office, office=office_name)
system_text("office.country_moved",
            _("%(country)s moved from %(from_office)s to %(office)s."),
            country=_country_name, from_office=_former_office, office=office_name)
system_text("partner_region.created", _("Partner region %(region)s added."),
            region=_region_name)
system_text("partner_region.changed", _("Partner region %(region)s changed: %(changes)s."),
            region=_region_name, changes=changes_formatter(PartnerRegion))
system_text("partner_region.confirmed", _("Partner region %(region)s confirmed."),
            region=_region_name)
