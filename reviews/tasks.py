"""Celery tasks of the reviews app: thin wrappers that call a service."""

from celery import shared_task

from .reminders import missing_reviewers_reminders, review_deadline_reminders, review_digests


@shared_task(name="reviews.remind_review_deadline")
def remind_review_deadline() -> int:
    return review_deadline_reminders()


@shared_task(name="reviews.remind_missing_reviewers")
def remind_missing_reviewers() -> int:
    return missing_reviewers_reminders()


@shared_task(name="reviews.send_review_digests")
def send_review_digests() -> int:
    return review_digests()
