"""Celery tasks of the applications app: thin wrappers that call a service."""

from celery import shared_task

from .reminders import information_request_reminders


@shared_task(name="applications.remind_information_requests")
def remind_information_requests() -> int:
    return information_request_reminders()
