"""Registration and invitation forms. Saving is done by accounts.services."""

import unicodedata

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import Kind
from notifications.services import notify
from regions.enums import OfficeKind
from regions.models import Country, JetroOffice, PartnerRegion, Prefecture
from rit_portal.conventions import bracketed
from rit_portal.forms import (
    FieldMessages,
    Form,
    ModelForm,
    RecordChoiceField,
    RecordMultipleChoiceField,
)

from .models import ApplicantOrganisation, User
from .offices import EDITABLE_KINDS, NEVER_OVERSEAS
from .services import (
    ENGLISH_REQUIRED,
    ORGANISATION_FIELDS,
    PROFILE_FIELDS,
    english_name_problems,
    registration_problems,
)

LANGUAGE_CHOICES = [("ja", "日本語"), ("en", "English")]


class EnglishNamesRequired:
    """The Latin-script names (accounts.services.english_name_problems, the rule's home):
    required on the form, the English title with a Japanese one, shown at their fields."""

    def require_english_names(self) -> None:
        for name in ENGLISH_REQUIRED:
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        title = english_name_problems(cleaned).get("representative_title_en")
        if title:
            self.add_error("representative_title_en", title)
        return cleaned


class OrganisationForm(EnglishNamesRequired, ModelForm):
    """The applicant organisation; the corporate number's check digit is verified."""

    prefecture = RecordChoiceField(queryset=Prefecture.objects.order_by("code"),
                                        label=_("Prefecture"))

    class Meta:
        model = ApplicantOrganisation
        fields = list(ORGANISATION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_english_names()

    def clean_corporate_number(self):
        # Full-width digits (common with Japanese input methods) are stored as ASCII.
        number = unicodedata.normalize("NFKC", self.cleaned_data["corporate_number"]).strip()
        problem = registration_problems(corporate_number=number).get("corporate_number")
        if problem:
            raise forms.ValidationError(problem, code="taken")
        return number


class OrganisationProfileForm(EnglishNamesRequired, ModelForm):
    """What the organisation's members keep current (accounts.services.PROFILE_FIELDS)."""

    class Meta:
        model = ApplicantOrganisation
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_english_names()


class PersonForm(Form):
    """The person's own details and password (first user of an organisation, or invitee)."""

    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def email_for_password_check(self) -> str:
        return ""

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(email=self.email_for_password_check(),
                         first_name=cleaned.get("first_name", ""),
                         last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class RegistrationPersonForm(PersonForm):
    email = forms.EmailField(label=_("Your e-mail address (login)"))

    field_order = ["email", "last_name", "first_name", "language", "password1", "password2"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        problem = registration_problems(email=email).get("email")
        if problem:
            raise forms.ValidationError(problem, code="taken")
        return email

    def email_for_password_check(self) -> str:
        return self.cleaned_data.get("email", "")


class InvitationAcceptForm(PersonForm):
    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["language"].initial = invitation.language

    def email_for_password_check(self) -> str:
        return self.invitation.email


class InvitationForm(Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"))


class PortalAuthenticationForm(FieldMessages, AuthenticationForm):
    """Django's login form, with the portal's field messages."""


# Django's own Japanese label writes a half-width bracket, 「新しいパスワード(確認用)」: the
# portal's catalogue writes it with full-width ones, as every Japanese label of the portal.
NEW_PASSWORD_AGAIN = _("New password (again)")


class PortalPasswordChangeForm(FieldMessages, PasswordChangeForm):
    """Django's password change form, with the portal's field messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = NEW_PASSWORD_AGAIN


class PortalSetPasswordForm(FieldMessages, SetPasswordForm):
    """Django's new-password form (after a reset), with the portal's field messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = NEW_PASSWORD_AGAIN


class PortalPasswordResetForm(FieldMessages, PasswordResetForm):
    """Django's reset form, its e-mail sent through the outbox like every other (in the
    user's language, after commit, and kept owed if the mail server refuses)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        notify(Kind.PASSWORD_RESET, to=context["user"], params={"user": context["user"].pk},
               once_for={"requested_at": timezone.now().isoformat()})


class SecondFactorForm(Form):
    code = forms.CharField(
        label=_("code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True}),
        help_text=_("The six digits your authenticator app shows, or one of your recovery "
                    "codes."))


class CurrentPasswordForm(Form):
    """The password asked again before the second factor changes (accounts.two_factor.
    password_confirm checks it)."""

    password = forms.CharField(
        label=_("your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Asked again before your second factor changes, however you confirmed "
                    "this session."))


class ReplaceSecondFactorForm(CurrentPasswordForm, SecondFactorForm):
    """Moving to another phone: the new app's code, then the password again."""

    field_order = ["code", "password"]


class OfficeStaffInvitationForm(Form):
    """HQ invites a staff member of a JETRO office in Japan."""

    email = forms.EmailField(label=_("E-mail address"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=None,
                                    empty_label=_("— choose —"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("ja", "日本語"), ("en", "English")],
        help_text=_("The staff member can change the portal's language at any time."))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


# --- HQ keeps the offices, their territories and the partner regions (accounts/offices.py) --

class OfficeForm(ModelForm):
    """An office's code (when created), names, kind, where it sits and its contact."""

    code = forms.RegexField(
        label=_("Code"), max_length=20, regex=r"^[A-Za-z0-9-]{2,20}$",
        error_messages={"invalid": _("Use 2 to 20 Latin letters, digits or hyphens (for "
                                     "example JP-SUWA or MEX).")},
        help_text=_("Never changes once the office exists."))

    class Meta:
        model = JetroOffice
        fields = ["code", "name_ja", "name_en", "kind", "prefecture", "city", "email", "phone"]
        field_classes = {"prefecture": RecordChoiceField}
        help_texts = {"prefecture": _("Offices in Japan: the prefecture the office sits in.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        if self.instance.pk and self.instance.kind not in EDITABLE_KINDS:
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = [(k.value, k.label) for k in EDITABLE_KINDS]
        self.fields["prefecture"].empty_label = _("— none —")

    def clean_code(self):
        return self.cleaned_data["code"].upper()


class _CoverageChoiceField(RecordMultipleChoiceField):
    """A prefecture or country, with the office covering it now."""

    def label_from_instance(self, obj):
        territory = getattr(obj, "domestic_territory", None) or getattr(obj, "territory", None)
        if territory is None:
            return _("%(name)s (covered by no office)") % {"name": obj.name}
        return f"{obj.name}{bracketed(territory.office.name)}"


class OfficeTerritoryForm(Form):
    """The prefectures (an office in Japan) or countries (an overseas office) it covers."""

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        if office.kind == OfficeKind.OVERSEAS:
            self.fields["countries"] = _CoverageChoiceField(
                label=_("Countries covered"), required=False,
                widget=forms.CheckboxSelectMultiple,
                queryset=(Country.objects.exclude(iso2__in=NEVER_OVERSEAS)
                          .select_related("territory__office").order_by("name_en")),
                help_text=_("A country ticked here moves from the office that covers it now."))
            self.initial.setdefault("countries", [t.country_id for t in
                                                  office.officeterritory_set.all()])
        else:
            self.fields["prefectures"] = _CoverageChoiceField(
                label=_("Prefectures covered"), required=False,
                widget=forms.CheckboxSelectMultiple,
                queryset=Prefecture.objects.select_related("domestic_territory__office"),
                help_text=_("A prefecture ticked here moves from the office that covers it "
                            "now."))
            self.initial.setdefault("prefectures", [t.prefecture_id for t in
                                                    office.domestic_territories.all()])


class PartnerRegionForm(ModelForm):
    """A partner region: its country, names in both languages, kind and ISO 3166-2 code."""

    class Meta:
        model = PartnerRegion
        fields = ["country", "name_ja", "name_en", "kind", "iso_code", "is_confirmed"]
        field_classes = {"country": RecordChoiceField}
        help_texts = {"iso_code": _("The subdivision's code where one exists (for example "
                                    "MX-JAL); empty for a whole country or a cluster."),
                      "is_confirmed": _("Applicants choose among confirmed regions only.")}
