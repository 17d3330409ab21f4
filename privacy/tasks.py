"""Celery tasks of the privacy app: thin wrappers that call a service (beat jobs)."""

from celery import shared_task

from .services import retention_apply


# Every category in one run: a few thousand rows updated at most on a busy day, the files
# removed after commit; more than the default minute for the first run on old data.
@shared_task(name="privacy.apply_retention", soft_time_limit=600, time_limit=660)
def apply_retention() -> dict:
    """The retention schedule applied (personal data past its period removed or
    anonymised), the run recorded; returns the counts per category."""
    return retention_apply().counts
