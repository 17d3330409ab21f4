"""Reads of reference data used across the portal."""

from .models import JetroOffice, PartnerRegion


def office_covering(*, partner_region: PartnerRegion) -> JetroOffice | None:
    """The overseas office whose territory contains the partner region's country, if any."""
    return (
        JetroOffice.objects.filter(officeterritory__country_id=partner_region.country_id)
        .first()
    )
