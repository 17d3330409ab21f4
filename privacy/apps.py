from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .holdings import sqlite_functions
        from .retention import (
            APPEND_ONLY_CATEGORIES,
            every_category_has_a_period,
            register_category,
        )

        connection_created.connect(sqlite_functions, dispatch_uid="privacy.sqlite_functions")

        checks.register(every_category_has_a_period)
        # The append-only tables' personal fields (every app's; rit_portal.append_only).
        for category in APPEND_ONLY_CATEGORIES:
            register_category(category)

        # The personal data privacy keeps itself, beside what the apps register.
        from .categories import CATEGORIES as KEPT
        from .holdings import CATEGORIES

        for category in KEPT:
            CATEGORIES.register(category)
