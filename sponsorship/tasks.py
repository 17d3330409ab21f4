"""Celery tasks of the sponsorship app: thin wrappers that take ids and call a service.

Settings make every task acknowledge late and be re-queued when its worker dies
(CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST): the services they call are
idempotent, so a second run changes nothing (the letter's e-mail goes through the outbox,
sent once). A message lost with the broker leaves the letter queued or rendering; beat's
requeue_stale_letters queues it again after letters.LETTER_STALE_AFTER, and HQ may retry.
"""

import logging

from celery import shared_task

# letter_pdf is imported here so that a worker's parent process loads WeasyPrint once,
# before forking its children.
from . import letter_pdf  # noqa: F401
from .board_jobs import board_job_run, board_jobs_requeue_stale
from .letters import award_letter_produce, award_letter_record_error, award_letters_requeue_stale

logger = logging.getLogger(__name__)

# Attempts after the first one, waiting 5 s, 10 s, 20 s, 40 s (exponential backoff).
RENDER_MAX_RETRIES = 4
RENDER_RETRY_BASE_SECONDS = 5


def produce_with_retries(task, *, letter_id: int, produce, record_error, what: str):
    """The body of every letter task (award letters here, the projects app's amendment and
    closing letters): `produce(letter_id=...)`; on failure note it on the letter
    (`record_error(letter_id=, error=, final=)`) and retry with backoff, then mark it
    failed for HQ to see and retry."""
    try:
        letter = produce(letter_id=letter_id)
    except Exception as exc:  # any failure is retried, then shown to HQ
        final = task.request.retries >= task.max_retries
        record_error(letter_id=letter_id, error=f"{type(exc).__name__}: {exc}", final=final)
        if final:
            logger.exception("%s %s failed after %s attempts", what, letter_id,
                             task.request.retries + 1)
            return "failed"
        retry = task.retry(exc=exc, countdown=RENDER_RETRY_BASE_SECONDS * 2 ** task.request.retries,
                           throw=False)
        if task.request.is_eager:
            # In-process (no broker), where a raised Retry would propagate: returning it
            # makes apply() run the retry at once.
            return retry
        raise retry from exc
    return letter.status


# A render takes about 0.2 s (docs/benchmarks.md) and 10 s at worst without HarfBuzz's
# subsetter (TECH-NOTES); the limits leave room for slow storage, and stop a stuck render.
@shared_task(bind=True, name="sponsorship.render_award_letter", max_retries=RENDER_MAX_RETRIES,
             soft_time_limit=60, time_limit=90)
def render_award_letter(self, *, letter_id: int):
    """Produce award letter `letter_id` (render, store, record its e-mail); retry with
    backoff, then mark it failed with the error for HQ to see and retry."""
    return produce_with_retries(self, letter_id=letter_id, produce=award_letter_produce,
                                record_error=award_letter_record_error, what="Award letter")


@shared_task(name="sponsorship.requeue_stale_letters", soft_time_limit=60, time_limit=90)
def requeue_stale_letters() -> int:
    return award_letters_requeue_stale()


# A task takes new groups for board_jobs.JOB_SLICE_SECONDS (30 s), then queues the job's next
# slice; the limits leave room for the last group (an organisation's approvals, seconds).
@shared_task(name="sponsorship.run_board_job", soft_time_limit=90, time_limit=120)
def run_board_job(*, job_id: int) -> str:
    """Run a slice of board job `job_id` (publication or bulk action): each item once."""
    return board_job_run(job_id=job_id).status


@shared_task(name="sponsorship.requeue_stale_board_jobs", soft_time_limit=60, time_limit=90)
def requeue_stale_board_jobs() -> int:
    return board_jobs_requeue_stale()
