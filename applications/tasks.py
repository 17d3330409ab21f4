"""Celery tasks of the applications app: thin wrappers that take ids and call a service."""

from celery import shared_task

from .notifications import status_change_notify


@shared_task(name="applications.status_changed")
def application_status_changed(*, status_change_id: int) -> None:
    status_change_notify(status_change_id=status_change_id)


@shared_task(name="applications.partner_confirmation_requested")
def partner_confirmation_requested(*, confirmation_id: int) -> None:
    from .notifications import partner_request_send

    partner_request_send(confirmation_id=confirmation_id)


@shared_task(name="applications.partner_answered")
def partner_answered(*, confirmation_id: int) -> None:
    from .notifications import partner_answer_notify

    partner_answer_notify(confirmation_id=confirmation_id)
