"""Forms of calls and applications: validation and presentation only.

Views pass the cleaned data to the services (applications.services); a service's
ValidationError (keyed by field) is put back on the form with `form.add_error(None, exc)`,
so every message appears at its field and nothing typed is lost.

In order: the applicant's form and the partner contact's answer; HQ's call form and the
public eligibility self-check; HQ's confirmation of proposed partner regions.
"""

import copy
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from regions.countries import subdivisions_of
from regions.models import Country, PartnerRegion, Prefecture, Sector
from rit_portal import csv_io, partner_languages
from rit_portal.forms import Form, ModelForm, RecordChoiceField, RecordMultipleChoiceField

from .english import SUMMARY_MAX_CHARS, EnglishSummary, required_summaries, summaries_in_section
from .enums import AttachmentKind, ContactForm, Objective
from .models import Application, Call, ConsortiumMember
from .services import CALL_FIELDS, call_rules_check

TEXTAREA = {"rows": 4}


class LenientIntegerField(forms.IntegerField):
    """An integer that may be typed with full-width digits, commas or a trailing 円."""

    def to_python(self, value):
        if isinstance(value, str):
            value = (unicodedata.normalize("NFKC", value).replace(",", "").replace("円", "")
                     .strip())
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationStartForm(Form):
    title = forms.CharField(label=_("Project title"), max_length=200,
                            help_text=_("You can change it later."))


