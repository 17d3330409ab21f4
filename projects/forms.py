"""Forms of the projects app: validation and presentation only. Views hand the cleaned data
to projects.services; a service's ValidationError (keyed by field) goes back onto the form,
so every message appears at its field and nothing typed is lost."""

import unicodedata

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.forms import DateInput, LenientIntegerField
from privacy.enums import RecipientKind
from regions.enums import OfficeKind
from regions.models import Country, JetroOffice
from rit_portal.conventions import short_date
from rit_portal.forms import Form, ModelForm, RecordMultipleChoiceField
from rit_portal.money import yen
from sponsorship.enums import Activity

from .enums import (
    SCORE_MAX,
    SCORE_MIN,
    ActivityStatus,
    BusinessResult,
    ProjectStatus,
    SurveyLanguage,
    TravellerType,
    VariationKind,
)
from .models import (
    ApprovedLine,
    FinalReport,
    Outcome,
    ProjectActivity,
    ProjectFirm,
    SurveyResponse,
)
from .services.activities import ACTIVITY_FIELDS

NUMERIC = {"inputmode": "numeric"}


def _count_field(label) -> LenientIntegerField:
    return LenientIntegerField(label=label, min_value=0, initial=0,
                               widget=forms.TextInput(attrs=NUMERIC))


class PartnerContactForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the survey"), required=False,
                                 choices=SurveyLanguage.choices, initial=SurveyLanguage.ENGLISH)

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or SurveyLanguage.ENGLISH


