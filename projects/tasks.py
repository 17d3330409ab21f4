"""Celery tasks of the projects app: thin wrappers that call a service (beat jobs, and the
letters about a running project)."""

from celery import shared_task

from sponsorship.tasks import RENDER_MAX_RETRIES, produce_with_retries

from .letters import (
    project_letter_produce,
    project_letter_record_error,
    project_letters_requeue_stale,
)
from .services import final_report_reminders, report_reminders


# Reads a few hundred rows at most and records e-mails: the default limits of every small
# task.
@shared_task(name="projects.remind_reports", soft_time_limit=60, time_limit=90)
def remind_reports() -> int:
    """Progress and final reports due within the reminder period, and late ones: each
    reminded once."""
    return report_reminders() + final_report_reminders()


@shared_task(bind=True, name="projects.render_project_letter",
             max_retries=RENDER_MAX_RETRIES, soft_time_limit=60, time_limit=90)
def render_project_letter(self, *, letter_id: int):
    """Produce letter `letter_id` (an amendment letter) as award letters are produced:
    render, store, record its e-mail; retry with backoff, then mark it failed."""
    return produce_with_retries(self, letter_id=letter_id, produce=project_letter_produce,
                                record_error=project_letter_record_error,
                                what="Project letter")


@shared_task(name="projects.requeue_stale_project_letters", soft_time_limit=60, time_limit=90)
def requeue_stale_project_letters() -> int:
    return project_letters_requeue_stale()
