"""HQ matches partner regions that applicants proposed to the reference data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ProposedRegionConfirmForm


@login_required
@permission_required("applications.manage_calls", raise_exception=True)
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
            try:
                region = services.proposed_region_confirm(
                    proposal=proposal, by=request.user,
                    partner_region=form.cleaned_data["partner_region"],
                    name_ja=form.cleaned_data["name_ja"], name_en=form.cleaned_data["name_en"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(application)s now has the partner region "
                                            "%(region)s.")
                                 % {"application": proposal.application.reference
                                    or proposal.application.title, "region": region.name})
                return redirect("applications:proposed-regions")
    return render(request, "applications/hq/proposed_regions.html", {"rows": rows})
