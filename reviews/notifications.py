"""E-mails of the review process. Sent from Celery tasks after the transaction commits."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import ApplicantOrganisation, User
from applications.models import Application, Call

from .enums import REMINDER_DAYS_BEFORE_DEADLINE, ReminderKind
from .models import DecisionNotice, ReminderLog, ReviewAssignment
from .selectors import applications_missing_reviewers, assignment_is_open


def _send(template: str, context: dict, recipients: list[str], language: str) -> None:
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"reviews/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reviews/email/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def decisions_published_send(*, organisation_id: int, application_ids: list[int]) -> int:
    """One e-mail to the organisation (its contact and active members) with its outcomes,
    once per publication: a repeated task finds the notice recorded and sends nothing.
    Returns the number of e-mails sent (0 or 1)."""
    organisation = ApplicantOrganisation.objects.get(pk=organisation_id)
    applications = list(Application.objects.filter(pk__in=application_ids,
                                                    organisation_id=organisation_id,
                                                    decision_published_at__isnull=False)
                        .select_related("call").order_by("reference"))
    if not applications:
        return 0
    recipients = sorted({organisation.contact_email,
                         *organisation.members.filter(is_active=True)
                         .values_list("email", flat=True)} - {""})
    language = organisation.preferred_language
    with translation.override(language):
        name = organisation.name  # the bilingual accessor, in the mail's language
    notice = DecisionNotice(organisation=organisation,
                            published_at=max(a.decision_published_at for a in applications))
    return int(_send_once(record=notice, template="decisions_published",
                          context={"organisation_name": name, "applications": applications},
                          recipients=recipients, language=language))


def _send_once(*, record: DecisionNotice | ReminderLog, template: str, context: dict,
               recipients: list[str], language: str) -> bool:
    """Save `record` (its unique key says what was sent) and send the e-mail, in one
    transaction: a failed send saves nothing, so the next run tries again; a repeated or
    concurrent run finds the key taken (it waits on it) and sends nothing. True when sent.
    """
    try:
        with transaction.atomic():
            record.save()
            _send(template, context, recipients, language)
    except IntegrityError:
        return False
    return True


def _remind_once(*, kind: str, call: Call, recipient: User, day: dt.date, template: str,
                 context: dict) -> bool:
    """Send one reminder unless this kind already went to `recipient` for `call` on `day`."""
    return _send_once(record=ReminderLog(kind=kind, call=call, recipient=recipient, day=day),
                      template=template, context=context, recipients=[recipient.email],
                      language=recipient.language)


def review_deadline_reminders_send(*, now=None) -> int:
    """Remind each reviewer with open reviews of a call whose review deadline falls within
    the next few days; at most once per reviewer, call and (Japan) day. Returns e-mails sent.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = now + dt.timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE)
    sent = 0
    for call in Call.objects.filter(review_deadline__gte=now, review_deadline__lte=horizon):
        open_by_reviewer: dict[int, list] = {}
        assignments = (ReviewAssignment.objects.filter(application__call=call)
                       .select_related("reviewer", "application", "review"))
        for assignment in assignments:
            if assignment_is_open(assignment):
                open_by_reviewer.setdefault(assignment.reviewer_id, []).append(assignment)
        for rows in open_by_reviewer.values():
            reviewer = rows[0].reviewer
            if reviewer.is_active and _remind_once(
                    kind=ReminderKind.REVIEW_DEADLINE, call=call, recipient=reviewer, day=today,
                    template="review_deadline",
                    context={"call": call, "reviewer": reviewer,
                             "applications": [a.application for a in rows]}):
                sent += 1
    return sent


def missing_reviewers_reminders_send(*, now=None) -> int:
    """Tell HQ staff, once per call and day, which applications still lack reviewers."""
    today = timezone.localdate(now or timezone.now())
    by_call: dict[int, list[Application]] = {}
    for application in applications_missing_reviewers():
        by_call.setdefault(application.call_id, []).append(application)
    staff = list(User.objects.filter(role__in=[Role.HQ_STAFF, Role.SITE_ADMIN], is_active=True))
    sent = 0
    for rows in by_call.values():
        call = rows[0].call
        for person in staff:
            if _remind_once(kind=ReminderKind.MISSING_ASSIGNMENTS, call=call, recipient=person,
                            day=today, template="missing_reviewers",
                            context={"call": call, "applications": rows}):
                sent += 1
    return sent
