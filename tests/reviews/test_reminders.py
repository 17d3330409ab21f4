"""Celery beat reminders: reviewers before the deadline, HQ for missing reviewers; once a day.

The jobs record the reminders in the outbox; the e-mails go after commit (captured here).
"""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from notifications.enums import Kind, NotificationStatus
from notifications.models import Notification
from notifications.tasks import sweep
from reviews.enums import ConflictStatus
from reviews.tasks import remind_missing_reviewers, remind_review_deadline
from tests.factories import CallFactory, UserFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def run(task) -> int:
    """Run the beat job and the commit that follows it (which sends what it recorded)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return task.delay().get()

NOW = dt.datetime(2027, 11, 2, 0, 0, tzinfo=dt.UTC)  # 09:00 JST


def test_settings_schedule_both_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reviews.remind_review_deadline", "reviews.remind_missing_reviewers"} <= tasks


@time_machine.travel(NOW, tick=False)
def test_reviewers_with_open_reviews_are_reminded_once_a_day():
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=2))
    open_one = AssignmentFactory(application__call=call)
    undeclared = AssignmentFactory(application__call=call,
                                   conflict_status=ConflictStatus.UNDECLARED)
    done = AssignmentFactory(application__call=call)
    submitted_review(done)
    AssignmentFactory(application__call=call, conflict_status=ConflictStatus.CONFLICT,
                      conflict_type="other", conflict_note="conflict")
    assert run(remind_review_deadline) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [open_one.reviewer.email, undeclared.reviewer.email])
    assert open_one.application.reference in next(
        m.body for m in mail.outbox if m.to == [open_one.reviewer.email])
    assert run(remind_review_deadline) == 0  # same day: idempotent
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert run(remind_review_deadline) == 2
    assert len(mail.outbox) == 4


@time_machine.travel(NOW, tick=False)
def test_no_reminder_while_the_deadline_is_far():
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=10))
    AssignmentFactory(application__call=call)
    assert run(remind_review_deadline) == 0


@time_machine.travel(NOW, tick=False)
def test_hq_is_told_of_applications_without_reviewers_once_a_day(hq_staff):
    UserFactory(role="hq_staff", is_active=False)
    application = SubmittedApplicationFactory()
    only_hq = AssignmentFactory(application__status=S.UNDER_REVIEW,
                                application__call=application.call)  # no office reviewer
    assert run(remind_missing_reviewers) == 1  # one e-mail for the call
    assert mail.outbox[0].to == [hq_staff.email]
    assert application.reference in mail.outbox[0].body
    assert only_hq.application.reference in mail.outbox[0].body
    assert run(remind_missing_reviewers) == 0
    assert timezone.localdate(NOW) == dt.date(2027, 11, 2)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert run(remind_missing_reviewers) == 1
    assert [m.to for m in mail.outbox] == [[hq_staff.email], [hq_staff.email]]


def test_the_day_is_the_japanese_calendar_day():
    """23:30 and 00:30 Japan time are two days: a second reminder; 00:30 and 08:59 are one."""
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=2))
    AssignmentFactory(application__call=call)
    late_evening = dt.datetime(2027, 11, 1, 14, 30, tzinfo=dt.UTC)  # 23:30 JST, 1 Nov
    sent = []
    for moment in (late_evening, late_evening + dt.timedelta(hours=1),
                   late_evening + dt.timedelta(hours=9, minutes=29)):
        with time_machine.travel(moment, tick=False):
            sent.append(run(remind_review_deadline))
    assert sent == [1, 1, 0]
    assert sorted(Notification.objects.values_list("params__day", flat=True)) == [
        "2027-11-01", "2027-11-02"]


@time_machine.travel(NOW, tick=False)
def test_a_failed_send_stays_owed_and_the_sweep_sends_it_once(hq_staff):
    call = CallFactory(review_deadline=NOW + dt.timedelta(days=2))
    assignment = AssignmentFactory(application__call=call)
    SubmittedApplicationFactory(call=call)  # lacks reviewers: HQ is told
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=OSError("mail server unreachable")):
        assert (run(remind_review_deadline), run(remind_missing_reviewers)) == (1, 1)
    assert mail.outbox == []
    assert sorted(Notification.objects.values_list("kind", "status", "last_error")) == [
        (Kind.MISSING_REVIEWERS, NotificationStatus.PENDING, "OSError: mail server unreachable"),
        (Kind.REVIEW_DEADLINE, NotificationStatus.PENDING, "OSError: mail server unreachable")]
    # The same day's job records nothing new; the sweep, once the retry is due, sends both.
    assert (run(remind_review_deadline), run(remind_missing_reviewers)) == (0, 0)
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        assert run(sweep) == 2
        assert run(sweep) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [assignment.reviewer.email, hq_staff.email])
    assert set(Notification.objects.values_list("status", flat=True)) == {
        NotificationStatus.SENT}


# --- The assignment e-mail and the weekly digest ------------------------------------------

def test_each_new_assignment_is_e_mailed_once(hq_staff):
    from reviews.services import application_assign_reviewers, assignment_remove
    from tests.reviews.factories import hq_reviewer, office_reviewer

    call = CallFactory(review_deadline=NOW + dt.timedelta(days=20))
    application = SubmittedApplicationFactory(call=call)
    hq, office = hq_reviewer(), office_reviewer(language="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_assign_reviewers(application=application, reviewers=[hq, office],
                                     by=hq_staff)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted([
        (hq.email, f"【RIT ポータル】申請 {application.reference} の審査のお願い"),
        (office.email, f"[RIT Portal] Application {application.reference} assigned to you "
                       "for review")])
    english = next(m for m in mail.outbox if m.to == [office.email])
    assert "Review deadline: 22 November 2027, 09:00 (Japan time)." in english.body
    assert f"/reviews/applications/{application.pk}/" in english.body
    # Assigning again changes nothing; withdrawn and assigned anew is a new assignment.
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_assign_reviewers(application=application, reviewers=[hq, office],
                                     by=hq_staff)
    assert mail.outbox == []
    extra = hq_reviewer()
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_assign_reviewers(application=application, reviewers=[extra], by=hq_staff)
        assignment_remove(assignment=application.review_assignments.get(reviewer=extra),
                          by=hq_staff)
        application_assign_reviewers(application=application, reviewers=[extra], by=hq_staff)
    assert [m.to for m in mail.outbox] == [[extra.email], [extra.email]]
    assert Notification.objects.filter(kind=Kind.REVIEW_ASSIGNED).count() == 4


@time_machine.travel(NOW, tick=False)
def test_the_weekly_digest_lists_what_is_due_once_a_week():
    from reviews.tasks import send_review_digests
    from tests.reviews.factories import office_reviewer

    call = CallFactory(review_deadline=NOW + dt.timedelta(days=9))
    reviewer = office_reviewer(language="en")
    undeclared = AssignmentFactory(application__call=call, reviewer=reviewer,
                                   conflict_status=ConflictStatus.UNDECLARED)
    started = AssignmentFactory(application__call=call, reviewer=reviewer)
    started_review = submitted_review(started)
    started_review.status = "draft"
    started_review.save()
    submitted_review(AssignmentFactory(application__call=call, reviewer=reviewer))  # done
    nothing_due = AssignmentFactory(application__call=call)
    submitted_review(nothing_due)
    assert run(send_review_digests) == 1
    (digest,) = mail.outbox
    assert (digest.to, digest.subject) == ([reviewer.email], "[RIT Portal] 2 reviews due")
    lines = [line.strip() for line in digest.body.splitlines() if line.strip()]
    assert lines[2:6] == [
        f"- {undeclared.application.reference} “{undeclared.application.title}”",
        "Next: declare whether you have a conflict of interest. Due by 11 November 2027, 09:00 "
        "(Japan time).",
        f"http://127.0.0.1:8000/reviews/applications/{undeclared.application_id}/",
        f"- {started.application.reference} “{started.application.title}”"]
    assert "Next: complete and submit your draft review." in digest.body
    # Later the same week: nothing new; the next Monday, a new digest.
    assert timezone.localdate(NOW).isoweekday() == 2
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        assert run(send_review_digests) == 0
    with time_machine.travel(NOW + dt.timedelta(days=6), tick=False):
        assert run(send_review_digests) == 1


def test_the_digest_is_scheduled_weekly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reviews-send-review-digests"]
    assert (entry["task"], str(entry["schedule"].day_of_week)) == (
        "reviews.send_review_digests", "{1}")
