"""Copies for the JETRO office in Japan of what concerns its prefectures' organisations.

Each active staff member of the office covering the organisation's prefecture is sent a
copy (Kind.OFFICE_COPY) of the application's submission and of the publication of its
decision, in the staff member's own language, in the transaction of the change.
"""

from accounts.selectors import office_staff_covering
from notifications.enums import Kind
from notifications.services import notify

from ..models import Application

SUBMITTED, DECISION_PUBLISHED = "submitted", "decision_published"


def office_copy_record(*, application: Application, what: str, once_for: dict) -> int:
    """Record the copy `what` (SUBMITTED or DECISION_PUBLISHED) for every active staff
    member of the covering office, once per `once_for`; return how many were recorded."""
    recorded = 0
    for member in office_staff_covering(application.organisation):
        if notify(Kind.OFFICE_COPY, to=member, about=application,
                  params={"what": what, "application": application.pk},
                  once_for={"what": what, "application": application.pk, **once_for}):
            recorded += 1
    return recorded
