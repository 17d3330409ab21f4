"""The programme office's forms for a personal data request. Saving is done by
privacy.services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from rit_portal.conventions import fiscal_year
from rit_portal.forms import Form, ModelForm

from .enums import RecipientKind
from .holdings import MIN_TERM_LENGTH, normalised
from .models import DataRequest

# An application's (and its project's) reference number: RIT-FY2027-0042.
REFERENCE = re.compile(r"RIT-FY(\d{4})-\d{4}")


class DataRequestForm(ModelForm):
    class Meta:
        model = DataRequest
        fields = ["person_name", "person_email", "kind", "identified_by", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "person_name": _("As they wrote it; the search below also finds other spellings "
                             "(full-width, case)."),
            "details": _("What they asked, in their words, and anything that identifies "
                         "the records (an activity, a project)."),
        }


class SearchForm(Form):
    term = forms.CharField(label=_("Name or e-mail address"), max_length=200,
                           help_text=_("Part of a name or address is enough; case and "
                                       "full-width letters do not matter."))


class CorrectionForm(Form):
    category = forms.CharField(widget=forms.HiddenInput)
    record = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    field = forms.CharField(label=_("Field"), max_length=50)
    value = forms.CharField(label=_("Corrected value"), max_length=300, required=False)


class ErasureForm(Form):
    category = forms.CharField(widget=forms.HiddenInput)
    record = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CloseForm(Form):
    answer = forms.CharField(label=_("Answer given to the person"),
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("What was disclosed, corrected or erased, and "
                                         "anything kept with the reason."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProvisionFilterForm(Form):
    """The filters of the record of provisions (all optional): the call (its fiscal year,
    the reference numbers' FY part), a project by its reference number, the recipient, the
    days (Japan time) and a traveller's name."""

    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int,
                                  empty_value=None)
    project = forms.CharField(label=_("Project (reference number)"), required=False,
                              max_length=20, help_text=_("e.g. RIT-FY2027-0042"))
    recipient_kind = forms.ChoiceField(
        label=_("Recipient"), required=False,
        choices=[("", _("All"))] + list(RecipientKind.choices))
    since = forms.DateField(label=_("Provided on or after"), required=False,
                            widget=DateInput())
    until = forms.DateField(label=_("Provided on or before"), required=False,
                            widget=DateInput())
    name = forms.CharField(label=_("Traveller's name"), required=False, max_length=200,
                           help_text=_("In any order; case and full-width letters do not "
                                       "matter."))

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", _("All"))] + [
            (year, fiscal_year(year)) for year in years]

    def clean_project(self) -> str:
        reference = normalised(self.cleaned_data["project"]).upper()
        if reference and not REFERENCE.fullmatch(reference):
            raise forms.ValidationError(
                _("Enter a reference number such as RIT-FY2027-0042."))
        return reference

    def clean_name(self) -> str:
        name = normalised(self.cleaned_data["name"])
        if name and len(name) < MIN_TERM_LENGTH:
            raise forms.ValidationError(
                _("Enter at least %(count)d characters.") % {"count": MIN_TERM_LENGTH})
        return name

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day comes before the first."))
        return cleaned
