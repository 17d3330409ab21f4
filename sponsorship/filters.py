"""The selection board's filters (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from applications.models import Application
from regions.enums import OfficeKind
from regions.models import Country, JetroOffice, Sector


class BoardFilter(django_filters.FilterSet):
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), label=_("Sector"), empty_label=_("All sectors"))
    country = django_filters.ModelChoiceFilter(
        field_name="partner_region__country", label=_("Partner country"),
        queryset=Country.objects.filter(partner_regions__isnull=False).distinct(),
        empty_label=_("All countries"))
    office = django_filters.ModelChoiceFilter(
        field_name="partner_region__country__territory__office", label=_("Overseas office"),
        queryset=JetroOffice.objects.filter(kind=OfficeKind.OVERSEAS,
                                            officeterritory__isnull=False).distinct(),
        empty_label=_("All offices"))
    status = django_filters.ChoiceFilter(
        choices=[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
        label=_("Status"), empty_label=_("All statuses"))

    class Meta:
        model = Application
        fields = ["sector", "country", "office", "status"]
