"""Form display of the sponsorship pages (money is rit_portal.money's `yen` and `eur`)."""

from django import template

register = template.Library()


@register.filter
def marked(bound_field):
    """The field's widget, outlined in red (Bootstrap's is-invalid) when it has errors."""
    if not bound_field.errors:
        return bound_field
    classes = bound_field.field.widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{classes} is-invalid",
                                        "aria-invalid": "true"})