class ProjectEndForm(Form):
    """HQ closes a running project early or cancels it, with the reason the organisation
    reads (projects.services.project_end)."""

    to = forms.ChoiceField(label=_("How the project ends"), widget=forms.RadioSelect,
                           choices=[(ProjectStatus.CLOSED_EARLY, _(
                               "Close it early: what it reported still counts")),
                                    (ProjectStatus.CANCELLED, _(
                                        "Cancel it: it does not go ahead"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000,
                             help_text=_("The organisation reads it in the e-mail and on the "
                                         "project's page."))


class FirmForm(ModelForm):
    """A firm that took part without being a consortium member (all fields), or the survey
    contact of a consortium member (`contact_only`)."""

    is_sme = forms.NullBooleanField(label=_("SME"), required=False,
                                    widget=forms.NullBooleanSelect)

    class Meta:
        model = ProjectFirm
        fields = ["name", "corporate_number", "location", "is_sme", "contact_name",
                  "contact_email", "survey_language"]

    def __init__(self, *args, contact_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if contact_only:
            for name in ("name", "corporate_number", "location", "is_sme"):
                del self.fields[name]

    def clean_corporate_number(self):
        return unicodedata.normalize("NFKC", self.cleaned_data["corporate_number"]).strip()


class ActivityForm(ModelForm):
    foreign_experts = _count_field(capfirst(_("foreign experts received")))
    delegates_sent = _count_field(capfirst(_("Japanese delegates sent")))
    firms_attending = _count_field(capfirst(_("firms attending")))
    participants_total = _count_field(capfirst(_("participants in total")))

    class Meta:
        model = ProjectActivity
        fields = list(ACTIVITY_FIELDS)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"city": _("As it should appear on invitation letters."),
                      "notes": _("Once held: what happened, who met whom.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        office = self.fields["co_organising_office"]
        # The offices in Japan from north to south (by the prefecture each sits in).
        office.queryset = (JetroOffice.objects.exclude(kind=OfficeKind.OVERSEAS)
                           .order_by("prefecture__code", "code"))
        office.empty_label = _("— none —")


class DelegateForm(Form):
    """A traveller of the roster and up to two flights (outbound and return)."""

    traveller_type = forms.ChoiceField(label=_("Traveller"), choices=TravellerType.choices)
    family_name = forms.CharField(label=_("Family name (as in passport)"), max_length=100)
    given_names = forms.CharField(label=_("Given names (as in passport)"), max_length=100)
    nationality = forms.ModelChoiceField(label=_("Nationality"), queryset=Country.objects.all(),
                                         empty_label=_("— choose —"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200,
                           help_text=_("Position, and role in the activity."))
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    needs_visa = forms.BooleanField(label=_("Needs a visa"), required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254,
                             help_text=_("Optional: to ask the traveller for their consent "
                                         "by e-mail."))
    leg1_travel_date = forms.DateField(label=_("Outbound: date"), required=False,
                                       widget=DateInput())
    leg1_departure_airport = forms.CharField(label=_("Outbound: from (airport code)"),
                                             max_length=3, required=False)
    leg1_arrival_airport = forms.CharField(label=_("Outbound: to (airport code)"),
                                           max_length=3, required=False)
    leg2_travel_date = forms.DateField(label=_("Return: date"), required=False,
                                       widget=DateInput())
    leg2_departure_airport = forms.CharField(label=_("Return: from (airport code)"),
                                             max_length=3, required=False)
    leg2_arrival_airport = forms.CharField(label=_("Return: to (airport code)"), max_length=3,
                                           required=False)

    LEG_FIELDS = ("travel_date", "departure_airport", "arrival_airport")
    PERSON_FIELDS = ("traveller_type", "family_name", "given_names", "nationality",
                     "organisation", "role", "needs_interpreter", "needs_visa", "email")

    @classmethod
    def initial_for(cls, delegate) -> dict:
        initial = {name: getattr(delegate, name) for name in cls.PERSON_FIELDS}
        for position, leg in enumerate(delegate.legs.all()[:2], start=1):
            for name in cls.LEG_FIELDS:
                initial[f"leg{position}_{name}"] = getattr(leg, name)
        return initial

    def clean(self):
        data = super().clean()
        for position in (1, 2):
            values = [data.get(f"leg{position}_{name}") for name in self.LEG_FIELDS]
            if any(values) and not all(values):
                for name, value in zip(self.LEG_FIELDS, values, strict=True):
                    if not value:
                        self.add_error(f"leg{position}_{name}", _(
                            "Give the date and both airports of the flight, or none of them."))
        return data

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON_FIELDS}

    def legs(self) -> list[dict]:
        legs = []
        for position in (1, 2):
            leg = {name: self.cleaned_data.get(f"leg{position}_{name}") for name in self.LEG_FIELDS}
            if all(leg.values()):
                legs.append(leg)
        return legs


class OutcomeForm(ModelForm):
    count = LenientIntegerField(label=capfirst(_("number")), min_value=1,
                                widget=forms.TextInput(attrs=NUMERIC))
    value_yen = LenientIntegerField(label=capfirst(_("value (yen)")), min_value=0,
                                    required=False, widget=forms.TextInput(attrs=NUMERIC),
                                    help_text=_("Required for sales contracts: their total "
                                                "value."))

    class Meta:
        model = Outcome
        fields = ["kind", "count", "value_yen", "description"]


class ReportFirmsForm(Form):
    firms = forms.ModelMultipleChoiceField(
        label=_("Firms that took part"), queryset=ProjectFirm.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firms"].queryset = firms


class SpendLineForm(Form):
    approved_line = forms.ModelChoiceField(label=_("Approved line"),
                                           queryset=ApprovedLine.objects.none(),
                                           empty_label=_("— choose —"))
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = LenientIntegerField(label=_("Amount (yen)"), min_value=1,
                                 widget=forms.TextInput(attrs=NUMERIC))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    receipt = forms.FileField(label=_("Receipt (PDF)"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def __init__(self, *args, lines, remaining: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["approved_line"]
        field.queryset = lines
        field.label_from_instance = lambda line: _(
            "%(activity)s — %(category)s (remaining %(remaining)s)") % {
            "activity": line.get_activity_display(), "category": line.get_category_display(),
            "remaining": yen(remaining.get(line.pk, 0))}


class ReceiptForm(Form):
    receipt = forms.FileField(label=_("Receipt (PDF)"),
                              widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class SummaryForm(Form):
    summary = forms.CharField(label=_("Summary of the year"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("What the collaboration achieved this year, what "
                                          "comes next."))


class ReviewForm(Form):
    """HQ's acceptance or return of a report."""

    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))],
                               widget=forms.HiddenInput)
    note = forms.CharField(label=_("Comment to the organisation"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when you return the report: say what to "
                                       "change."))


SCORES = [(str(SCORE_MIN), format_lazy("{} ({})", SCORE_MIN, _("poor"))),
          *[(str(n), str(n)) for n in range(SCORE_MIN + 1, SCORE_MAX)],
          (str(SCORE_MAX), format_lazy("{} ({})", SCORE_MAX, _("excellent")))]
NOT_APPLICABLE = [("", _("Did not take part"))]


def _score(label, *, optional: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, empty_value=None, required=not optional,
        choices=(SCORES + NOT_APPLICABLE) if optional else SCORES, widget=forms.RadioSelect)


class SurveyForm(ModelForm):
    """The participants' survey: 1 (poor) to 5 (excellent)."""

    overall_satisfaction = _score(_("Overall, how satisfied are you with the project's "
                                    "activities?"), optional=False)
    matching_usefulness = _score(_("How useful was the business matching?"), optional=True)
    seminar_usefulness = _score(_("How useful were the seminars and symposiums?"),
                                optional=True)
    interpretation_usefulness = _score(_("How useful was the interpretation?"), optional=True)
    business_result = forms.ChoiceField(label=_("Did a business result follow (a contract, a "
                                                "joint development, an agreement)?"),
                                        choices=BusinessResult.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The 1–5 answers side by side ({% crispy form %}; the page holds the <form>).
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[InlineRadios(name) for name in ("overall_satisfaction", "matching_usefulness",
                                              "seminar_usefulness", "interpretation_usefulness")],
            InlineRadios("business_result"), "comment")

    class Meta:
        model = SurveyResponse
        fields = ["overall_satisfaction", "matching_usefulness", "seminar_usefulness",
                  "interpretation_usefulness", "business_result", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}
        labels = {"comment": _("Comment (optional)")}


class VariationForm(Form):
    """A change to a project (projects.services.variations): the reason and what the kind
    of change asks. A reallocation has one amount per approved line (`line_<id>`, the
    line's amount to start from); `service_values()` is what the service takes."""

    reason = forms.CharField(label=_("Reason for the change"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The programme office decides on it; the amendment "
                                         "letter quotes it."))

    def __init__(self, *args, project, kind: str, lines=(), variation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.lines = kind, list(lines)
        after = {row.approved_line_id: row.after for row in variation.lines.all()} \
            if variation is not None else {}
        if variation is not None:
            self.fields["reason"].initial = variation.reason
        if kind == VariationKind.REALLOCATION:
            for line in self.lines:
                self.fields[f"line_{line.pk}"] = LenientIntegerField(
                    label=format_lazy("{} — {}", line.get_activity_display(),
                                      line.get_category_display()),
                    min_value=0, initial=after.get(line.pk, line.approved_amount),
                    widget=forms.TextInput(attrs={**NUMERIC, "class": "form-control text-end"}))
        elif kind == VariationKind.ACTIVITY:
            self.fields["activity"] = forms.ModelChoiceField(
                label=_("Activity to change or replace"), empty_label=_("— choose —"),
                queryset=ProjectActivity.objects.filter(project_year__project=project)
                .exclude(status=ActivityStatus.CANCELLED).order_by("starts_on", "pk"))
            self.fields["new_activity_type"] = forms.ChoiceField(
                label=_("New type of activity"), choices=Activity.choices)
            self.fields["new_title_ja"] = forms.CharField(label=_("New title (Japanese)"),
                                                          max_length=200)
            self.fields["new_title_en"] = forms.CharField(label=_("New title (English)"),
                                                          max_length=200, required=False)
            self.fields["new_starts_on"] = forms.DateField(label=_("New first day"),
                                                           widget=DateInput())
            self.fields["new_ends_on"] = forms.DateField(label=_("New last day"),
                                                         widget=DateInput())
        elif kind == VariationKind.DATES:
            self.fields["project_year"] = forms.ModelChoiceField(
                label=_("Project year"), empty_label=_("— choose —"),
                queryset=project.years.all())
            self.fields["project_year"].label_from_instance = lambda year: _(
                "Year %(n)s (report due %(due)s)") % {"n": year.number,
                                                      "due": short_date(year.report_due_on)}
            self.fields["new_report_due_on"] = forms.DateField(
                label=_("New due date of the report and survey"), widget=DateInput())
        elif kind == VariationKind.EXTENSION:
            self.fields["extra_years"] = forms.TypedChoiceField(
                label=_("Extend by"), coerce=int, widget=forms.RadioSelect,
                choices=[(1, _("one project year")), (2, _("two project years"))])
        if variation is not None:
            for name in ("activity", "new_activity_type", "new_title_ja", "new_title_en",
                         "new_starts_on", "new_ends_on", "project_year", "new_report_due_on",
                         "extra_years"):
                if name in self.fields:
                    self.fields[name].initial = getattr(variation, name)

    def line_rows(self):
        """(line, its bound field) for the reallocation's table."""
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        values = {"kind": self.kind, "reason": data.pop("reason")}
        if self.kind == VariationKind.REALLOCATION:
            values["amounts"] = {line.pk: data.pop(f"line_{line.pk}") for line in self.lines}
        values.update(data)
        return values


class VariationDecisionForm(Form):
    """HQ's decision on a change, with the comment the organisation reads."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve: the change is made and the amendment letter sent")),
        ("return", _("Return it to the organisation for changes")),
        ("refuse", _("Refuse it"))])
    note = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required to return or refuse: the organisation "
                                       "reads it."))


class FinalReportForm(ModelForm):
    """The final report as the organisation writes it. Texts may stay empty in a draft; the
    submission asks for them (workflow.FINAL_REPORT), each message at its field."""

    contracts_signed = LenientIntegerField(label=capfirst(_("contracts signed")), min_value=0,
                                           max_value=100_000, initial=0,
                                           widget=forms.TextInput(attrs=NUMERIC))
    contracts_value = LenientIntegerField(label=capfirst(_("value of the contracts (yen)")),
                                          min_value=0, max_value=10**13, initial=0,
                                          widget=forms.TextInput(attrs=NUMERIC))
    joint_developments = LenientIntegerField(label=capfirst(_("joint developments started")),
                                             min_value=0, max_value=100_000, initial=0,
                                             widget=forms.TextInput(attrs=NUMERIC))

    class Meta:
        model = FinalReport
        fields = ["outcomes", "business_results", "contracts_signed", "contracts_value",
                  "joint_developments", "joint_development", "lessons"]
        widgets = {name: forms.Textarea(attrs={"rows": 4})
                   for name in ("outcomes", "business_results", "joint_development", "lessons")}


class FinalReportDecisionForm(Form):
    """HQ's decision on a final report, with the comment the organisation reads."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept: the project is completed and the closing letter sent")),
        ("return", _("Return it to the organisation for changes"))])
    note = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required to return it: the organisation reads it."))


class ClaimForm(Form):
    """A claim of a held activity's spend: per approved line (`line_<id>`) the yen claimed
    and (`receipts_<id>`) the receipts of the progress reports it rests on."""

    def __init__(self, *args, lines, receipts_of, claim=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        before = {row.approved_line_id: row for row in claim.lines.all()} if claim else {}
        for line in self.lines:
            row = before.get(line.pk)
            self.fields[f"line_{line.pk}"] = LenientIntegerField(
                label=format_lazy("{} — {}", line.get_activity_display(),
                                  line.get_category_display()),
                min_value=0, required=False, initial=row.claimed if row else None,
                widget=forms.TextInput(attrs={**NUMERIC, "class": "form-control text-end"}))
            field = RecordMultipleChoiceField(
                label=_("Receipts"), required=False, queryset=receipts_of(line),
                widget=forms.CheckboxSelectMultiple,
                initial=list(row.receipts.values_list("pk", flat=True)) if row else None)
            field.label_from_instance = lambda receipt: _(
                "%(name)s (%(amount)s paid on %(day)s)") % {
                "name": receipt.original_name, "amount": yen(receipt.spend_line.amount),
                "day": short_date(receipt.spend_line.paid_on)}
            self.fields[f"receipts_{line.pk}"] = field

    def rows(self):
        return [(line, self[f"line_{line.pk}"], self[f"receipts_{line.pk}"])
                for line in self.lines]

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"amounts": {line.pk: data.get(f"line_{line.pk}") or 0 for line in self.lines},
                "receipts": {line.pk: [r.pk for r in data.get(f"receipts_{line.pk}") or []]
                             for line in self.lines}}


class ClaimDecisionForm(Form):
    """HQ's decision on a claim: the amount approved per line (`line_<claim line id>`), or
    a return with the comment the organisation reads."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve the amounts below")),
        ("return", _("Return it to the organisation for changes"))])
    note = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required to return it: the organisation reads it."))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim_rows = list(rows)
        for row in self.claim_rows:
            self.fields[f"line_{row.pk}"] = LenientIntegerField(
                label=str(row.approved_line), min_value=0, required=False, initial=row.claimed,
                widget=forms.TextInput(attrs={**NUMERIC, "class": "form-control text-end"}))

    def amounts(self) -> dict[int, int]:
        return {row.pk: self.cleaned_data.get(f"line_{row.pk}") for row in self.claim_rows}


class PaymentForm(Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Payment reference"), max_length=100,
                                help_text=_("The transfer's number in the accounting system."))


class DelegateConsentForm(Form):
    """The organisation records that the traveller consented after reading the page."""

    consented = forms.BooleanField(
        label=_("The traveller has read this information and consents to their data being "
                "provided to these recipients, in this country too."), required=True,
        error_messages={"required": _("Tick the box once the traveller has consented.")})


class DelegateConsentAskForm(Form):
    """The organisation asks the traveller for their consent by e-mail, in their language."""

    language = forms.ChoiceField(label=_("Language of the e-mail"), initial="en",
                                 choices=[("en", "English"), ("ja", "日本語")],
                                 widget=forms.RadioSelect)


class TravellerConsentForm(Form):
    """The traveller's own answer on their page (no account)."""

    answer = forms.ChoiceField(
        label=pgettext_lazy("traveller's consent", "Your answer"), widget=forms.RadioSelect,
        choices=[("give", _("I consent to my data being provided to these recipients, in "
                            "this country too.")),
                 ("refuse", _("I do not consent."))],
        error_messages={"required": _("Choose whether you consent or not.")})
    shown = forms.CharField(widget=forms.HiddenInput, required=False)


class TravelRequestRecipientForm(Form):
    """Who receives the travel request (APPI Art. 29's record of the provision)."""

    recipient_kind = forms.ChoiceField(label=_("Recipient"), choices=RecipientKind.choices)
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=200,
                                     help_text=_("e.g. the travel agent's company name."))
    abroad = forms.BooleanField(label=_("The recipient is in the partner country"),
                                required=False)
