"""The programme office's forms for a personal data request. Saving is done by
privacy.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rit_portal.forms import Form, ModelForm

from .models import DataRequest


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
