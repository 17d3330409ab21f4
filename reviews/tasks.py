"""Celery tasks of the reviews app: thin wrappers that take ids and call a service."""

from celery import shared_task

from .notifications import (
    decisions_published_send,
    missing_reviewers_reminders_send,
    review_deadline_reminders_send,
)


@shared_task(name="reviews.decisions_published")
def decisions_published_notify(*, organisation_id: int, application_ids: list[int]) -> int:
    return decisions_published_send(organisation_id=organisation_id,
                                    application_ids=application_ids)


@shared_task(name="reviews.remind_review_deadline")
def remind_review_deadline() -> int:
    return review_deadline_reminders_send()


@shared_task(name="reviews.remind_missing_reviewers")
def remind_missing_reviewers() -> int:
    return missing_reviewers_reminders_send()
