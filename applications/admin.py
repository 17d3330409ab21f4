"""The applicant organisations in the administration site (HQ staff keep their details
current). A change is a correction with a reason, recorded on the history of every
application of the organisation (services.corrections.organisation_correct)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import ApplicantOrganisation
from accounts.services import ORGANISATION_FIELDS
from rit_portal.forms import ModelForm

from .services.corrections import organisation_correct


class OrganisationCorrectionForm(ModelForm):
    reason = forms.CharField(label=_("reason for the correction"), widget=forms.Textarea(
        attrs={"rows": 2}), required=False,
        help_text=_("Recorded on the history of the organisation's applications."))

    class Meta:
        model = ApplicantOrganisation
        fields = [*ORGANISATION_FIELDS, "referral_source"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed() and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the details are corrected."))
        return cleaned


@admin.register(ApplicantOrganisation)
class ApplicantOrganisationAdmin(admin.ModelAdmin):
    form = OrganisationCorrectionForm
    list_display = ["name_ja", "name_en", "org_type", "prefecture", "contact_email",
                    "referral_source", "created_at"]
    list_filter = ["org_type", "prefecture", "referral_source"]
    search_fields = ["name_ja", "name_en", "corporate_number"]
    list_select_related = ["prefecture"]
    readonly_fields = ["referral_source"]

    def has_add_permission(self, request):
        return False  # organisations register themselves

    def has_delete_permission(self, request, obj=None):
        return False  # their applications and people refer to them

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in ORGANISATION_FIELDS}
        # The form has checked the values and the reason: the service records them.
        organisation_correct(organisation=obj, by=request.user, values=values,
                             reason=form.cleaned_data.get("reason", ""))
