"""HQ follows its requests for more information: awaited, overdue, answered, answered late."""

from django.shortcuts import render

from rit_portal.gates import gate
from rit_portal.pagination import paginate

from .. import selectors
from ..models import Call


@gate("applications.manage_calls")
def information_requests(request):
    """Every request, newest first, optionally of one call (`?call=<pk>`)."""
    calls = list(Call.objects.order_by("-fiscal_year", "-opens_at"))
    chosen = next((c for c in calls if str(c.pk) == request.GET.get("call")), None)
    exchanges = selectors.information_exchanges(call=chosen)
    # Requests are few (a handful per call): paired in memory, then shown a page at a time.
    return render(request, "applications/hq/information_requests.html", {
        "calls": calls, "chosen": chosen, "page": paginate(exchanges, params=request.GET),
        "awaited": sum(1 for e in exchanges if e.answer is None),
        "late": sum(1 for e in exchanges if e.late),
    })
