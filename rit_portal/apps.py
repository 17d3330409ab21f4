from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's administration on the portal's site class (rit_portal/admin_site.py)."""

    default_site = "rit_portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    """The shared layer as an app of its own: its management commands (migrate_locked), the
    request id's Celery signals (observability), and stored files removed with their
    records (stored_files)."""

    name = "rit_portal"
    verbose_name = "RIT Portal"

    def ready(self):
        from .observability import install
        from .stored_files import files_removed_with_records

        install()  # the request id carried into the tasks a request queues
        files_removed_with_records()
