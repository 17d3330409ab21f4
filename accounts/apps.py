from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Receivers of user_logged_in: the second-factor enrolment flag and the session's
        # idle and absolute clocks, set at login (before any middleware has been loaded).
        from rit_portal import middleware  # noqa: F401

        from . import holdings, mail, two_factor  # noqa: F401

        # What the layers below need from accounts: how its people are written to, and its
        # e-mails (notifications); its categories of personal data (privacy).
        mail.register()
        from privacy.retention import register_category

        from .retention import CATEGORIES

        for category in CATEGORIES:
            register_category(category)
        # What a person's download and HQ's answer to a request find (privacy.holdings).
        holdings.register()
