from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = _("Sponsored projects and progress reports")

    def ready(self):
        # What the layers below need from projects (registered, never imported by them):
        # its e-mails (notifications), what happens at publication (sponsorship), what its
        # projects reported (reviews' past outcomes), its categories of personal data (privacy).
        from privacy.retention import register_category
        from reviews.selectors import REPORTED_OUTCOMES
        from sponsorship.decisions import ON_PUBLICATION

        from . import mail
        from .selectors import reported_outcomes
        from .services import project_for_decision
        from .services.retention import CATEGORIES

        mail.register()
        # The personal data it keeps, for a person's download and HQ's answer to a
        # request (privacy.holdings).
        from privacy.holdings import CATEGORIES as HOLDINGS

        from .holdings import CATEGORIES as HELD

        for held in HELD:
            HOLDINGS.register(held)
        ON_PUBLICATION.register(project_for_decision)
        REPORTED_OUTCOMES.register(reported_outcomes)
        for category in CATEGORIES:  # its part of the retention schedule
            register_category(category)