class OverviewForm(Form):
    title = forms.CharField(label=_("Project title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Project title (English)"), max_length=200,
                               required=False)
    sector = RecordChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    required=False, empty_label=_("— choose —"))
    prefectures = RecordMultipleChoiceField(
        label=_("Japanese region (prefectures)"), queryset=Prefecture.objects.all(),
        required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    partner_region = RecordChoiceField(
        label=_("Foreign partner region"), required=False, empty_label=_("— choose —"),
        queryset=PartnerRegion.objects.filter(is_confirmed=True).select_related("country"),
        help_text=_("If the region is not in the list, propose it below."))
    proposed_country = RecordChoiceField(
        label=_("Country of the proposed region"), queryset=Country.objects.all(),
        required=False, empty_label=_("— choose —"))
    proposed_name = forms.CharField(label=_("Name of the proposed region"), max_length=200,
                                    required=False)
    proposed_note = forms.CharField(label=_("Note for the programme office"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_region"].label_from_instance = (
            lambda region: f"{region.country.name} – {region.name}")

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        proposal = getattr(application, "proposed_partner_region", None)
        return {
            "title": application.title_ja, "title_en": application.title_en,
            "sector": application.sector_id, "prefectures": list(application.prefectures.all()),
            "partner_region": application.partner_region_id,
            "proposed_country": proposal.country_id if proposal else None,
            "proposed_name": proposal.name if proposal else "",
            "proposed_note": proposal.note if proposal else "",
        }


class ConsortiumMemberForm(ModelForm):
    # Text inputs: a number input would refuse full-width digits and thousands separators.
    capital_yen = LenientIntegerField(label=capfirst(_("stated capital (yen)")), min_value=0,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    employees = LenientIntegerField(label=capfirst(_("regular employees")), min_value=0,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    class Meta:
        model = ConsortiumMember
        fields = ["name", "corporate_number", "industry", "capital_yen", "employees",
                  "interest"]
        widgets = {"interest": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"corporate_number": _("13 digits (法人番号), optional."),
                      "industry": _("Decides the SME limits of the SME Basic Act.")}

    def clean_corporate_number(self):
        return unicodedata.normalize("NFKC", self.cleaned_data["corporate_number"]).strip()


class ConsortiumCsvForm(Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(
        label=_("…or paste the CSV text"), required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace", "wrap": "off"}))

    def clean(self):
        data = super().clean()
        uploaded = data.get("file")
        if uploaded:
            try:
                # The size first: a file over the cap is refused without being read.
                data["content"] = csv_io.decode(uploaded.read(csv_io.MAX_BYTES + 1))
            except forms.ValidationError as exc:
                self.add_error("file", exc)
                return data
        if not (data.get("content") or "").strip():
            raise forms.ValidationError(_("Choose a CSV file or paste its text."))
        return data


class CooperationForm(Form):
    objectives = forms.MultipleChoiceField(label=_("Objectives"), choices=Objective.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    objectives_other = forms.CharField(label=_("Other objective"), max_length=200,
                                       required=False)
    cooperation_summary = forms.CharField(label=_("Summary of the planned cooperation"),
                                          required=False, widget=forms.Textarea(attrs=TEXTAREA))
    start_date = forms.DateField(label=_("Project start"), required=False, widget=DateInput())
    duration_years = LenientIntegerField(
        label=_("Duration (years)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "w-auto"}))

    def __init__(self, *args, max_years: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_years = max_years
        self.fields["duration_years"].help_text = _("1 to %(max)d years.") % {"max": max_years}
        for year in range(1, max_years + 1):
            self.fields[f"year_{year}"] = forms.CharField(
                label=_("Activities in project year %(n)d") % {"n": year}, required=False,
                widget=forms.Textarea(attrs=TEXTAREA))

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        initial = {name: getattr(application, name) for name in (
            "objectives", "objectives_other", "cooperation_summary", "start_date",
            "duration_years")}
        for plan in application.year_plans.all():
            initial[f"year_{plan.year}"] = plan.activities
        return initial

    def year_plans(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(f"year_{year}", "")
                for year in range(1, self.max_years + 1)}

    def year_fields(self):
        return [self[f"year_{year}"] for year in range(1, self.max_years + 1)]


class ProspectsForm(ModelForm):
    class Meta:
        model = Application
        fields = ["c2_industry_development", "c2_new_products", "c2_business_tieups"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "c2_industry_development": _("How will the collaboration develop the region's "
                                         "industries or technologies?"),
            "c2_new_products": _("Which new products or technologies could result?"),
            "c2_business_tieups": _("Which business tie-ups between firms of the two "
                                    "regions do you expect?"),
        }


class SummaryField(forms.CharField):
    """An English summary: line breaks count as one character, as the counter shows them."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class EnglishSummaryForm(Form):
    """The English summaries written in one section of the form (applications/english.py),
    each marked as required by the call or optional; a live counter (static/js/portal.js)
    shows the characters left."""

    def __init__(self, *args, application: Application, section: str, **kwargs):
        self.specs = summaries_in_section(section)
        initial = {spec.code: getattr(application, spec.field) for spec in self.specs}
        super().__init__(*args, initial=initial, prefix="en", **kwargs)
        required = set(required_summaries(application.call))
        for spec in self.specs:
            self.fields[spec.code] = SummaryField(
                label=EnglishSummary(spec.code).label, required=False,
                max_length=SUMMARY_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 4, "lang": "en",
                                             "data-char-count": SUMMARY_MAX_CHARS}),
                help_text=(_("Required by this call, for the reviewers of the overseas office. "
                             "At most %(n)s characters.") if spec.code in required
                           else _("Optional: helps the reviewers of the overseas office, who "
                                  "read English. At most %(n)s characters."))
                % {"n": f"{SUMMARY_MAX_CHARS:,}"})

    @property
    def has_fields(self) -> bool:
        return bool(self.fields)


class PriorContactForm(Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    form = forms.ChoiceField(label=_("Form of contact"), choices=ContactForm.choices)
    people = forms.CharField(label=_("People involved"), max_length=300)
    description = forms.CharField(label=_("What happened"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class PartnerRequestForm(Form):
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_organisation = forms.CharField(label=_("Contact's organisation"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the request"), choices=partner_languages.choices,
        initial=partner_languages.ENGLISH, required=False,
        help_text=_("The e-mail is written in it; the partner's page opens in the browser's "
                    "language and offers the others."))

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or partner_languages.ENGLISH


class PartnerLetterForm(Form):
    file = forms.FileField(label=_("PDF file"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class AttachmentForm(PartnerLetterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    field_order = ["kind", "file"]


class PartnerAnswerForm(Form):
    """The partner's answer (in the partner's language: rit_portal/partner_languages.py)."""

    answer = forms.ChoiceField(
        label=_("Your answer"), widget=forms.RadioSelect,
        choices=[("confirm", _("We confirm our interest in this collaboration")),
                 ("decline", _("We decline"))])
    message = forms.CharField(label=_("Short message (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class WithdrawForm(Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class InformationRequestForm(Form):
    """HQ asks the applicant for more information (the form opens again for them)."""

    note = forms.CharField(label=_("Information needed"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Sent to the applicant organisation by e-mail."))
    reply_by = forms.DateTimeField(
        label=_("Reply by (Japan time)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class SubmitForm(Form):
    """The applicant confirms what is sent; answering a request for more information, they
    also write their answer (required then)."""

    answer = forms.CharField(
        label=_("Your answer to the programme office"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what you changed or give the information asked for. The programme "
                    "office and the reviewers read it on the application's history."))
    confirm = forms.BooleanField(
        label=_("I have checked the application shown on this page and may submit it on "
                "behalf of my organisation."),
        error_messages={"required": _("Confirm that the application may be submitted.")})

    def __init__(self, *args, answering: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if answering:
            self.fields["answer"].required = True
            self.fields["answer"].error_messages["required"] = _(
                "Answer the programme office's request: say what you changed or add the "
                "information.")
        else:
            del self.fields["answer"]


# --- Calls (HQ) and the public eligibility self-check -------------------------------------

# Seconds matter: `closes_at` is the last second at which a submission is accepted.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class JapanDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "1", **(attrs or {})}, format=DATETIME_FORMAT)


class CallForm(ModelForm):
    """Every field of a call. Dates are typed and shown in Japan time (the site's zone)."""

    focus_sectors = RecordMultipleChoiceField(
        queryset=Sector.objects.filter(parent__isnull=True).order_by("-is_focus", "position",
                                                                     "code"),
        required=False, widget=forms.CheckboxSelectMultiple, label=_("focus sectors"),
        help_text=_("A focus, not a limit: applications from other sectors remain welcome."),
    )

    english_summaries = forms.MultipleChoiceField(
        label=_("English summaries the applicant must give"), required=False,
        choices=EnglishSummary.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("For the reviewers of the overseas offices, who read English. Each is "
                    "short (at most 1,000 characters) and part of the completeness "
                    "checklist."))

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


def yes_no_field(label) -> forms.TypedChoiceField:
    """A required yes/no question answered with radio buttons; cleans to a bool."""
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "yes",
                                  widget=forms.RadioSelect)


class SelfCheckForm(Form):
    """The eligibility questions of the public call page (answered with GET, no login)."""

    is_japanese_organisation = yes_no_field(
        _("Will a Japanese organisation (a regional business association, chamber of "
          "commerce and industry, regional government or industrial cluster) apply on "
          "behalf of the companies?"))
    companies_contacted = yes_no_field(
        _("Have you contacted local companies that wish to collaborate with companies "
          "in the foreign region?"))
    consortium_size = forms.IntegerField(
        label=_("How many companies will take part in the consortium?"), min_value=0,
        max_value=10_000)
    clear_prospects = yes_no_field(
        _("Will the collaboration develop your region's industries or technologies, "
          "leading to new products or business tie-ups?"))
    prior_contact = yes_no_field(
        _("Has your region had contact with the foreign region before (visits, "
          "meetings, events)?"))
    partner_interest = yes_no_field(
        _("Can the foreign region confirm its interest in collaborating?"))
    duration_years = forms.IntegerField(
        label=_("How many years would the project run?"), min_value=1, max_value=99)


# --- Partner regions proposed by applicants (HQ) --------------------------------------------


class ProposedRegionConfirmForm(Form):
    partner_region = forms.TypedChoiceField(
        label=_("Match to an existing partner region"), required=False, coerce=int,
        empty_value=None,
        help_text=_("Or leave empty and enter the names of a new partner region below."),
    )
    name_ja = forms.CharField(label=_("New region: name (Japanese)"), required=False,
                              max_length=200)
    name_en = forms.CharField(label=_("New region: name (English)"), required=False,
                              max_length=200)
    iso_code = forms.ChoiceField(
        label=_("New region: ISO 3166-2 subdivision"), required=False,
        help_text=_("Where the region is a subdivision of its country; names left empty "
                    "are taken from ISO 3166-2."))

    def __init__(self, *args, proposal, regions: list[PartnerRegion], **kwargs):
        """`regions`: the reference regions of the proposal's country (read once per page)."""
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions}
        self.fields["partner_region"].choices = [("", "---------")] + [
            (region.pk, region.name) for region in regions]
        self.fields["name_en"].initial = proposal.name
        self.fields["iso_code"].choices = [("", "---------")] + [
            (item.code, f"{item.code} {item.name_en}")
            for item in subdivisions_of(proposal.country.iso2)]

    def clean_partner_region(self) -> PartnerRegion | None:
        pk = self.cleaned_data["partner_region"]
        return None if pk is None else self.regions[pk]

    def clean(self):
        data = super().clean()
        named = data.get("iso_code") or (data.get("name_ja", "").strip()
                                         and data.get("name_en", "").strip())
        if not data.get("partner_region") and not named:
            self.add_error("name_ja", _("Choose an existing region, or enter both names of "
                                        "the new one."))
        return data
