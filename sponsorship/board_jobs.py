"""Board jobs: HQ's actions on many applications of a call (the publication of the
decisions, the selection board's bulk actions), run by a Celery job with a progress page.

The request (`decisions_publication_start`, `board_action_start`) checks at once what HQ
must see refused on the board, records the job with one item per application, queues the
task `sponsorship.run_board_job` after commit and returns: the job's page shows how far it
has come. Without a broker (the embedded default) the task runs in-process at commit.

Exactly once, and resumable after a crash:
- the task works through the pending items in order (`board_job_run`). Each group of items
  (one application; for a publication, one organisation's applications, which get one
  e-mail) is done in ONE transaction that locks the job row first, does the work (through
  decisions.py) and marks the items processed. A crash (a SIGKILLed worker, a lost
  database) rolls the whole group back, and it stays pending; a second runner of the same
  job (a message delivered again, the sweep) waits for the lock, then finds the group
  processed and goes on to the next;
- a task runs for about JOB_SLICE_SECONDS, then queues its own continuation (the next
  slice may run on another worker, and no task nears its time limit);
- each group done moves `status_changed_at`: a job queued or running with no progress for
  JOB_STALE_AFTER has lost its task, and beat's `sponsorship.requeue_stale_board_jobs`
  (rit_portal.queueing.requeue_stale) queues it again;
- a refusal (the workflow's, the envelope's: ValidationError) is recorded on the item with
  its message, in the requester's language; an unexpected error marks the group failed
  with the error and the job goes on; a job with a failed item ends FAILED, and HQ may
  retry it (its failed items run again).
"""

import datetime as dt
import logging
import os
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application, Call
from rit_portal.permissions import ONLY_HQ, require
from rit_portal.queueing import enqueue_on_commit, notice_deferred, requeue_stale

from .decisions import application_decide, decisions_to_publish, organisation_decisions_publish
from .enums import BOARD_JOB_IN_PROGRESS, BoardJobKind, BoardJobStatus
from .enums import BoardJobItemStatus as Item
from .models import BoardJob, BoardJobItem

logger = logging.getLogger(__name__)

# A task stops taking new groups after this long and queues the job's next slice.
JOB_SLICE_SECONDS = 30.0
# No progress for this long: the job's task was lost (far above a group's few seconds and
# the wait of a continuation behind the letters and e-mails the slice queued). Running a
# job twice is harmless, so the sweep may err on the early side.
JOB_STALE_AFTER = dt.timedelta(seconds=settings.BOARD_JOB_STALE_SECONDS)
ERROR_MAX_CHARS = 2000

# Test hook, read once per process: RIT_TEST_BOARD_JOB_DELAY=<seconds> makes every group wait
# that long after its work, before its commit, so that a test can SIGKILL a worker in the
# middle of one (tests/sponsorship/test_board_jobs_worker.py). Never set elsewhere: 0, a no-op.
TEST_GROUP_DELAY = float(os.environ.get("RIT_TEST_BOARD_JOB_DELAY") or 0)


# --- Starting a job (the request) -----------------------------------------------------------

def _enqueue(job_id: int) -> None:
    enqueue_on_commit("sponsorship.run_board_job", job_id=job_id,
                      on_failure=lambda error: _queue_refused(job_id))


def _queue_refused(job_id: int) -> None:
    """The broker refused the job: the next sweep queues it (it is stale at once), and the
    person who asked is told it waits."""
    BoardJob.objects.filter(pk=job_id, status__in=BOARD_JOB_IN_PROGRESS).update(
        status_changed_at=timezone.now() - JOB_STALE_AFTER - dt.timedelta(seconds=1))
    notice_deferred(_("The work is recorded and will start as soon as the task queue answers "
                      "again; its page shows the progress."))


def _job_record(*, call: Call, by, kind: str, applications: list[Application], group_of,
                action: str = "", reason: str = "") -> BoardJob:
    job = BoardJob(call=call, kind=kind, action=action, reason=reason, requested_by=by,
                   language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
                   total=len(applications))
    job.full_clean()
    job.save()
    BoardJobItem.objects.bulk_create([
        BoardJobItem(job=job, application=application, group=group_of(application),
                     position=position)
        for position, application in enumerate(applications)])
    _enqueue(job.pk)
    return job


