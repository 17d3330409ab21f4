"""Reads of reference data used across the portal."""

from .models import JetroOffice, PartnerRegion


def office_covering(*, partner_region: PartnerRegion) -> JetroOffice | None:
    """The overseas office whose territory contains the partner region's country, if any."""
    return (
        JetroOffice.objects.filter(officeterritory__country_id=partner_region.country_id)
        .first()
    )


def office_name(code: str) -> str:
    """The office's name in the reader's language (history texts store its code)."""
    office = JetroOffice.objects.filter(code=code).first()
    return office.name if office else code
