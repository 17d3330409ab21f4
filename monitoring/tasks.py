"""Celery tasks of the monitoring app: thin wrappers that take ids and call a service.

As the award letters' (sponsorship.tasks): acknowledged late and re-queued when a worker
dies; the service is idempotent, so a second run of a ready report changes nothing. A lost
message leaves the report queued or being produced; beat's requeue_stale_reports queues it
again after services.REPORT_STALE_AFTER, and HQ may retry it.
"""

import logging

from celery import shared_task

from .services import (
    annual_report_produce,
    annual_report_record_error,
    annual_reports_requeue_stale,
    export_job_produce,
    export_job_record_error,
    export_jobs_requeue_stale,
    figures_refresh_all,
)

logger = logging.getLogger(__name__)

# Attempts after the first one, waiting 10 s, 20 s, 40 s.
REPORT_MAX_RETRIES = 3
REPORT_RETRY_BASE_SECONDS = 10


# About thirty queries and one PDF of a few pages: seconds (docs/benchmarks.md). The limits
# leave room for a large programme and slow storage, and stop a stuck render.
@shared_task(bind=True, name="monitoring.produce_annual_report",
             max_retries=REPORT_MAX_RETRIES, soft_time_limit=120, time_limit=180)
def produce_annual_report(self, *, report_id: int):
    """Produce annual report `report_id` (figures, PDF, CSV, XLSX); retry with backoff,
    then mark it failed with the error for HQ to see and retry."""
    return _produce_or_retry(self, lambda: annual_report_produce(report_id=report_id),
                             lambda **kw: annual_report_record_error(report_id=report_id, **kw),
                             f"Annual report {report_id}")


# A call's export of tens of thousands of rows: seconds to a minute (docs/benchmarks.md,
# "Exports of a call"); the limits leave room for a much larger call and slow storage.
@shared_task(bind=True, name="monitoring.produce_export",
             max_retries=REPORT_MAX_RETRIES, soft_time_limit=600, time_limit=660)
def produce_export(self, *, job_id: int):
    """Write export `job_id` to storage; retry with backoff, then mark it failed with the
    error for its requester to see and retry."""
    return _produce_or_retry(self, lambda: export_job_produce(job_id=job_id),
                             lambda **kw: export_job_record_error(job_id=job_id, **kw),
                             f"Export {job_id}")


def _produce_or_retry(task, produce, record_error, what: str):
    """The one rule of a produced file (an annual report, an export): `produce()`; any
    failure is recorded for its requester to see and retried with backoff, then marked
    failed. Returns the produced record's status, or "failed"."""
    try:
        return produce().status
    except Exception as exc:  # any failure is retried, then shown to the requester
        final = task.request.retries >= task.max_retries
        record_error(error=f"{type(exc).__name__}: {exc}", final=final)
        if final:
            logger.exception("%s failed after %s attempts", what, task.request.retries + 1)
            return "failed"
        retry = task.retry(exc=exc, countdown=REPORT_RETRY_BASE_SECONDS * 2 ** task.request.retries,
                           throw=False)
        if task.request.is_eager:
            return retry  # in-process: apply() runs the retry at once
        raise retry from exc


@shared_task(name="monitoring.requeue_stale_reports", soft_time_limit=60, time_limit=90)
def requeue_stale_reports() -> int:
    """The annual reports and the exports of a call whose jobs were lost, queued again."""
    return annual_reports_requeue_stale() + export_jobs_requeue_stale()


# Every fiscal year in two languages: about forty queries each, seconds at 5,000 applications
# (docs/benchmarks.md).
@shared_task(name="monitoring.refresh_figures", soft_time_limit=240, time_limit=300)
def refresh_figures() -> int:
    return figures_refresh_all()
