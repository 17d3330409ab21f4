"""Counting the visitors a promoter's shared link brought (applications.ReferralVisit):
one counter row per code, day and page, incremented in SQL; nothing about the visitor."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Call, ReferralVisit

# New codes a day may add rows for: anyone can type `?ref=anything`, so a flood of made-up
# codes stops adding rows here (codes already counted that day go on being counted).
MAX_NEW_ROWS_PER_DAY = 500


def referral_visit_record(*, source: str, call: Call | None = None) -> bool:
    """Count one visit brought by `source` today (Japan time) to `call`'s page (None: the
    front page). Returns whether it was counted (False once the day's row cap is reached
    for a code not yet seen that day)."""
    day = timezone.localdate()
    rows = ReferralVisit.objects.filter(source=source, day=day, call=call)
    if rows.update(visits=F("visits") + 1):
        return True
    if ReferralVisit.objects.filter(day=day).count() >= MAX_NEW_ROWS_PER_DAY:
        return False
    try:
        with transaction.atomic():
            ReferralVisit.objects.create(source=source, day=day, call=call, visits=1)
    except IntegrityError:  # another request created the row in between
        rows.update(visits=F("visits") + 1)
    return True
