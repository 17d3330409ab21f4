from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = _("Calls and applications")

    def ready(self):
        # What the layers below need from applications (registered, never imported by them):
        # its e-mails (notifications), the folder of its cached PDFs (rit_portal.stored_files:
        # removed with the application), its category of personal data (privacy).
        from privacy.retention import register_category
        from rit_portal.stored_files import register_record_folder

        from . import mail
        from .models import Application, application_pdf_folder
        from .services.retention import CATEGORIES

        mail.register()
        # The personal data it keeps, for a person's download and HQ's answer to a
        # request (privacy.holdings).
        from privacy.holdings import CATEGORIES as HOLDINGS

        from .holdings import CATEGORIES as HELD

        for held in HELD:
            HOLDINGS.register(held)
        register_record_folder(Application, application_pdf_folder)
        for category in CATEGORIES:  # its part of the retention schedule
            register_category(category)
