"""HQ's forms of the monitoring: start the annual report, create an API token. Validation
and presentation only; the views call the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rit_portal.conventions import fiscal_year
from rit_portal.forms import Form

from .enums import ReportLanguage


class ReportRequestForm(Form):
    """The fiscal year (one with a call or a project year) and the report's language."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    language = forms.ChoiceField(label=_("Language of the report"),
                                 choices=ReportLanguage.choices,
                                 initial=ReportLanguage.JAPANESE)

    def __init__(self, *args, fiscal_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(year, fiscal_year(year)) for year in fiscal_years]


class ApiTokenForm(Form):
    label = forms.CharField(label=_("What it is for"), max_length=100,
                            help_text=_("e.g. “Annual statistics spreadsheet”."))
