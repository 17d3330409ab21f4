from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def every_kind_has_a_renderer(app_configs, **kwargs):
    """Each e-mail kind must be registered by the app that owns it (kinds.register_kind
    in its mail.py): an e-mail nobody can render would fail only when sent."""
    from .enums import Kind
    from .kinds import KINDS

    return [checks.Error(f"No app registered the e-mail kind {kind!r}.",
                         hint="Call notifications.kinds.register_kind in the owning app's "
                              "mail.py, from its AppConfig.ready().",
                         id="notifications.E001")
            for kind in Kind.values if kind not in KINDS]


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        checks.register(every_kind_has_a_renderer)
        from rit_portal.metrics import GAUGES

        from .selectors import outbox_gauges

        GAUGES.register(outbox_gauges)  # e-mails owed and failed, on /metrics/
