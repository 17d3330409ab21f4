from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.badges import status_badges


class InterestStatus(models.TextChoices):
    """A foreign region's registered interest, from the form to the directory."""

    UNCONFIRMED = "unconfirmed", _("Address not confirmed yet")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting the JETRO office's review")
    PUBLISHED = "published", _("Published in the directory")
    REJECTED = "rejected", _("Not published")


status_badges(InterestStatus, {InterestStatus.UNCONFIRMED: "light",
                               InterestStatus.AWAITING_REVIEW: "warning",
                               InterestStatus.PUBLISHED: "success",
                               InterestStatus.REJECTED: "secondary"},
              shown_as=["partnering.Interest.status"])


class Seeking(models.TextChoices):
    """What the foreign region seeks in a tie-up with a Japanese region."""

    EXPORT = "export", _("Export to Japan")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    INVESTMENT_IN_JAPAN = "investment_in_japan", _("Investment in Japan")


class RegistrantKind(models.TextChoices):
    """Who registers the region's interest."""

    DEVELOPMENT_AGENCY = "development_agency", _("Economic development agency")
    CLUSTER = "cluster", _("Industrial cluster")
    CHAMBER = "chamber", _("Chamber of commerce")
    GOVERNMENT = "government", _("Regional or national government")
    OTHER = "other", _("Other")


class IntroductionOutcome(models.TextChoices):
    """What came of an introduction, as HQ or the covering office records it."""

    INTRODUCED = "introduced", _("Introduced")
    IN_CONTACT = "in_contact", _("In contact")
    MEETING_HELD = "meeting_held", _("Meeting held")
    APPLICATION_STARTED = "application_started", _("Application started")
    NO_FOLLOW_UP = "no_follow_up", _("No follow-up")


status_badges(IntroductionOutcome, {IntroductionOutcome.INTRODUCED: "info",
                                    IntroductionOutcome.IN_CONTACT: "primary",
                                    IntroductionOutcome.MEETING_HELD: "primary",
                                    IntroductionOutcome.APPLICATION_STARTED: "success",
                                    IntroductionOutcome.NO_FOLLOW_UP: "secondary"},
              shown_as=["partnering.Introduction.outcome"])
