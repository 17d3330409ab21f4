from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's administration on the portal's site class (rit_portal/admin_site.py)."""

    default_site = "rit_portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    """The shared layer as an app of its own: its management commands (migrate_locked), and
    the request id's Celery signals (observability)."""

    name = "rit_portal"
    verbose_name = "RIT Portal"

    def ready(self):
        from .observability import install

        install()  # the request id carried into the tasks a request queues
