"""Form bases and fields shared by every app.

Choosing a record: Django's model choice fields look a posted id up in the database as it
is, so an id beyond the database's integers (`9223372036854775808`) or a non-number
reaches the query and fails it (a 500). These refuse such ids at the field, with the
field's usual "not one of the available choices" message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext

# Database keys are bigints: at most 19 digits, below 2**63.
_MAX_ID = 2**63 - 1


def _plausible_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= _MAX_ID


def record_id(value) -> int:
    """A record id posted or in a query string outside a form (`source=12`); 0, which no
    record has (a 404 where it is looked up), for anything else ("abc", "፩", 2**63)."""
    return int(str(value).strip()) if value is not None and _plausible_id(value) else 0


class RecordChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _plausible_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not _plausible_id(pk):
                raise ValidationError(self.error_messages["invalid_choice"],
                                      code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


# --- Field-specific "required" messages -------------------------------------------------
# Django's one message for every empty field ("This field is required.") says neither which
# field nor what to do. Every form of the portal derives from `Form` or `ModelForm` below
# (tests/project/test_form_errors.py checks it), whose fields say it in the reader's
# language: "Enter the name (Japanese)." / 「名称（日本語）を入力してください。」, choices
# "Choose …" / 「…を選んでください。」. A message a form sets itself is kept.

# Words kept capitalised when a label is put inside a sentence ("Enter the English summary").
_PROPER_WORDS = frozenset({"Japanese", "English", "Japan", "JETRO", "HQ", "Invest"})


# A label that starts with one of these takes no "the" ("Enter your password").
_DETERMINERS = frozenset({"your", "the", "a", "an", "this", "its", "their", "our", "each"})


def _in_sentence(label: str) -> str:
    """The label as it reads inside an English sentence: its first word lower-cased unless
    it is a name or an abbreviation ("Email address" → "email address", "PDF file" kept)."""
    word = label.split(" ", 1)[0]
    if not word or word in _PROPER_WORDS or any(c.isupper() for c in word[1:]) or len(word) == 1:
        return label
    return label[0].lower() + label[1:]


def _is_question(label: str) -> bool:
    return label.rstrip().endswith(("?", "？"))


def _required_message(field: forms.Field, name: str) -> str:
    """The message shown when `field` is left empty (evaluated in the reader's language)."""
    label = str(field.label if field.label is not None else pretty_name(name)).rstrip(":：")
    chooses = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if not label:
        return (gettext("Choose an option.") if chooses else gettext("Enter a value."))
    if isinstance(field, forms.BooleanField):
        return gettext("Tick this box to continue.")
    if _is_question(label):
        return gettext("Choose an answer.") if chooses else gettext("Enter an answer.")
    if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
        return gettext("Enter a date and time for “%(label)s”.") % {"label": label}
    if isinstance(field, forms.DateField):
        return gettext("Enter a date for “%(label)s”.") % {"label": label}
    # Lower-cased inside an English sentence only (a German noun keeps its capital).
    english = (translation.get_language() or "")[:2] == "en"
    phrase = {"label": _in_sentence(label) if english else label}
    if label.split(" ", 1)[0].lower() in _DETERMINERS:  # "Enter your password."
        if isinstance(field, forms.FileField):
            return gettext("Upload %(label)s.") % phrase
        return (gettext("Choose %(label)s.") if chooses else gettext("Enter %(label)s.")) % phrase
    if isinstance(field, forms.FileField):
        return gettext("Upload the %(label)s.") % phrase
    if chooses:
        return gettext("Choose the %(label)s.") % phrase
    return gettext("Enter the %(label)s.") % phrase


def _default_required(field: forms.Field) -> set[str]:
    """Django's own "required" messages along the field's classes (any language)."""
    defaults = set()
    for cls in type(field).__mro__:
        message = vars(cls).get("default_error_messages", {}).get("required")
        if message is not None:
            defaults.add(str(message))
    return defaults


class FieldMessages:
    """Gives each field of the form its own "required" message (see above)."""

    def full_clean(self):
        # At validation rather than construction: forms add fields in their own __init__.
        for name, field in self.fields.items():
            if str(field.error_messages.get("required", "")) in _default_required(field):
                field.error_messages["required"] = lazy(_required_message, str)(field, name)
        super().full_clean()


class Form(FieldMessages, forms.Form):
    """Every plain form of the portal."""


class ModelForm(FieldMessages, forms.ModelForm):
    """Every model form of the portal."""
