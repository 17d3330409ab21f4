"""The outbox: one row per e-mail the portal owes or has sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Kind, NotificationStatus


class Notification(models.Model):
    """One e-mail, written in the transaction of the change that causes it, sent after
    commit. `key` makes it "send once": the same kind, recipient and subject matter are
    recorded once (services.notify). Bodies are not stored: the message is rendered from
    `params` (ids) when it is sent, so no secret link ever rests in the database."""

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    key = models.CharField(max_length=64, unique=True, editable=False)
    params = models.JSONField(default=dict, blank=True)
    recipients = models.JSONField(_("recipients"), default=list)
    language = models.CharField(_("language"), max_length=8)
    # The applications the e-mail is about (HQ sees them on each application's page).
    applications = models.ManyToManyField("applications.Application", blank=True,
                                          related_name="notifications")
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # When the sweep should (re)try a pending notification: a little after recording, so
    # that the task queued at commit goes first; later after each failure (backoff).
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # HQ's resend of a sent e-mail is a new row pointing at the original.
    resend_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="resends")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="notification_owed_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {', '.join(self.recipients)}"
