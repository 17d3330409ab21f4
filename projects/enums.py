"""Choices of the projects app and its named groups. What a project's and a report's
status permit is workflow.py (PROJECT_ABILITIES, ABILITIES); activity types and cost
categories are the sponsorship app's (sponsorship.enums.Activity, CostCategory), so spend
lines up with the approved lines."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rit_portal.badges import status_badges


class ProjectStatus(models.TextChoices):
    """How a sponsored project stands (workflow.PROJECT): running, then one of three ends.
    At its end the retention clock of the delegates' personal data starts."""

    RUNNING = "running", _("Running")
    # Every project year's report accepted.
    COMPLETED = "completed", _("Completed")
    # HQ stopped it before its last year, with a reason; what it reported still counts.
    CLOSED_EARLY = "closed_early", _("Closed early")
    # HQ cancelled it, with a reason: it does not go ahead.
    CANCELLED = "cancelled", _("Cancelled")


# How a project may end (each a move of workflow.PROJECT, stamped `closed_at`).
ENDED = (ProjectStatus.COMPLETED, ProjectStatus.CLOSED_EARLY, ProjectStatus.CANCELLED)


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
    # Never handed in, and no longer due: the project was closed early or cancelled.
    NOT_REQUIRED = "not_required", _("No longer due (project ended)")


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
    """The survey's languages: settings.PARTNER_LANGUAGES, each named in its own script
    (rit_portal/partner_languages.py; a participant abroad reads their own)."""

    JAPANESE = "ja", "日本語"
    ENGLISH = "en", "English"
    GERMAN = "de", "Deutsch"
    FRENCH = "fr", "Français"
    KOREAN = "ko", "한국어"
    VIETNAMESE = "vi", "Tiếng Việt"
    TRADITIONAL_CHINESE = "zh-hant", "繁體中文"


class VariationKind(models.TextChoices):
    """What a change to a project (a variation) asks for."""

    REALLOCATION = "reallocation", _("Move money between approved lines")
    ACTIVITY = "activity", _("Change or replace an activity")
    DATES = "dates", _("Change a report's due date")
    EXTENSION = "extension", _("Extend the project")


class VariationStatus(models.TextChoices):
    """How a change to a project stands (workflow.VARIATION)."""

    REQUESTED = "requested", _("Awaiting a decision")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", pgettext_lazy("change to a project", "Approved")
    REFUSED = "refused", pgettext_lazy("change to a project", "Refused")


class ClaimStatus(models.TextChoices):
    """How a claim of an activity's spend stands (workflow.CLAIM)."""

    SUBMITTED = "submitted", _("Awaiting a decision")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved, to be paid")
    PAID = "paid", _("Paid")


class FinalReportStatus(models.TextChoices):
    """How the final report stands (workflow.FINAL_REPORT)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


# Final reports the organisation still owes (reminded while the project runs).
FINAL_REPORT_OWED = (FinalReportStatus.DRAFT, FinalReportStatus.RETURNED)


class ProjectLetterKind(models.TextChoices):
    """The letters the programme office sends about a project."""

    AMENDMENT = "amendment", _("Amendment letter")
    CLOSING = "closing", _("Closing letter")


# Satisfaction and usefulness answers are whole numbers on this scale.
SCORE_MIN, SCORE_MAX = 1, 5
# Days before a report's due date on which the applicant is reminded (once).
REMINDER_DAYS_BEFORE_DUE = 14

# Reports whose figures count: handed in (HQ may still return them) or accepted.
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# Claims whose amounts count as claimed: with HQ, approved or paid (a returned claim is the
# organisation's again).
CLAIMS_HANDED_IN = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)
# Reports still with the organisation.
WITH_ORGANISATION = (ReportStatus.DRAFT, ReportStatus.RETURNED)

# Activities held in Japan: foreign experts travelling to them may need an invitation letter
# for their visa.
IN_JAPAN = ("matching_japan", "seminar_japan")


# The colour of each status's badge ({% status_badge %}).
status_badges(ProjectStatus, {ProjectStatus.RUNNING: "success",
                              ProjectStatus.COMPLETED: "secondary",
                              ProjectStatus.CLOSED_EARLY: "warning",
                              ProjectStatus.CANCELLED: "danger"},
              shown_as=["projects.Project.status"])
status_badges(ReportStatus, {ReportStatus.DRAFT: "light", ReportStatus.SUBMITTED: "primary",
                             ReportStatus.RETURNED: "warning", ReportStatus.ACCEPTED: "success"},
              shown_as=["projects.ProgressReport.status"])
status_badges(ReportStanding, {ReportStanding.DUE: "light", ReportStanding.LATE: "danger",
                               ReportStanding.SUBMITTED: "primary",
                               ReportStanding.RETURNED: "warning",
                               ReportStanding.ACCEPTED: "success",
                               ReportStanding.NOT_REQUIRED: "secondary"},
              shown_as=["projects.ProgressReport.standing"])
status_badges(ActivityStatus, {ActivityStatus.PLANNED: "light", ActivityStatus.HELD: "success",
                               ActivityStatus.CANCELLED: "secondary"},
              shown_as=["projects.ProjectActivity.status"])
status_badges(VariationStatus, {VariationStatus.REQUESTED: "primary",
                                VariationStatus.RETURNED: "warning",
                                VariationStatus.APPROVED: "success",
                                VariationStatus.REFUSED: "secondary"},
              shown_as=["projects.Variation.status"])
status_badges(ClaimStatus, {ClaimStatus.SUBMITTED: "primary", ClaimStatus.RETURNED: "warning",
                            ClaimStatus.APPROVED: "info", ClaimStatus.PAID: "success"},
              shown_as=["projects.Claim.status"])
status_badges(FinalReportStatus, {FinalReportStatus.DRAFT: "light",
                                  FinalReportStatus.SUBMITTED: "primary",
                                  FinalReportStatus.RETURNED: "warning",
                                  FinalReportStatus.ACCEPTED: "success"},
              shown_as=["projects.FinalReport.status"])
