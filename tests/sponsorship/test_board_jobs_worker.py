"""A publication through real Celery workers and Redis, on PostgreSQL: the worker running
it is SIGKILLed in the middle of a step, and the publication still ends with each
application published once, one decision e-mail per organisation and one award letter
(and its e-mail) per approval: nothing lost, nothing doubled."""

from pathlib import Path

import pytest
from django.db import transaction

from applications.enums import ApplicationStatus as S
from notifications.enums import Kind, NotificationStatus
from notifications.models import Notification
from projects.models import Project
from sponsorship.board_jobs import JOB_STALE_AFTER, decisions_publication_start
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import BoardJobItemStatus, BoardJobStatus, DecisionMode
from sponsorship.models import AwardLetter, BoardJob
from sponsorship.tasks import requeue_stale_board_jobs
from tests.conftest import mail_subject, wait_for, worker_mails
from tests.factories import CallFactory, OrganisationFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPROVALS = 6


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def subjects(mail_dir: Path) -> list[str]:
    return [mail_subject(message) for message in worker_mails(mail_dir)]


def processed(job_id: int) -> int:
    return BoardJob.objects.get(pk=job_id).processed


def test_a_worker_killed_mid_publication_loses_and_doubles_nothing(
        celery_worker_process, media, hq_staff):
    call = CallFactory(fiscal_year=2027, budget_envelope=10**12)
    approvals = []
    for _ in range(APPROVALS):
        application = reviewed_application(call=call, status=S.ELIGIBLE,
                                           organisation=OrganisationFactory(
                                               preferred_language="en"))
        CostLineFactory(application=application)
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
        approvals.append(application)
    # Each step of the first worker waits 3 s before it commits: time to kill it inside one.
    slow = celery_worker_process(MEDIA_ROOT=str(media), RIT_TEST_BOARD_JOB_DELAY="3")
    with transaction.atomic():
        job = decisions_publication_start(call=call, by=hq_staff)
    wait_for(lambda: processed(job.pk) >= 2, timeout=120)
    slow.kill()
    done_before = processed(job.pk)
    assert 2 <= done_before < APPROVALS
    assert call.applications.filter(decision_published_at__isnull=False).count() == done_before

    # A fresh worker; beat's sweep (run here once the job counts as stale) or Redis giving
    # the killed worker's message back (the fixture's short visibility timeout) resumes it.
    celery_worker_process(MEDIA_ROOT=str(media))
    BoardJob.objects.filter(pk=job.pk).update(
        status_changed_at=job.requested_at - JOB_STALE_AFTER)
    assert requeue_stale_board_jobs.delay().get(timeout=60) in (0, 1)
    wait_for(lambda: BoardJob.objects.get(pk=job.pk).status == BoardJobStatus.DONE,
             timeout=120)
    wait_for(lambda: AwardLetter.objects.filter(emailed_at__isnull=False).count() == APPROVALS
             and not Notification.objects.exclude(status=NotificationStatus.SENT).exists(),
             timeout=300)

    job.refresh_from_db()
    assert (job.processed, job.runs >= 2) == (APPROVALS, True)
    assert set(job.items.values_list("status", flat=True)) == {BoardJobItemStatus.DONE}
    assert call.applications.filter(decision_published_at__isnull=False).count() == APPROVALS
    assert Notification.objects.filter(kind=Kind.DECISIONS_PUBLISHED).count() == APPROVALS
    assert AwardLetter.objects.count() == Project.objects.count() == APPROVALS
    assert len(list((media / "letters").rglob("*.pdf"))) == APPROVALS
    sent = subjects(celery_worker_process.mail_dir)
    letters = [s for s in sent if s.startswith("[RIT Portal] Award letter ")]
    assert (len(sent), len(letters), len(set(letters))) == (2 * APPROVALS, APPROVALS, APPROVALS)
    assert sent.count("[RIT Portal] FY2027 selection results") == APPROVALS
