from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _sqlite_functions(sender, connection, **kwargs):
    """SQLite has no NFKC: give it the function the firm count compares names with
    (selectors.NormalisedName; PostgreSQL uses its own NORMALIZE)."""
    if connection.vendor == "sqlite":
        from .selectors import name_key

        connection.connection.create_function("rit_name_key", 1, name_key, deterministic=True)


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Monitoring: figures, annual report, exports and API")

    def ready(self):
        connection_created.connect(_sqlite_functions,
                                   dispatch_uid="monitoring.sqlite_functions")
        from rit_portal.metrics import GAUGES

        from .selectors import report_gauges

        GAUGES.register(report_gauges)  # annual reports pending or failed, on /metrics/
        # Its category of personal data (privacy): the exports produced by the worker.
        from privacy.retention import register_category

        from .retention import CATEGORIES

        for category in CATEGORIES:
            register_category(category)
