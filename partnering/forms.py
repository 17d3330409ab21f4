"""The forms of partnering: validation and presentation only (the views call the services).
Every label is marked for translation: the public form is read in the foreign contact's
language."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Call
from applications.selectors import calls_public
from regions.models import Country, PartnerRegion, Prefecture, Sector
from rit_portal.forms import Form, RecordChoiceField, RecordMultipleChoiceField

from .enums import IntroductionOutcome, RegistrantKind, Seeking
from .models import DESCRIPTION_MAX_CHARS


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class InterestForm(Form):
    """What a foreign region says of itself (public form; the office's edit form too)."""

    organisation_name = forms.CharField(
        label=_("Your organisation"), max_length=200,
        help_text=_("The development agency, cluster, chamber or government registering."))
    organisation_kind = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("— choose —")), *RegistrantKind.choices])
    country = RecordChoiceField(label=_("Country"), queryset=Country.objects.exclude(iso2="JP"),
                                empty_label=_("— choose —"))
    partner_region = RecordChoiceField(
        label=_("Region"), required=False, empty_label=_("— not in the list —"),
        queryset=PartnerRegion.objects.filter(is_confirmed=True).select_related("country"),
        help_text=_("If your region is not in the list, write its name below."))
    region_name = forms.CharField(label=_("Region (if not in the list)"), max_length=200,
                                  required=False)
    sectors = RecordMultipleChoiceField(label=_("Sectors"), widget=_checkboxes(),
                                        queryset=Sector.objects.order_by("position", "code"))
    seeking = forms.MultipleChoiceField(
        label=_("What your region seeks"), choices=Seeking.choices, widget=_checkboxes(),
        error_messages={"required": _("Choose what your region seeks.")})
    prefectures = RecordMultipleChoiceField(
        label=_("Preferred Japanese prefectures (if any)"), required=False,
        queryset=Prefecture.objects.all(), widget=_checkboxes())
    description = forms.CharField(
        label=_("Short description"), max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your region's industries and what you hope a Japanese partner region "
                    "brings (at most 2,000 characters)."))
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("We send a link to this address: open it to confirm the registration."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_region"].label_from_instance = (
            lambda region: f"{region.country.name} – {region.name}")

    def clean(self):
        data = super().clean()
        region, country = data.get("partner_region"), data.get("country")
        if region is not None and country is not None and region.country_id != country.pk:
            self.add_error("partner_region", _("This region is not in the country chosen."))
        if region is None and not (data.get("region_name") or "").strip() \
                and "region_name" not in self.errors:
            self.add_error("region_name", _("Choose your region from the list or write its "
                                            "name."))
        return data

    def values(self) -> dict:
        """The cleaned data as the services take it."""
        return dict(self.cleaned_data)


class InterestEditForm(InterestForm):
    """HQ or the covering office edits an interest (the confirmed address stays)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["contact_email"]
        self.fields["organisation_name"].label = _("Organisation")
        self.fields["organisation_name"].help_text = ""


def _languages():
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class OnBehalfForm(InterestForm):
    """The office registers an interest on the region's behalf after a visit."""

    contact_language = forms.ChoiceField(label=_("Contact's language"), choices=_languages,
                                         initial="en")
    visit_note = forms.CharField(
        label=_("The visit"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say when and where you met the region.")},
        help_text=_("When and where you met the region: this stands in for the address "
                    "confirmation."))
    publish = forms.BooleanField(label=_("Publish it in the directory now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].label = _("Organisation")
        self.fields["organisation_name"].help_text = ""
        self.fields["contact_email"].help_text = _(
            "No confirmation link is sent: you met the region.")


class RejectForm(Form):
    reason = forms.CharField(label=_("Reason (e-mailed to the region)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Give the reason: the region "
                                                           "reads it.")})


class AccessForm(Form):
    email = forms.EmailField(label=_("Contact e-mail"),
                             help_text=_("The address you registered with."))


class DirectoryFilterForm(Form):
    """The directory's filters (GET); each may be left empty."""

    sector = RecordChoiceField(label=_("Sector"), required=False, empty_label=_("All sectors"),
                               queryset=Sector.objects.order_by("position", "code"))
    country = RecordChoiceField(label=_("Country"), required=False,
                                empty_label=_("All countries"),
                                queryset=Country.objects.exclude(iso2="JP"))
    seeking = forms.ChoiceField(label=_("Sought"), required=False,
                                choices=[("", _("Anything"))] + Seeking.choices)


class IntroductionForm(Form):
    sector = RecordChoiceField(label=_("Sector of your consortium"),
                               queryset=Sector.objects.order_by("position", "code"),
                               empty_label=_("— choose —"))
    message = forms.CharField(
        label=_("Your message to the region"), max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who you are, the firms of your consortium and what you propose. The "
                    "region and the JETRO office covering it receive it."))


class OutcomeForm(Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IntroductionOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class StartApplicationForm(Form):
    call = RecordChoiceField(label=_("Call"), queryset=Call.objects.none(),
                             empty_label=_("— choose —"))
    title = forms.CharField(label=_("Project title"), max_length=200,
                            help_text=_("You can change it later."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The calls open now (application_create refuses any other in any case).
        self.fields["call"].queryset = calls_public().filter(opens_at__lte=timezone.now())
