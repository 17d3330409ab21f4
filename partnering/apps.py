from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartneringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnering"
    verbose_name = _("Foreign regions' interest and matchmaking")

    def ready(self):
        # What the layers below need from partnering (registered, never imported by them):
        # its e-mails (notifications) and the partner contact an application started from
        # an introduction offers to ask (applications), its category of personal data
        # (privacy).
        from privacy.retention import register_category

        from . import mail, registrations
        from .retention import CATEGORIES

        mail.register()
        # The personal data it keeps, for a person's download and HQ's answer to a
        # request (privacy.holdings).
        from privacy.holdings import CATEGORIES as HOLDINGS

        from .holdings import CATEGORIES as HELD

        for held in HELD:
            HOLDINGS.register(held)
        registrations.register()
        for category in CATEGORIES:
            register_category(category)
