"""Copies for the JETRO office in Japan of what concerns its prefectures' organisations.

Each active staff member of the office covering the organisation's prefecture is sent a
copy (Kind.OFFICE_COPY) in the staff member's own language (the User addressee), in the
transaction of the change: the application's submission, the publication of its decision,
and the reminders of the sponsored project's progress report (due soon, late), which the
projects app records through the same function (its services/reminders.py).
"""

from accounts.selectors import office_staff_covering
from notifications.enums import Kind
from notifications.services import notify

from ..models import Application

SUBMITTED, DECISION_PUBLISHED = "submitted", "decision_published"
# The project's progress report: a copy of each reminder the organisation is sent. Their
# params carry the report's year and due date (what the copy says) and the project's id.
REPORT_DUE_SOON, REPORT_LATE = "report_due_soon", "report_late"
REPORT_REMINDERS = (REPORT_DUE_SOON, REPORT_LATE)


def office_copy_record(*, application: Application, what: str, once_for: dict,
                       details: dict | None = None) -> int:
    """Record the copy `what` (SUBMITTED, DECISION_PUBLISHED, REPORT_DUE_SOON or
    REPORT_LATE) for every active staff member of the covering office, once per
    `once_for`; `details` (JSON-able) go into its params. Return how many were recorded."""
    recorded = 0
    for member in office_staff_covering(application.organisation):
        if notify(Kind.OFFICE_COPY, to=member, about=application,
                  params={"what": what, "application": application.pk, **(details or {})},
                  once_for={"what": what, "application": application.pk, **once_for}):
            recorded += 1
    return recorded
