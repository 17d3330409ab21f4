"""The history (append-only): one row per thing someone did, shown in the reader's
language (rit_portal.system_texts)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rit_portal.append_only import HISTORY, AppendOnly
from rit_portal.system_texts import EventRecord


class AuditEvent(AppendOnly, EventRecord):
    """The append-only history of what people (and the portal) did beyond status moves:
    scores and their changes, agreed scores, reopened reviews, call and review-settings
    changes, assignments and their withdrawal, sponsorship levels, administrators'
    corrections. Written only by `audit.services.audit_record`; never changed or
    deleted (the model refuses, and the database refuses with a trigger: applications
    migration 0006).

    Shown to HQ on the application's timeline (with the StatusChange rows) and on the
    call's history page; the event is rendered in the reader's language."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey("applications.Call", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="audit_events")
    application = models.ForeignKey("applications.Application", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="audit_events")
    organisation = models.ForeignKey("accounts.ApplicantOrganisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="audit_events")
    # What a person typed with it (a reason), as typed.
    note = models.TextField(blank=True)

    # The note and the people the event names, anonymised after the history's retention
    # period (rit_portal.append_only; who acted, `by`, stays).
    anonymise = HISTORY

    class Meta:
        # The table it has had since it lived in the applications app (the database
        # trigger that refuses changes is on it: applications migration 0006).
        db_table = "applications_auditevent"
        ordering = ["at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event}"
