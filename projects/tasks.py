"""Celery tasks of the projects app (beat jobs): thin wrappers that call a service."""

from celery import shared_task

from .services import delegates_personal_data_remove, report_reminders


# Both read a few hundred rows at most and record e-mails or delete rows: the default
# limits of every small task.
@shared_task(name="projects.remind_reports", soft_time_limit=60, time_limit=90)
def remind_reports() -> int:
    """Reports due within the reminder period, and late ones: each reminded once."""
    return report_reminders()


@shared_task(name="projects.remove_delegates_personal_data", soft_time_limit=60,
             time_limit=90)
def remove_delegates_personal_data() -> int:
    """Delegates of projects closed longer than the retention period: deleted."""
    return delegates_personal_data_remove()
