"""The foreign contact's signed link (rit_portal.signed_links, the pattern of the partner's
confirmation): over the interest's id and the contact's address, valid REGION_LINK_MAX_AGE.
One link opens the region's page: there the contact confirms the address (a POST, so a mail
scanner opening the link confirms nothing), and later sees who expressed interest in the
region."""

import datetime as dt

from django.urls import reverse

from rit_portal.signed_links import LinkExpired, LinkInvalid, SignedLink

from .models import Interest

REGION_LINK_MAX_AGE = dt.timedelta(days=30)
REGION_LINK = SignedLink(salt="partnering.region-page", max_age=REGION_LINK_MAX_AGE)
# The page's view tells an expired link (410) from an altered one (404).
RegionLinkExpired, RegionLinkInvalid = LinkExpired, LinkInvalid


def region_token(*, interest: Interest) -> str:
    return REGION_LINK.token({"id": interest.pk, "email": interest.contact_email})


def region_path(*, interest: Interest) -> str:
    return reverse("partnering:region", kwargs={"token": region_token(interest=interest)})


def interest_from_token(token: str) -> Interest:
    """The interest a link stands for; RegionLinkExpired / RegionLinkInvalid else."""
    data = REGION_LINK.payload(token)
    interest = (Interest.objects.select_related("country", "partner_region")
                .filter(pk=data.get("id"), contact_email=data.get("email")).first())
    if interest is None:
        raise RegionLinkInvalid
    return interest
