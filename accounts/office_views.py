"""HQ's pages for JETRO's offices, their territories and the partner regions (not the
Django administration): list, add and change an office, move prefectures or countries to
it, add, change and confirm partner regions; each page shows its history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from regions.enums import OfficeKind
from regions.models import Country, JetroOffice, PartnerRegion
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_to_form

from . import offices as services
from .forms import OfficeForm, OfficeTerritoryForm, PartnerRegionForm

manage = gate(services.PERMISSION)


@manage
def office_list(request):
    """Every office, those in Japan first, with the territory each covers."""
    offices = list(services.offices_with_territories())
    for office in offices:
        office.territory_names = services.territory_names(office)
    return render(request, "accounts/offices/list.html", {
        "in_japan": [o for o in offices if o.kind != OfficeKind.OVERSEAS],
        "overseas": [o for o in offices if o.kind == OfficeKind.OVERSEAS]})


@manage
def office_new(request):
    form = OfficeForm(request.POST or None, initial={"kind": OfficeKind.DOMESTIC})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        code = values.pop("code")
        office = refusal_to_form(form, lambda: services.office_create(by=request.user,
                                                                      code=code, **values))
        if office:
            messages.success(request, _("%(office)s has been added.") % {"office": office.name})
            return redirect("office", code=office.code)
    return render(request, "accounts/offices/new.html", {"form": form})


@manage
def office_view(request, code: str):
    """The office's details and territory (each its own form) and its history."""
    office = get_object_or_404(JetroOffice.objects.prefetch_related(
        "domestic_territories__prefecture", "officeterritory_set__country"), code=code)
    action = request.POST.get("action") if request.method == "POST" else None
    form = OfficeForm(request.POST if action == "details" else None, instance=office,
                      prefix="office")
    territory = OfficeTerritoryForm(request.POST if action == "territory" else None,
                                    office=office, prefix="territory")
    if action == "details" and form.is_valid():
        values = dict(form.cleaned_data)
        office.refresh_from_db()
        if refusal_to_form(form, lambda: services.office_update(office=office, by=request.user,
                                                                **values)):
            messages.success(request, _("The office has been saved."))
            return redirect("office", code=office.code)
    if action == "territory" and territory.is_valid() and refusal_to_form(
            territory, lambda: services.office_territory_set(
                office=office, by=request.user,
                prefectures=territory.cleaned_data.get("prefectures"),
                countries=territory.cleaned_data.get("countries")) >= 0):
        messages.success(request, _("The territory has been saved."))
        return redirect("office", code=office.code)
    return render(request, "accounts/offices/office.html", {
        "office": office, "form": form, "territory": territory,
        "covers": services.territory_names(office),
        "history": services.office_history(office)[:100]})


@manage
def partner_region_list(request):
    """The partner regions, by country (`?country=<ISO>`), those awaiting confirmation
    first when asked (`?unconfirmed=1`)."""
    regions = PartnerRegion.objects.select_related("country").order_by(
        "country__name_en", "name_en")
    country = Country.objects.filter(iso2=request.GET.get("country", "").upper()[:2]).first()
    if country:
        regions = regions.filter(country=country)
    unconfirmed = request.GET.get("unconfirmed") == "1"
    if unconfirmed:
        regions = regions.filter(is_confirmed=False)
    return render(request, "accounts/offices/partner_regions.html", {
        "page": paginate(regions, params=request.GET), "country": country,
        "unconfirmed": unconfirmed,
        "countries": Country.objects.filter(partner_regions__isnull=False).distinct()
        .order_by("name_en")})


@manage
def partner_region_new(request):
    form = PartnerRegionForm(request.POST or None, initial={"is_confirmed": True})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        region = refusal_to_form(form, lambda: services.partner_region_create(
            by=request.user, **values))
        if region:
            messages.success(request, _("%(region)s has been added.") % {"region": region.name})
            return redirect("partner-region", pk=region.pk)
    return render(request, "accounts/offices/partner_region_new.html", {"form": form})


@manage
def partner_region_view(request, pk: int):
    region = get_object_or_404(PartnerRegion.objects.select_related("country"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm":
        services.partner_region_confirm(region=region, by=request.user)
        messages.success(request, _("The partner region has been confirmed."))
        return redirect("partner-region", pk=region.pk)
    form = PartnerRegionForm(request.POST if action == "details" else None, instance=region)
    if action == "details" and form.is_valid():
        values = dict(form.cleaned_data)
        region.refresh_from_db()
        if refusal_to_form(form, lambda: services.partner_region_update(
                region=region, by=request.user, **values)):
            messages.success(request, _("The partner region has been saved."))
            return redirect("partner-region", pk=region.pk)
    return render(request, "accounts/offices/partner_region.html", {
        "region": region, "form": form,
        "history": services.partner_region_history(region)[:100]})
