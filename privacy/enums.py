from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    """What personal data someone at the programme office looked at."""

    ROSTER = "roster", _("Delegate roster")
    TRAVEL_REQUEST = "travel_request", _("Travel request (passport names and flights)")
    INVITATION_LETTER = "invitation_letter", _("Invitation letter (passport data)")
    EXPORT = "export", _("Export with people's names")
    PROVISIONS = "provisions", _("Record of provisions to third parties (passport names)")


class ProvisionKind(models.TextChoices):
    """What handed personal data to a third party (APPI Art. 29's record)."""

    TRAVEL_REQUEST = "travel_request", _("Travel request")
    INVITATION_LETTER = "invitation_letter", _("Invitation letter")


class RecipientKind(models.TextChoices):
    TRAVEL_AGENT = "travel_agent", _("Travel agent")
    FOREIGN_PARTNER = "foreign_partner", _("The foreign partner")
    EMBASSY = "embassy", _("Embassy or consulate")
    OTHER = "other", _("Other")


class RequestKind(models.TextChoices):
    """What a person asked of the programme office (APPI Art. 33–35)."""

    DISCLOSURE = "disclosure", _("Disclosure of what is held")
    CORRECTION = "correction", _("Correction")
    ERASURE = "erasure", _("Erasure or stop of use")


class IdentityCheck(models.TextChoices):
    """How the programme office made sure the person asking is the person concerned."""

    KNOWN_ADDRESS = "known_address", _("Reply from the e-mail address on record")
    DOCUMENT = "document", _("Identity document")
    IN_PERSON = "in_person", _("In person")
    REPRESENTATIVE = "representative", _("Through their organisation, confirmed")
    OTHER = "other", _("Other (see the note)")