@transaction.atomic
def decisions_publication_start(*, call: Call, by) -> BoardJob:
    """Record the publication of every decided, unpublished application of `call` as a job
    and queue it (HQ only). Refused at once (ValidationError) when there is nothing to
    publish, while a feedback is not written (decisions.decisions_to_publish), or while an
    earlier publication of the call is still under way."""
    require(by, "sponsorship.decide", message=ONLY_HQ)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.board_jobs.filter(kind=BoardJobKind.PUBLISH,
                              status__in=BOARD_JOB_IN_PROGRESS).exists():
        raise ValidationError(_("The decisions of this call are being published already: "
                                "wait until that publication has finished."))
    applications = decisions_to_publish(call=call)
    return _job_record(call=call, by=by, kind=BoardJobKind.PUBLISH, applications=applications,
                       group_of=lambda application: application.organisation_id)


@transaction.atomic
def board_action_start(*, call: Call, applications: list[Application], by, action: str,
                       reason: str = "") -> BoardJob:
    """Record one selection board action (decisions.application_decide) on each of
    `applications`, in their order, as a job and queue it (HQ only)."""
    require(by, "sponsorship.decide", message=ONLY_HQ)
    return _job_record(call=call, by=by, kind=BoardJobKind.DECIDE, applications=applications,
                       group_of=lambda application: application.pk, action=action,
                       reason=reason.strip())


def applications_publish_decisions(*, call: Call, by) -> list[Application]:
    """Publish `call`'s decisions now, in this process: the publication job started and run
    here to its end (the demo's loader; tests). Returns the applications published."""
    with transaction.atomic():
        job = decisions_publication_start(call=call, by=by)
        board_job_run(job_id=job.pk, seconds=None)
    return [item.application for item in job.items.filter(status=Item.DONE)
            .select_related("application").order_by("application_id")]


# --- Running it (the task) --------------------------------------------------------------------

def _publish(job: BoardJob, applications: list[Application]) -> dict[int, tuple[str, str]]:
    left = organisation_decisions_publish(call=job.call, application_ids=[a.pk for a in
                                                                           applications],
                                          by=job.requested_by)
    return {a.pk: (Item.SKIPPED, left[a.pk]) if a.pk in left else (Item.DONE, "")
            for a in applications}


def _decide(job: BoardJob, applications: list[Application]) -> dict[int, tuple[str, str]]:
    (application,) = applications
    application_decide(application=application, by=job.requested_by, action=job.action,
                       reason=job.reason)
    return {application.pk: (Item.DONE, "")}


# What a job of each kind does to one group of its applications: {application id:
# (item status, message)}; a refusal raises ValidationError or PermissionDenied.
WORK = {BoardJobKind.PUBLISH: _publish, BoardJobKind.DECIDE: _decide}


