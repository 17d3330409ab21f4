"""Money display: whole yen with separators, and the euro equivalent at a call's rate."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from sponsorship.services import yen as yen_text

register = template.Library()


@register.filter
def yen(amount) -> str:
    """¥1,234,567 (yen have no minor unit)."""
    if amount in (None, ""):
        return ""
    return yen_text(int(amount))


@register.filter
def eur(amount, rate) -> str:
    """The euro equivalent of `amount` yen at `rate` yen per euro, to the whole euro."""
    if amount in (None, "") or not rate:
        return ""
    euros = (Decimal(int(amount)) / Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"€{int(euros):,}"


@register.filter
def marked(bound_field):
    """The field's widget, outlined in red (Bootstrap's is-invalid) when it has errors."""
    if not bound_field.errors:
        return bound_field
    classes = bound_field.field.widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{classes} is-invalid",
                                        "aria-invalid": "true"})
