"""Delegates' personal data is kept only as long as needed: the retention job (beat) deletes
the rosters of projects that ended (completed, closed early or cancelled) more than
PROJECTS_DELEGATE_RETENTION_DAYS ago.

What stays: the activities with their participant counts (the monitoring figures), the
reports, the survey answers. What goes: every Delegate row and its travel legs (names,
nationalities, organisations, roles, journeys).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Delegate, Project


def retention_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    """Projects that ended before this moment have their delegates' data removed."""
    return (now or timezone.now()) - dt.timedelta(days=settings.PROJECTS_DELEGATE_RETENTION_DAYS)


@transaction.atomic
def delegates_personal_data_remove(*, now: dt.datetime | None = None) -> int:
    """Delete the delegates (and their travel legs) of every project that ended before the
    retention cut-off and mark the project; returns the number of delegates deleted.
    Idempotent: a project already cleared is skipped."""
    now = now or timezone.now()
    projects = list(Project.objects.ended().select_for_update(skip_locked=True)
                    .filter(closed_at__lte=retention_cutoff(now=now),
                            personal_data_removed_at__isnull=True)
                    .values_list("pk", flat=True))
    if not projects:
        return 0
    deleted, by_model = Delegate.objects.filter(
        activity__project_year__project__in=projects).delete()
    Project.objects.filter(pk__in=projects).update(personal_data_removed_at=now)
    return by_model.get(Delegate._meta.label, 0)
