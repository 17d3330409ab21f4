"""The outbox with PostgreSQL, Redis and real Celery workers: a broker that is down when
the applicant submits and HQ publishes, and a worker killed in the middle of a send."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.mail import organisation_recipients
from applications.enums import ApplicationStatus as S
from applications.services import application_submit
from notifications.enums import Kind, NotificationStatus
from notifications.models import Notification
from notifications.tasks import sweep
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import BoardJobStatus, DecisionMode, LetterStatus
from sponsorship.letter_pdf import letter_reference
from sponsorship.models import AwardLetter, BoardJob
from sponsorship.tasks import requeue_stale_board_jobs
from tests.applications.builders import applicant_of, complete_application
from tests.conftest import (
    celery_broker,
    closed_port,
    mail_subject,
    wait_for,
    worker_mails,
)
from tests.factories import CallFactory, OrganisationFactory
from tests.project.test_timeouts import MAIL_FOLLOWS
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def mails(mail_dir: Path) -> list[str]:
    """The messages the workers' file backend wrote, as text."""
    return [message.as_string() for message in worker_mails(mail_dir)]


def envelopes(mail_dir: Path) -> list[tuple[str, str]]:
    """(To, Subject) of every message the workers sent."""
    return [(message["To"], mail_subject(message)) for message in worker_mails(mail_dir)]


def statuses() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("kind", "status"))


def test_broker_down_submit_and_publish_commit_and_every_email_follows_once(
        client, celery_worker_process, media, hq_staff):
    call = CallFactory(fiscal_year=2028)
    draft = complete_application(call=CallFactory(fiscal_year=2027))
    applicant = applicant_of(draft.organisation)
    approved = reviewed_application(call=call, status=S.ELIGIBLE,
                                    organisation=OrganisationFactory(preferred_language="en"))
    CostLineFactory(application=approved)
    sponsorship_decide(application=approved, by=hq_staff, mode=DecisionMode.FULL)
    waitlisted = reviewed_application(call=call, status=S.WAITLISTED)

    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0"):
        client.force_login(applicant)
        submit = client.post(reverse("applications:submit", args=[draft.pk]), {"confirm": "on"},
                             follow=True)
        client.force_login(hq_staff)
        publish = client.post(reverse("sponsorship:publish", args=[call.pk]), follow=True)

    draft.refresh_from_db()
    assert (submit.status_code, draft.status) == (200, S.SUBMITTED)
    # The broker refused: each page says what was done, and what is owed.
    assert [str(m) for m in submit.context["messages"]] == [
        f"Your application has been submitted with reference {draft.reference}. "
        "A confirmation e-mail is on its way.", MAIL_FOLLOWS]
    # The publication is recorded as a job that waits for the broker (its page says so).
    job = BoardJob.objects.get()
    assert [str(m) for m in publish.context["messages"]] == [
        "The work is recorded and will start as soon as the task queue answers again; its "
        "page shows the progress."]
    assert (publish.context["job"], job.status) == (job, BoardJobStatus.QUEUED)
    assert statuses() == [(Kind.APPLICATION_SUBMITTED, NotificationStatus.PENDING)]

    # The broker is back. Beat's jobs, run through Redis by a real worker, send what is
    # owed at once and queue the publication again (stale since the broker refused it): the
    # worker publishes, and every e-mail and the letter follow.
    celery_worker_process(MEDIA_ROOT=str(media))
    assert sweep.delay().get(timeout=60) == 1
    assert requeue_stale_board_jobs.delay().get(timeout=60) == 1
    wait_for(lambda: len(statuses()) == 4 and {s for _k, s in statuses()} == {
        NotificationStatus.SENT}, timeout=90)
    assert sweep.delay().get(timeout=60) == 0  # nothing is owed any more
    assert BoardJob.objects.get().status == BoardJobStatus.DONE

    letter = AwardLetter.objects.get()
    letter.refresh_from_db()
    assert (letter.status, letter.emailed_at is not None) == (LetterStatus.READY, True)
    assert sorted(envelopes(celery_worker_process.mail_dir)) == sorted([
        (", ".join(organisation_recipients(draft.organisation)),
         f"【RIT ポータル】申請 {draft.reference} を受け付けました"),
        (approved.organisation.contact_email, "[RIT Portal] FY2028 selection results"),
        (approved.organisation.contact_email,
         f"[RIT Portal] Award letter {letter_reference(letter)}"),
        (waitlisted.organisation.contact_email, "【RIT ポータル】2028年度 選考結果のお知らせ"),
    ])


def test_a_worker_killed_mid_send_loses_no_email_and_doubles_none(celery_worker_process):
    application = complete_application()
    # The first worker pauses after rendering, before handing the message to the server.
    slow = celery_worker_process(RIT_TEST_SEND_DELAY="30")
    with transaction.atomic():
        application_submit(application=application, by=applicant_of(application.organisation))
    notification = Notification.objects.get()
    wait_for(lambda: Notification.objects.get(pk=notification.pk).attempts == 1, timeout=60)
    slow.kill()
    assert mails(celery_worker_process.mail_dir) == []
    notification.refresh_from_db()
    assert (notification.status, notification.sent_at) == (NotificationStatus.PENDING, None)

    # The dead worker's transaction is gone (its row lock with it). The e-mail is still
    # owed: a fresh worker sends it, once -- either because the sweep finds it, or because
    # Redis hands the killed worker's unacknowledged message back first (the test's
    # visibility timeout is short), in which case the sweep finds nothing left to do.
    def unlocked() -> bool:
        with transaction.atomic():
            return Notification.objects.select_for_update(skip_locked=True).filter(
                pk=notification.pk).exists()

    wait_for(unlocked, timeout=30)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    celery_worker_process()
    assert sweep.delay().get(timeout=60) in (0, 1)
    wait_for(lambda: Notification.objects.get(pk=notification.pk).status
             == NotificationStatus.SENT, timeout=60)
    notification.refresh_from_db()
    assert notification.attempts == 2
    sent = mails(celery_worker_process.mail_dir)
    assert len(sent) == 1
    assert application.reference in sent[0]
    # The killed worker's message, delivered again later, or another sweep: nothing more.
    from notifications.tasks import send_notification

    assert send_notification.delay(notification_id=notification.pk).get(timeout=60) is False
    assert sweep.delay().get(timeout=60) == 0
    assert len(mails(celery_worker_process.mail_dir)) == 1
