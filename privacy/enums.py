from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    """What personal data someone at the programme office looked at."""

    ROSTER = "roster", _("Delegate roster")
    TRAVEL_REQUEST = "travel_request", _("Travel request (passport names and flights)")
    INVITATION_LETTER = "invitation_letter", _("Invitation letter (passport data)")
    EXPORT = "export", _("Export with people's names")


class ProvisionKind(models.TextChoices):
    """What handed personal data to a third party (APPI Art. 29's record)."""

    TRAVEL_REQUEST = "travel_request", _("Travel request")
    INVITATION_LETTER = "invitation_letter", _("Invitation letter")


class RecipientKind(models.TextChoices):
    TRAVEL_AGENT = "travel_agent", _("Travel agent")
    FOREIGN_PARTNER = "foreign_partner", _("The foreign partner")
    EMBASSY = "embassy", _("Embassy or consulate")
    OTHER = "other", _("Other")
