"""How a held value reads on the person's page, HQ's request page and the PDF: times in
Japan time (rit_portal.conventions.stamp), yes/no, a dash for nothing."""

import datetime as dt

from django import template
from django.utils.translation import gettext

from rit_portal.conventions import stamp

register = template.Library()


@register.filter
def held(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, dt.date):  # a datetime too
        return stamp(value)
    return str(value)
