"""Choices of the projects app and its named groups. What a report's status permits is
workflow.ABILITIES; activity types and cost categories are the sponsorship app's
(sponsorship.enums.Activity, CostCategory), so spend lines up with the approved lines."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    # Every project year's report accepted: the retention clock of delegates' data starts.
    CLOSED = "closed", _("Closed")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


class ReportStanding(models.TextChoices):
    """Where a report stands for HQ's list: its status, and for one still with the
    applicant whether its due date has passed (Japan time)."""

    DUE = "due", _("Not yet due")
    LATE = "late", _("Late")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class TravellerType(models.TextChoices):
    FOREIGN_EXPERT = "foreign_expert", _("Foreign expert invited to Japan")
    JAPANESE_DELEGATE = "japanese_delegate", _("Member of the Japanese delegation")
    OTHER = "other", _("Other traveller (staff, interpreter)")


class OutcomeKind(models.TextChoices):
    """Types of international collaboration that followed (case study 5.1)."""

    BUSINESS_MEETINGS = "business_meetings", _("Business meetings")
    SALES_CONTRACTS = "sales_contracts", _("Sales contracts")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation agreements")
    SUBSIDIARY_OR_OFFICE = "subsidiary_office", _("Subsidiaries or offices set up")
    INVESTMENT = "investment", _("Investment")
    OTHER = "other", _("Other")


# Outcomes whose value in yen must be given (a sales contract is counted and valued).
OUTCOMES_WITH_VALUE = (OutcomeKind.SALES_CONTRACTS,)


class FirmLocation(models.TextChoices):
    JAPAN = "japan", _("Japan")
    PARTNER_REGION = "partner_region", _("The partner region")
    ELSEWHERE = "elsewhere", _("Elsewhere")


class BusinessResult(models.TextChoices):
    YES = "yes", _("Yes, a business result followed")
    EXPECTED = "expected", _("Not yet, but one is expected")
    NO = "no", _("No")


class SurveyLanguage(models.TextChoices):
    JAPANESE = "ja", "日本語"
    ENGLISH = "en", "English"


# Satisfaction and usefulness answers are whole numbers on this scale.
SCORE_MIN, SCORE_MAX = 1, 5
# Days before a report's due date on which the applicant is reminded (once).
REMINDER_DAYS_BEFORE_DUE = 14

# Reports whose figures count: handed in (HQ may still return them) or accepted.
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# Reports still with the organisation.
WITH_ORGANISATION = (ReportStatus.DRAFT, ReportStatus.RETURNED)

# Activities held in Japan: foreign experts travelling to them may need an invitation letter
# for their visa.
IN_JAPAN = ("matching_japan", "seminar_japan")
