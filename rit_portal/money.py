"""Money as the portal shows it: whole yen (no minor unit) with separators, and the euro
equivalent at a call's rate. The one home of the format, for Python (`yen(...)` in
messages) and templates (`{% load money %}` then `{{ amount|yen }}`, `{{ amount|eur:rate }}`;
the library is registered in settings.TEMPLATES)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


def yen(amount: int) -> str:
    """¥1,234,567."""
    return f"¥{amount:,}"


@register.filter(name="yen")
def yen_filter(amount) -> str:
    """¥1,234,567; empty for no amount."""
    if amount in (None, ""):
        return ""
    return yen(int(amount))


@register.filter
def eur(amount, rate) -> str:
    """The euro equivalent of `amount` yen at `rate` yen per euro, to the whole euro."""
    if amount in (None, "") or not rate:
        return ""
    euros = (Decimal(int(amount)) / Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"€{int(euros):,}"
