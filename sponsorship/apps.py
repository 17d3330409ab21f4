from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sponsorship"
    verbose_name = _("Sponsorship and award letters")

    def ready(self):
        # What the layers below need from sponsorship (registered, never imported by them):
        # its e-mails (notifications), its completeness items (applications).
        from applications.completeness import CHECKLIST_ITEMS

        from . import mail
        from .completeness import cost_proposal_checklist

        mail.register()
        CHECKLIST_ITEMS.register(cost_proposal_checklist)
        from rit_portal.metrics import GAUGES

        from .selectors import letter_gauges

        GAUGES.register(letter_gauges)  # letters pending or failed, on /metrics/
