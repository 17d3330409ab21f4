"""Forms for calls: HQ's call form and the public eligibility self-check."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regions.models import Sector

from .models import Call
from .services import CALL_FIELDS, call_rules_check

# Seconds matter: `closes_at` is the last second at which a submission is accepted.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class JapanDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "1", **(attrs or {})}, format=DATETIME_FORMAT)


class CallForm(forms.ModelForm):
    """Every field of a call. Dates are typed and shown in Japan time (the site's zone)."""

    focus_sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.filter(parent__isnull=True).order_by("-is_focus", "position",
                                                                     "code"),
        required=False, widget=forms.CheckboxSelectMultiple, label=_("focus sectors"),
        help_text=_("A focus, not a limit: applications from other sectors remain welcome."),
    )

    class Meta:
        model = Call
        fields = [*CALL_FIELDS, "focus_sectors"]
        widgets = {
            "opens_at": JapanDateTimeInput(),
            "closes_at": JapanDateTimeInput(),
            "review_deadline": JapanDateTimeInput(),
            "guidance_ja": forms.Textarea(attrs={"rows": 6}),
            "guidance_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "closes_at": _("The last second at which submissions are accepted, e.g. "
                           "23:59:59 on the closing day (Japan time)."),
            "opens_at": _("Japan time (JST)."),
            "review_deadline": _("Japan time (JST). Reviewers should finish their scores by "
                                 "then."),
            "cost_cap": _("Leave empty for no cap."),
            "eur_rate": _("Only used to show euro equivalents next to yen amounts."),
        }

    def clean(self):
        cleaned = super().clean()
        probe = copy.copy(self.instance)
        for name in CALL_FIELDS:
            if name in cleaned:
                setattr(probe, name, cleaned[name])
        try:
            call_rules_check(probe)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SelfCheckForm(forms.Form):
    """The eligibility questions of the public call page (answered with GET, no login)."""

    is_japanese_organisation = forms.TypedChoiceField(
        label=_("Will a Japanese organisation (a regional business association, chamber of "
                "commerce and industry, regional government or industrial cluster) apply on "
                "behalf of the companies?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    companies_contacted = forms.TypedChoiceField(
        label=_("Have you contacted local companies that wish to collaborate with companies "
                "in the foreign region?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    consortium_size = forms.IntegerField(
        label=_("How many companies will take part in the consortium?"), min_value=0,
        max_value=10_000)
    clear_prospects = forms.TypedChoiceField(
        label=_("Will the collaboration develop your region's industries or technologies, "
                "leading to new products or business tie-ups?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    prior_contact = forms.TypedChoiceField(
        label=_("Has your region had contact with the foreign region before (visits, "
                "meetings, events)?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    partner_interest = forms.TypedChoiceField(
        label=_("Can the foreign region confirm its interest in collaborating?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    duration_years = forms.IntegerField(
        label=_("How many years would the project run?"), min_value=1, max_value=99)
