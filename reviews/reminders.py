"""Which reminders are due (beat jobs); the e-mails go through notifications.notify.

Each reminder is recorded once per recipient, call and (Japan) day: running a job twice
on the same day records nothing new.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.models import Application, Call
from notifications.enums import Kind
from notifications.services import notify

from .enums import REMINDER_DAYS_BEFORE_DEADLINE
from .models import ReviewAssignment
from .selectors import (
    applications_missing_reviewers,
    assignment_is_open,
    digest_rows,
    open_assignments,
)


def _remind(kind: Kind, *, call: Call, to: User, day: dt.date,
            applications: list[Application], **params) -> bool:
    """Record one reminder unless this kind already went to `to` for `call` on `day`."""
    once_for = {"call": call.pk, "day": day.isoformat()}
    return notify(kind, to=to, about=applications, once_for=once_for,
                  params={**once_for, "applications": [a.pk for a in applications],
                          **params}) is not None


@transaction.atomic
def review_deadline_reminders(*, now=None) -> int:
    """Remind each reviewer with open reviews of a call whose review deadline falls within
    the next few days; at most once per reviewer, call and day. Returns reminders recorded.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = now + dt.timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE)
    recorded = 0
    for call in Call.objects.filter(review_deadline__gte=now, review_deadline__lte=horizon):
        open_by_reviewer: dict[int, list] = {}
        assignments = (ReviewAssignment.objects.filter(application__call=call)
                       .select_related("reviewer", "application", "review"))
        for assignment in assignments:
            if assignment_is_open(assignment):
                open_by_reviewer.setdefault(assignment.reviewer_id, []).append(assignment)
        for rows in open_by_reviewer.values():
            reviewer = rows[0].reviewer
            if reviewer.is_active and _remind(
                    Kind.REVIEW_DEADLINE, call=call, to=reviewer, day=today,
                    applications=[a.application for a in rows], reviewer=reviewer.pk):
                recorded += 1
    return recorded


@transaction.atomic
def missing_reviewers_reminders(*, now=None) -> int:
    """Tell HQ staff, once per call and day, which applications still lack reviewers."""
    today = timezone.localdate(now or timezone.now())
    by_call: dict[int, list[Application]] = {}
    for application in applications_missing_reviewers():
        by_call.setdefault(application.call_id, []).append(application)
    staff = list(User.objects.filter(role__in=[Role.HQ_STAFF, Role.SITE_ADMIN], is_active=True))
    recorded = 0
    for rows in by_call.values():
        for person in staff:
            if _remind(Kind.MISSING_REVIEWERS, call=rows[0].call, to=person, day=today,
                       applications=rows):
                recorded += 1
    return recorded


@transaction.atomic
def review_digests(*, now=None) -> int:
    """Send each active reviewer who has work outstanding a digest of it: every open
    assignment with its next step (declare conflicts, finish the draft, start) and review
    deadline. At most once per reviewer and (Japan) week; returns the digests recorded."""
    now = now or timezone.now()
    year, week, _day = timezone.localdate(now).isocalendar()
    by_reviewer: dict[int, list[int]] = {}
    for reviewer_id, assignment_id in open_assignments().values_list("reviewer_id", "pk"):
        by_reviewer.setdefault(reviewer_id, []).append(assignment_id)
    recorded = 0
    for reviewer in User.objects.filter(pk__in=by_reviewer).order_by("pk"):
        ids = sorted(by_reviewer[reviewer.pk])
        if not digest_rows(reviewer=reviewer, assignment_ids=ids):
            continue  # nothing they can open (outside their territory)
        once_for = {"week": f"{year}-W{week:02d}"}
        if notify(Kind.REVIEW_DIGEST, to=reviewer, once_for=once_for,
                  about=Application.objects.filter(review_assignments__pk__in=ids),
                  params={**once_for, "reviewer": reviewer.pk, "assignments": ids}):
            recorded += 1
    return recorded