def _refusal_text(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _items_processed(job: BoardJob, items: list[BoardJobItem],
                     outcomes: dict[int, tuple[str, str]]) -> None:
    """Mark `items` processed and count them on the job (the caller holds the job's lock,
    in the transaction of their work)."""
    now = timezone.now()
    for item in items:
        item.status, item.message = outcomes[item.application_id]
        item.message = item.message[:ERROR_MAX_CHARS]
        item.processed_at = now
    BoardJobItem.objects.bulk_update(items, ["status", "message", "processed_at"])
    job.processed += len(items)
    job.status_changed_at = now
    job.save(update_fields=["processed", "status_changed_at"])


def _next_group(job: BoardJob) -> list[BoardJobItem]:
    first = job.items.filter(status=Item.PENDING).order_by("position").first()
    if first is None:
        return []
    return list(job.items.filter(status=Item.PENDING, group=first.group)
                .select_related("application").order_by("position"))


def _group_done(job_id: int) -> bool:
    """Do the next pending group of the job in one transaction with its items' markers;
    False when nothing is pending (or the job has finished)."""
    group: list[BoardJobItem] = []
    try:
        with transaction.atomic():
            job = (BoardJob.objects.select_for_update(of=("self",))
                   .select_related("call", "requested_by").get(pk=job_id))
            group = [] if not job.in_progress else _next_group(job)
            if not group:
                return False
            try:
                with transaction.atomic():
                    outcomes = WORK[job.kind](job, [item.application for item in group])
            except (ValidationError, PermissionDenied) as exc:
                outcomes = {item.application_id: (Item.REFUSED, _refusal_text(exc))
                            for item in group}
            if TEST_GROUP_DELAY:
                time.sleep(TEST_GROUP_DELAY)
            _items_processed(job, group, outcomes)
        return True
    except SoftTimeLimitExceeded:
        raise  # the task is out of time: the group stays pending for the next run
    except Exception as exc:  # noqa: BLE001 - any other failure is recorded on its items
        if not group:
            raise
        logger.exception("Board job %s: applications %s failed", job_id,
                         [item.application_id for item in group])
        error = f"{type(exc).__name__}: {exc}"
        with transaction.atomic():
            job = BoardJob.objects.select_for_update().get(pk=job_id)
            pending = list(BoardJobItem.objects.filter(
                pk__in=[item.pk for item in group], status=Item.PENDING))
            _items_processed(job, pending, {item.application_id: (Item.FAILED, error)
                                            for item in pending})
        return True


def _finish(job_id: int) -> BoardJob:
    with transaction.atomic():
        job = BoardJob.objects.select_for_update().get(pk=job_id)
        if job.in_progress and not job.items.filter(status=Item.PENDING).exists():
            failed = job.items.filter(status=Item.FAILED).exists()
            job.status = BoardJobStatus.FAILED if failed else BoardJobStatus.DONE
            job.finished_at = job.status_changed_at = timezone.now()
            job.save(update_fields=["status", "finished_at", "status_changed_at"])
            logger.info("Board job %s %s: %s applications", job.pk, job.status, job.total)
    return job


def board_job_run(*, job_id: int, seconds: float | None = JOB_SLICE_SECONDS) -> BoardJob:
    """Work through the job's pending items, group by group (see the module's docstring),
    for about `seconds` (None: to the end), then queue the job's next slice if items are
    left, or mark it finished (DONE, or FAILED when an item failed). Safe to call on a
    finished job (nothing happens) and beside another runner of the same job."""
    with transaction.atomic():
        job = BoardJob.objects.select_for_update().get(pk=job_id)
        if not job.in_progress:
            return job
        job.status, job.status_changed_at = BoardJobStatus.RUNNING, timezone.now()
        job.runs += 1
        job.save(update_fields=["status", "status_changed_at", "runs"])
    deadline = None if seconds is None else time.monotonic() + seconds
    with translation.override(job.language):
        while _group_done(job_id):
            if (deadline is not None and time.monotonic() >= deadline
                    and job.items.filter(status=Item.PENDING).exists()):
                _enqueue(job_id)  # the next slice
                return BoardJob.objects.get(pk=job_id)
    return _finish(job_id)


# --- Retry and the sweep ----------------------------------------------------------------------

def board_job_is_stale(job: BoardJob, *, now: dt.datetime | None = None) -> bool:
    """Queued or running, with no progress for longer than JOB_STALE_AFTER."""
    return job.in_progress and job.status_changed_at <= (now or timezone.now()) - JOB_STALE_AFTER


def board_job_retryable(job: BoardJob, *, now: dt.datetime | None = None) -> bool:
    """A failed job (its failed items run again) or a stale one (queued again)."""
    return job.status == BoardJobStatus.FAILED or board_job_is_stale(job, now=now)


@transaction.atomic
def board_job_retry(*, job: BoardJob, by) -> BoardJob:
    """Queue again a failed job, its failed items pending again, or a stale one (HQ only).
    Items already processed are never done again."""
    require(by, "sponsorship.decide", message=ONLY_HQ)
    job = BoardJob.objects.select_for_update().get(pk=job.pk)
    if not board_job_retryable(job):
        minutes = max(1, round(JOB_STALE_AFTER.total_seconds() / 60))
        raise ValidationError(ngettext(
            "Only a failed job, or one that has made no progress for %(minutes)d minute, can "
            "be retried.",
            "Only a failed job, or one that has made no progress for %(minutes)d minutes, can "
            "be retried.", minutes) % {"minutes": minutes})
    again = job.items.filter(status=Item.FAILED).update(status=Item.PENDING, message="",
                                                     processed_at=None)
    job.processed -= again
    job.status, job.status_changed_at, job.finished_at = (BoardJobStatus.QUEUED,
                                                          timezone.now(), None)
    job.save(update_fields=["processed", "status", "status_changed_at", "finished_at"])
    _enqueue(job.pk)
    return job


def board_jobs_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every job whose task was lost (queued or running with no progress for
    JOB_STALE_AFTER). Returns how many."""
    now = now or timezone.now()
    return requeue_stale(BoardJob, in_progress=BOARD_JOB_IN_PROGRESS,
                         stale_before=now - JOB_STALE_AFTER, pending=BoardJobStatus.QUEUED,
                         enqueue_one=_enqueue, now=now)
