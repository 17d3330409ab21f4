"""Which reminders of the application's own cycle are due (beat jobs); the e-mails go
through notifications.notify, which sends each once."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from notifications.enums import Kind
from notifications.services import notify

from .selectors import information_requests_open

# Days before a request's reply-by date on which the applicant is reminded (once).
INFORMATION_REMINDER_DAYS_BEFORE = 3


@transaction.atomic
def information_request_reminders(*, now=None) -> int:
    """Remind each applicant organisation of a request for more information that is still
    unanswered when its reply-by date is less than INFORMATION_REMINDER_DAYS_BEFORE days
    away (and not yet past). Once per request, however often the job runs; returns the
    reminders recorded."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=INFORMATION_REMINDER_DAYS_BEFORE)
    recorded = 0
    for request in information_requests_open().filter(reply_by__gt=now, reply_by__lte=horizon):
        if notify(Kind.INFO_REMINDER, to=request.application.organisation,
                  about=request.application, params={"status_change": request.pk}):
            recorded += 1
    return recorded
