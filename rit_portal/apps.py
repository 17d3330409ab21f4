from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's administration on the portal's site class (rit_portal/admin_site.py)."""

    default_site = "rit_portal.admin_site.PortalAdminSite"
