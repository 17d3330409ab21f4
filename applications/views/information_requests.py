"""HQ follows its requests for more information: awaited, overdue, answered, answered late."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from rit_portal.pagination import paginate

from .. import selectors
from ..models import Call


@login_required
def information_requests(request):
    """Every request, newest first, optionally of one call (`?call=<pk>`)."""
    if not request.user.has_perm("applications.manage_calls"):
        raise Http404  # the programme office's page does not exist for anyone else
    calls = list(Call.objects.order_by("-fiscal_year", "-opens_at"))
    chosen = next((c for c in calls if str(c.pk) == request.GET.get("call")), None)
    exchanges = selectors.information_exchanges(call=chosen)
    # Requests are few (a handful per call): paired in memory, then shown a page at a time.
    return render(request, "applications/hq/information_requests.html", {
        "calls": calls, "chosen": chosen, "page": paginate(exchanges, params=request.GET),
        "awaited": sum(1 for e in exchanges if e.answer is None),
        "late": sum(1 for e in exchanges if e.late),
    })
