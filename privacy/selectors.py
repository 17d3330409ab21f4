"""Reads of the privacy app for its pages."""

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from .holdings import matching
from .models import DataRequest, Provision

# The FY part of a provision's subject: "RIT-FY2027-0042 · Y1" (projects' provision.py).
CALL_PREFIX = "RIT-FY"


def data_requests() -> QuerySet[DataRequest]:
    """Every personal data request: open ones first, then the latest closed; newest first."""
    return (DataRequest.objects.select_related("recorded_by", "closed_by")
            .order_by(F("closed_at").desc(nulls_first=True), "-received_at", "-pk"))


def data_request_for_user(*, user, pk: int) -> DataRequest:
    """The request `pk` for someone who answers requests; 404 for anyone else or none."""
    if not user.has_perm("privacy.answer_requests"):
        raise Http404
    request = data_requests().filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def provision_years() -> list[int]:
    """The calls (fiscal years) the recorded provisions are about, newest first: one
    query over the subjects' FY part."""
    start = len(CALL_PREFIX) + 1
    prefixes = (Provision.objects.filter(subject__startswith=CALL_PREFIX)
                .annotate(year=Substr("subject", start, 4)).order_by("-year")
                .values_list("year", flat=True).distinct())
    return [int(year) for year in prefixes if year.isdigit()]


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in Japan time (the portal's time zone)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def provisions(*, call: int | None = None, project: str = "", recipient_kind: str = "",
               since: dt.date | None = None, until: dt.date | None = None,
               name: str = "") -> QuerySet[Provision]:
    """The record of provisions to third parties, newest first, filtered: by call (its
    fiscal year) or project (reference number), both read from the subject the provision
    recorded ("RIT-FY2027-0042 · …"); by recipient; by the days (Japan time, both
    included); by a traveller's name among the people provided (normalised as HQ's
    search compares names: privacy.holdings.matching)."""
    found = Provision.objects.select_related("by")
    if call:
        found = found.filter(subject__startswith=f"{CALL_PREFIX}{call}-")
    if project:
        found = found.filter(Q(subject=project) | Q(subject__startswith=f"{project} "))
    if recipient_kind:
        found = found.filter(recipient_kind=recipient_kind)
    if since:
        found = found.filter(at__gte=_day_start(since))
    if until:
        found = found.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    if name:
        found = matching(found, name, "people")
    return found.order_by("-at", "-pk")
