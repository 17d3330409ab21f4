"""What the programme covers: the one table of cost categories accepted per activity.

From DOMAIN.md ("What sponsorship covers"). Used by CostLine.clean (so every write
checks it), by the cost proposal form and CSV import (through full_clean), and shown to
applicants as guidance on the cost proposal page.

"Other" is accepted only for seminars and symposiums, whose covered costs are
"organisation costs: venue, interpretation and the like" (e.g. printing of materials,
equipment hire); the lists for business matching and networking are exhaustive.
Consultancy is provided by JETRO staff and is never a cost line.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .enums import Activity as A
from .enums import CostCategory as C

COVERED_CATEGORIES: dict[str, tuple[str, ...]] = {
    A.MATCHING_IN_JAPAN: (C.INTERNATIONAL_AIRFARE, C.TRANSPORT_JAPAN, C.ACCOMMODATION,
                          C.INTERPRETATION, C.VENUE),
    A.NETWORKING_ABROAD: (C.INTERNATIONAL_AIRFARE, C.INTERPRETATION, C.VENUE),
    A.SEMINAR_JAPAN: (C.VENUE, C.INTERPRETATION, C.OTHER),
    A.SEMINAR_ABROAD: (C.VENUE, C.INTERPRETATION, C.OTHER),
}

# Who the activity's costs are for, shown next to the table.
ACTIVITY_NOTES = {
    A.MATCHING_IN_JAPAN: gettext_lazy("Foreign experts invited to Japan for a seminar or to "
                                      "consult companies: their travel, stay and meetings."),
    A.NETWORKING_ABROAD: gettext_lazy("The Japanese delegation sent to the partner region: "
                                      "flights and meetings there (no accommodation)."),
    A.SEMINAR_JAPAN: gettext_lazy("Organisation costs of the event: venue, interpretation "
                                  "and the like (“Other” for printing, equipment hire)."),
    A.SEMINAR_ABROAD: gettext_lazy("Organisation costs of the event: venue, interpretation "
                                   "and the like (“Other” for printing, equipment hire)."),
}
NOT_A_COST_LINE = gettext_lazy("Consultancy (investment information through events and the "
                               "Invest Japan hotline) is provided by JETRO staff and is not a "
                               "cost line.")


def is_covered(*, activity: str, category: str) -> bool:
    return category in COVERED_CATEGORIES.get(activity, ())


def refusal_reason(*, activity: str, category: str) -> str:
    """Why `category` is not accepted for `activity`, or "" when it is covered. An empty
    or unknown activity or category is "" too: its own field says it is missing or
    unknown."""
    if (activity not in COVERED_CATEGORIES or category not in C.values
            or is_covered(activity=activity, category=category)):
        return ""
    separator = pgettext("list separator", ", ")
    covered = separator.join(str(C(c).label) for c in COVERED_CATEGORIES[activity])
    return _("“%(category)s” is not covered for “%(activity)s”; the programme covers "
             "%(covered)s for this activity.") % {
        "category": C(category).label, "activity": A(activity).label, "covered": covered}


def guidance_rows() -> list[dict]:
    """The table for applicants: each activity with each category covered or not."""
    return [
        {"activity": A(activity).label, "note": ACTIVITY_NOTES[activity],
         "cells": [category in covered for category in C.values]}
        for activity, covered in COVERED_CATEGORIES.items()
    ]


def year_refusal(*, year: int | None, duration_years: int | None) -> str:
    """Why a line's project year does not fit the project's duration, or ""."""
    if year is None or duration_years is None or 1 <= year <= duration_years:
        return ""
    return _("Year %(year)d is outside the project's duration of %(n)d year(s); change the "
             "year or the duration in the overview.") % {"year": year, "n": duration_years}
