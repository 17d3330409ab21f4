"""Form fields shared by every app.

Choosing a record: Django's model choice fields look a posted id up in the database as it
is, so an id beyond the database's integers (`9223372036854775808`) or a non-number
reaches the query and fails it (a 500). These refuse such ids at the field, with the
field's usual "not one of the available choices" message.
"""

from django import forms
from django.core.exceptions import ValidationError

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
