"""Validation of Japanese corporate numbers (法人番号)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def corporate_number_check_digit(body: str) -> int:
    """Check digit over the 12-digit body, per the National Tax Agency's formula.

    Digits are numbered P1..P12 from the right; Q = 1 for odd n, 2 for even n;
    check digit = 9 - (sum(Pn * Qn) mod 9).
    """
    total = 0
    for n, ch in enumerate(reversed(body), start=1):
        total += int(ch) * (1 if n % 2 else 2)
    return 9 - (total % 9)


def validate_corporate_number(value: str) -> None:
    """Raise ValidationError unless `value` is 13 digits with a correct leading check digit."""
    if not value:
        return
    # ASCII digits only: str.isdigit() also accepts "፩" or "١", which int() refuses or reads.
    if len(value) != 13 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("A corporate number has exactly 13 digits."), code="format")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("The check digit of this corporate number is wrong; please check the number."),
            code="check_digit",
        )
