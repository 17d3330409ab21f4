"""Status badges: one table per status enum says each value's colour; `{% status_badge %}`
prints the label in the reader's language with that colour, on every page.

    # <app>/enums.py, beside the enum
    status_badges(ReportStatus, {ReportStatus.ACCEPTED: "success", …},
                  shown_as=["projects.ProgressReport.status"])

    {# any template (a builtin: no {% load %}) #}
    {% status_badge report %}                         the object's `status`
    {% status_badge report "standing" testid="standing" %}   another attribute

`shown_as` names the attributes ("app_label.Model.attribute", an annotation or a property
as well as a field) whose values the table colours. Templates never compare a status with
a literal to choose a colour (tests/project/test_templates.py fails on any): what a status
permits is an ability (`may`), its look is this table.
"""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html

# Bootstrap's badge colours (text-bg-<colour>); "light" gets a border to stay visible.
COLOURS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")


@dataclass(frozen=True)
class BadgeTable:
    enum: type
    colours: dict[str, str]
    default: str
    labels: dict  # shorter labels for badges, where the enum's would be long

    def css(self, value) -> str:
        colour = self.colours.get(str(value), self.default)
        return f"text-bg-{colour}" + (" border" if colour == "light" else "")

    def label(self, value) -> str:
        if str(value) in self.labels:
            return str(self.labels[str(value)])
        try:
            return str(self.enum(value).label)
        except ValueError:  # a value the enum no longer has: show it rather than fail
            return str(value)


_TABLES: dict[str, BadgeTable] = {}


def status_badges(enum, colours: dict, *, shown_as, default: str = "secondary",
                  labels: dict | None = None) -> BadgeTable:
    """Register the colour of each value of `enum` (`default` for those not listed) for
    the attributes named in `shown_as` ("app_label.Model.attribute"); `labels`: a badge's
    own label for some values (else the enum's)."""
    labels = {str(value): label for value, label in (labels or {}).items()}
    unknown = ({str(v) for v in colours} | set(labels)) - set(enum.values)
    if unknown or not set(colours.values()) | {default} <= set(COLOURS):
        raise ValueError(f"status_badges({enum.__name__}): unknown values or colours")
    table = BadgeTable(enum, {str(value): colour for value, colour in colours.items()},
                       default, labels)
    for name in shown_as:
        _TABLES[name.lower()] = table
    return table


def badge_table(obj, attribute: str = "status") -> BadgeTable:
    key = f"{obj._meta.label}.{attribute}".lower()
    try:
        return _TABLES[key]
    except KeyError:
        raise LookupError(f"No status_badges table is registered for {key}") from None


register = template.Library()


@register.simple_tag
def status_badge(obj, attribute: str = "status", testid: str = ""):
    """The badge of `obj`'s `attribute`: its label, coloured by its enum's table."""
    value = getattr(obj, attribute)
    table = badge_table(obj, attribute)
    if testid:
        return format_html('<span class="badge {}" data-status="{}" data-testid="{}">{}</span>',
                           table.css(value), value, testid, table.label(value))
    return format_html('<span class="badge {}" data-status="{}">{}</span>', table.css(value),
                       value, table.label(value))
