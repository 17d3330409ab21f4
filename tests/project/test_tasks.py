"""Every Celery task has a soft and a hard time limit sized to its work, and a send cut by
its soft limit leaves the e-mail owed with the reason."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.test import TestCase

from rit_portal.celery import app


def test_every_task_has_time_limits_sized_to_its_work():
    app.loader.import_default_modules()
    limits = {name: (task.soft_time_limit or app.conf.task_soft_time_limit,
                     task.time_limit or app.conf.task_time_limit)
              for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert limits == {
        # Renders in about 0.2 s (10 s at worst without HarfBuzz's subsetter).
        "sponsorship.render_award_letter": (60, 90),
        # The same render for a project's amendment letter (projects.ProjectLetter).
        "projects.render_project_letter": (60, 90),
        "projects.requeue_stale_project_letters": (60, 90),
        # One message; every SMTP call gives up after EMAIL_TIMEOUT (30 s).
        "notifications.send": (90, 120),
        # Reads ids and queues tasks.
        "notifications.sweep": (60, 90),
        "sponsorship.requeue_stale_letters": (60, 90),
        # Takes new groups for 30 s, then queues its next slice; room for the last group.
        "sponsorship.run_board_job": (90, 120),
        "sponsorship.requeue_stale_board_jobs": (60, 90),
        "applications.remind_information_requests": (60, 90),
        "reviews.remind_review_deadline": (60, 90),
        "reviews.remind_missing_reviewers": (60, 90),
        "reviews.send_review_digests": (60, 90),
        "regions.reference_counts": (60, 90),
        # Read a few hundred reports or projects; record e-mails or delete rows.
        "projects.remind_reports": (60, 90),
        "privacy.apply_retention": (600, 660),
        # About thirty queries and a PDF of a few pages: seconds (docs/benchmarks.md).
        "monitoring.produce_annual_report": (120, 180),
        "monitoring.requeue_stale_reports": (60, 90),
        # One call's table written to storage: CSV 0.5 s, XLSX 3 s at 5,000 applications
        # (docs/benchmarks.md); ten minutes leave room for a call many times that size.
        "monitoring.produce_export": (600, 660),
        # The figures of every year in two languages: 3.6 s at 5,000 applications under
        # load 7, 13 s under load 12 (docs/benchmarks.md).
        "monitoring.refresh_figures": (240, 300),
    }


@pytest.mark.django_db
def test_a_send_cut_by_its_soft_time_limit_stays_owed(monkeypatch):
    from applications.services import application_submit
    from notifications import services
    from notifications.enums import NotificationStatus
    from notifications.models import Notification
    from tests.applications.builders import applicant_of, complete_application

    def stuck(notification):
        raise SoftTimeLimitExceeded(90)  # as billiard raises it in the worker

    monkeypatch.setattr(services, "notification_render", stuck)
    application = complete_application()

    with TestCase.captureOnCommitCallbacks(execute=True):
        application_submit(application=application, by=applicant_of(application.organisation))
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts, notification.last_error) == (
        NotificationStatus.PENDING, 1, "SoftTimeLimitExceeded: SoftTimeLimitExceeded(90,)")
