from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Review and selection")

    def ready(self):
        # What the layers below need from reviews (registered, never imported by them):
        # its e-mails (notifications), which applications its reviewers may open
        # (applications).
        from applications.selectors import VISIBLE_APPLICATIONS

        from . import mail
        from .selectors import applications_declared_free

        mail.register()
        # The personal data it keeps, for a person's download and HQ's answer to a
        # request (privacy.holdings).
        from privacy.holdings import CATEGORIES as HOLDINGS

        from .holdings import CATEGORIES as HELD

        for held in HELD:
            HOLDINGS.register(held)
        VISIBLE_APPLICATIONS.register(applications_declared_free)
        # Its reviewers' stored workload follows each application into and out of review.
        from applications.workflow import STATUS_MOVED

        from .services import reviewer_loads_follow_move

        STATUS_MOVED.register(reviewer_loads_follow_move)
