"""Field validators of the projects app: names as in passports, airport codes."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Apart from letters, what a name in a passport's visual zone may hold.
_NAME_MARKS = set(" -'.")


def validate_latin_name(value: str) -> None:
    """Latin letters (accents allowed: Müller, Brontë), spaces, hyphens, apostrophes and
    full stops, as printed in a passport; travel agencies and visa offices need it so."""
    for ch in value:
        if ch in _NAME_MARKS:
            continue
        if not (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")):
            raise ValidationError(
                _("Write the name in Latin letters exactly as in the passport (e.g. MÜLLER); "
                  "“%(char)s” is not a Latin letter."), code="not_latin",
                params={"char": ch})


validate_airport_code = RegexValidator(
    r"^[A-Z]{3}\Z", _("Enter the airport's three-letter IATA code, e.g. HND or FRA."),
    code="airport")
