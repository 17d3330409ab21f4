"""Forms of the sponsorship app: validation and presentation; writes go through services."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus as S
from applications.models import Application
from rit_portal import csv_io
from rit_portal.forms import Form, ModelForm, RecordMultipleChoiceField

from .coverage import year_refusal
from .enums import BoardAction, DecisionMode
from .models import CostLine
from .services import COST_LINE_FIELDS, CostProposalError

MAX_LINES = 200


class CostLineForm(ModelForm):
    # Initial 1 so that a blank new row with the preselected year counts as unchanged.
    year = forms.TypedChoiceField(label=_("project year"), coerce=int, initial=1,
                                  choices=[(y, y) for y in (1, 2, 3)])

    class Meta:
        model = CostLine
        fields = COST_LINE_FIELDS
        widgets = {
            "description": forms.TextInput(attrs={"maxlength": 300}),
            "quantity": forms.NumberInput(attrs={"min": 1, "step": 1, "class": "text-end"}),
            "unit_cost": forms.NumberInput(attrs={"min": 0, "step": 1, "class": "text-end"}),
        }

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.instance.application = application
        self.fields["unit_cost"].help_text = ""
        self.fields["unit"].help_text = ""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = (
                    "form-control form-control-sm"
                    + (" text-end" if name in ("quantity", "unit_cost") else ""))
            field.widget.attrs["aria-label"] = str(field.label)
        self.fields["description"].widget.attrs["placeholder"] = _(
            "Description, e.g. airfare of the three invited experts")
        self.fields["unit"].widget.attrs["placeholder"] = _("e.g. nights")

    def clean_year(self):
        year = self.cleaned_data["year"]
        problem = year_refusal(year=year, duration_years=self.application.duration_years)
        if problem:
            raise ValidationError(problem)
        return year


class BaseCostLineFormSet(BaseModelFormSet):
    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        kwargs.setdefault("queryset", CostLine.objects.filter(application=application))
        kwargs.setdefault("prefix", "lines")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "application": self.application}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"),
                         empty_permitted=True, use_required_attribute=False,
                         application=self.application, renderer=self.renderer)
        self.add_fields(form, None)
        return form

    def kept_forms(self) -> list[forms.ModelForm]:
        """Valid forms that stay in the proposal, in display order (blank new rows and rows
        marked for removal left out)."""
        return [form for form in self.forms
                if not self._should_delete_form(form)
                and (form.instance.pk or form.has_changed())]

    def rows(self) -> list[dict]:
        return [{**{f: form.cleaned_data[f] for f in COST_LINE_FIELDS},
                 "id": form.instance.pk}
                for form in self.kept_forms()]

    def add_service_errors(self, error: CostProposalError) -> None:
        """Put the service's per-row errors on the fields of the rows they belong to."""
        kept = self.kept_forms()
        for index, errors in error.row_errors.items():
            for field, messages in errors.items():
                for message in messages:
                    kept[index].add_error(None if field == "__all__" else field, message)


CostLineFormSet = modelformset_factory(
    CostLine, form=CostLineForm, formset=BaseCostLineFormSet, fields=COST_LINE_FIELDS,
    extra=1, can_delete=True, max_num=MAX_LINES, validate_max=True, absolute_max=MAX_LINES,
)


class CostCsvImportForm(Form):
    REPLACE, APPEND = "replace", "append"

    file = forms.FileField(label=_("CSV file"),
                           help_text=_("UTF-8 or Shift_JIS; the columns of the exported file."))
    mode = forms.ChoiceField(
        label=_("Imported lines"), widget=forms.RadioSelect, initial=REPLACE,
        choices=[(REPLACE, _("replace the current lines")),
                 (APPEND, _("are added after the current lines"))])

    def clean_file(self):
        """The file's bytes, refused at once when larger than the CSV module's cap."""
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_BYTES:
            raise ValidationError(_("The file is larger than %(size)s; split it into smaller "
                                    "files.") % {"size": "1 MB"})
        return upload


class SponsorshipLevelForm(Form):
    """The sponsorship level: a mode, its figures, and conditions; one amount per line."""

    mode = forms.ChoiceField(label=_("Sponsorship level"), choices=DecisionMode.choices,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             initial=DecisionMode.FULL)
    percentage = forms.DecimalField(
        label=_("Share of every line (%)"), required=False, max_digits=5, decimal_places=2,
        min_value=0, max_value=100,
        help_text=_("Each line's approved amount is rounded down to the whole yen."),
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "form-control text-end"}))
    conditions = forms.CharField(
        label=_("Conditions (Japanese)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "lang": "ja"}))
    conditions_en = forms.CharField(
        label=_("Conditions (English)"), required=False,
        help_text=_("Required with conditions: the award letter prints them on its English "
                    "page."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "lang": "en"}))

    def __init__(self, *args, lines: list[CostLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[self.line_field(line)] = forms.IntegerField(
                label=str(line), required=False, min_value=0, max_value=line.total,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm "
                                                         "text-end", "step": 1}))

    @staticmethod
    def line_field(line: CostLine) -> str:
        return f"line_{line.pk}"

    def line_amounts(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(self.line_field(line)) or 0
                for line in self.lines}

    def clean(self):
        data = super().clean()
        if (data.get("mode") == DecisionMode.PERCENTAGE and data.get("percentage") is None
                and "percentage" not in self.errors):  # an invalid share has its own message
            self.add_error("percentage", _("Enter the share of the request to approve."))
        return data


# Labels of the single selection decisions (enums.DECISION_TARGETS).
DECISION_ACTIONS = {
    "eligible": _("Eligible"),
    "ineligible": _("Ineligible"),
    BoardAction.WAITLIST.value: _("Waitlist"),
    BoardAction.REJECT.value: _("Reject"),
}


class SelectionDecisionForm(Form):
    """One selection decision on the application's decision page."""

    action = forms.ChoiceField(label=_("Decision"),
                               choices=list(DECISION_ACTIONS.items()))
    reason = forms.CharField(label=_("Reason or note"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required to reject."))


class BulkActionForm(Form):
    """One action of the selection board on the selected applications."""

    # Ticked in the board's rows (the widget names the ids the error summary links to).
    applications = RecordMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                                  error_messages={"required": _(
                                                      "Select at least one application.")})
    action = forms.ChoiceField(label=_("Action"), choices=BoardAction.choices)
    reason = forms.CharField(label=_("Reason"), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = call.applications.exclude(status=S.DRAFT)

    def clean(self):
        data = super().clean()
        if data.get("action") == BoardAction.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return data
