"""Thin Celery tasks of the outbox: take ids, call a service.

Time limits: a send renders one message (an award letter's PDF is read, not rendered) and
talks to the mail server, whose every call gives up after EMAIL_TIMEOUT (30 s); the sweep
only reads ids and queues tasks.
"""

from celery import shared_task

from .services import notification_send, notifications_sweep


@shared_task(name="notifications.send", soft_time_limit=90, time_limit=120)
def send_notification(*, notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task(name="notifications.sweep", soft_time_limit=60, time_limit=90)
def sweep() -> int:
    return notifications_sweep()
