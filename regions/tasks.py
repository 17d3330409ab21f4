"""Health check that a Celery worker reaches the portal's database."""

from celery import shared_task
from django.db import connection

from .models import JetroOffice, Prefecture


@shared_task(name="regions.reference_counts")
def reference_counts() -> dict:
    """What the worker sees: database vendor and reference-data counts (used by ops and tests)."""
    return {
        "database": connection.vendor,
        "prefectures": Prefecture.objects.count(),
        "offices": JetroOffice.objects.count(),
    }
