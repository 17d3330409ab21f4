"""Thin Celery tasks of the accounts app."""

from celery import shared_task

from .services import invitation_email_send


@shared_task(name="accounts.send_invitation_email")
def send_invitation_email(invitation_id: int, link: str) -> None:
    invitation_email_send(invitation_id=invitation_id, link=link)
