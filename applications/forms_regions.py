"""HQ's confirmation of a partner region proposed by an applicant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import PartnerRegion


class ProposedRegionConfirmForm(forms.Form):
    partner_region = forms.TypedChoiceField(
        label=_("Match to an existing partner region"), required=False, coerce=int,
        empty_value=None,
        help_text=_("Or leave empty and enter the names of a new partner region below."),
    )
    name_ja = forms.CharField(label=_("New region: name (Japanese)"), required=False,
                              max_length=200)
    name_en = forms.CharField(label=_("New region: name (English)"), required=False,
                              max_length=200)

    def __init__(self, *args, proposal, regions: list[PartnerRegion], **kwargs):
        """`regions`: the reference regions of the proposal's country (read once per page)."""
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions}
        self.fields["partner_region"].choices = [("", "---------")] + [
            (region.pk, region.name) for region in regions]
        self.fields["name_en"].initial = proposal.name

    def clean_partner_region(self) -> PartnerRegion | None:
        pk = self.cleaned_data["partner_region"]
        return None if pk is None else self.regions[pk]

    def clean(self):
        data = super().clean()
        if not data.get("partner_region") and not (data.get("name_ja", "").strip()
                                                   and data.get("name_en", "").strip()):
            self.add_error("name_ja", _("Choose an existing region, or enter both names of "
                                        "the new one."))
        return data
