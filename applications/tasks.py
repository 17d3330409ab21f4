"""Celery tasks of the applications app: thin wrappers that take ids and call a service."""

from celery import shared_task

from .notifications import status_change_notify


@shared_task(name="applications.status_changed")
def application_status_changed(*, status_change_id: int) -> None:
    status_change_notify(status_change_id=status_change_id)
