"""The cost proposal's items of the application's completeness checklist.

Registered at start-up (apps.py) into applications.completeness.CHECKLIST_ITEMS, so the
same checks show on the checklist and refuse a submission.
"""

from django.db.models import BigIntegerField, Count, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.completeness import ChecklistItem
from applications.models import Application
from rit_portal.money import yen

from .models import CostLine

SECTION = "costs"


def cost_proposal_checklist(*, application: Application) -> list[ChecklistItem]:
    """At least one line; every line within the project's years; total within the cap.

    One query (an aggregate over the lines).
    """
    call = application.call
    duration = application.duration_years
    figures = CostLine.objects.filter(application=application).aggregate(
        count=Count("id"), last_year=Max("year"),
        total=Coalesce(Sum("total"), Value(0), output_field=BigIntegerField()))
    items = [ChecklistItem(
        SECTION, _("Cost proposal with at least one line"),
        "" if figures["count"] else _("Enter at least one cost line."))]
    if figures["count"]:
        beyond = duration is not None and figures["last_year"] > duration
        items.append(ChecklistItem(
            SECTION, _("Cost lines within the project's years"),
            _("Some cost lines are for a year after the project's last year (%(n)d); change "
              "their year or the duration.") % {"n": duration} if beyond else ""))
    if call.cost_cap is not None:
        over = figures["total"] > call.cost_cap
        items.append(ChecklistItem(
            SECTION, _("Total within the call's cost cap of %(cap)s") % {"cap": yen(call.cost_cap)},
            _("The cost proposal totals %(total)s, which is %(over)s over the call's cap of "
              "%(cap)s; reduce it before submitting.")
            % {"total": yen(figures["total"]), "over": yen(figures["total"] - call.cost_cap),
               "cap": yen(call.cost_cap)} if over else ""))
    return items
