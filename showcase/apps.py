from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """The public side of the programme's results: the showcase of sponsored tie-ups whose
    organisation agreed to publication, their map, and the promoter kit."""

    name = "showcase"
    verbose_name = _("Showcase")
    default_auto_field = "django.db.models.BigAutoField"
