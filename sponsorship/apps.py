from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sponsorship"
    verbose_name = _("Sponsorship and award letters")
