"""HQ matches partner regions that applicants proposed to the reference data."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rit_portal.gates import gate
from rit_portal.refusals import refusal_shown

from .. import selectors, services
from ..forms import ProposedRegionConfirmForm


@gate("applications.manage_calls")
def proposed_regions(request):
    """Pending proposals, each with its confirmation form; POST confirms one of them."""
    pending = list(selectors.proposed_regions_pending())
    regions = selectors.partner_regions_by_country(
        country_ids={proposal.country_id for proposal in pending})
    posted = request.POST.get("proposal") if request.method == "POST" else None
    rows = []
    for proposal in pending:
        data = request.POST if posted == str(proposal.pk) else None
        rows.append((proposal, ProposedRegionConfirmForm(
            data, proposal=proposal, regions=regions[proposal.country_id],
            prefix=f"p{proposal.pk}")))
    for proposal, form in rows:
        if form.is_bound and form.is_valid():
            with refusal_shown(request, form) as refusal:
                region = services.proposed_region_confirm(
                    proposal=proposal, by=request.user,
                    partner_region=form.cleaned_data["partner_region"],
                    name_ja=form.cleaned_data["name_ja"], name_en=form.cleaned_data["name_en"],
                    iso_code=form.cleaned_data["iso_code"])
            if not refusal:
                messages.success(request, _("%(application)s now has the partner region "
                                            "%(region)s.")
                                 % {"application": proposal.application.reference
                                    or proposal.application.title, "region": region.name})
                return redirect("applications:proposed-regions")
    return render(request, "applications/hq/proposed_regions.html", {"rows": rows})
