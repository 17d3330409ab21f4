"""Reads of the outbox for HQ's pages."""

from django.db.models import QuerySet

from .models import Notification


def notifications_for_application(*, application) -> list[Notification]:
    """Every notification about the application, newest first."""
    return list(application.notifications.order_by("-created_at", "-pk"))


def outbox() -> QuerySet[Notification]:
    """Every notification, newest first, with the applications it concerns."""
    return Notification.objects.prefetch_related("applications").order_by("-created_at", "-pk")


def latest_notification(*, kind: str, **params) -> Notification | None:
    """The latest notification of `kind` whose params hold `params` (e.g. letter=7)."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    return Notification.objects.filter(kind=kind, **lookups).order_by("-pk").first()


def outbox_gauges() -> list:
    """For /metrics/ (rit_portal.metrics): e-mails owed (pending) and failed."""
    from rit_portal.metrics import status_counts

    from .enums import NotificationStatus as S

    return [status_counts(Notification, name="rit_emails",
                          documentation="E-mails in the outbox: pending = owed, not yet sent.",
                          statuses=[S.PENDING, S.FAILED])]
