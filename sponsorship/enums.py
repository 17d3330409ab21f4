from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from rit_portal.badges import status_badges


class Activity(models.TextChoices):
    MATCHING_IN_JAPAN = "matching_japan", _("Business matching in Japan")
    NETWORKING_ABROAD = "networking_abroad", _("Networking in the foreign region")
    SEMINAR_JAPAN = "seminar_japan", _("Seminar or symposium in Japan")
    SEMINAR_ABROAD = "seminar_abroad", _("Seminar or symposium abroad")


class CostCategory(models.TextChoices):
    INTERNATIONAL_AIRFARE = "airfare", _("International airfare")
    TRANSPORT_JAPAN = "transport_japan", _("Transportation in Japan")
    ACCOMMODATION = "accommodation", _("Accommodation")
    INTERPRETATION = "interpretation", _("Interpretation")
    VENUE = "venue", _("Venue rental")
    OTHER = "other", _("Other")


class DecisionMode(models.TextChoices):
    FULL = "full", _("Every line approved in full")
    PER_LINE = "per_line", _("Approved amount set per line")
    PERCENTAGE = "percentage", _("A share of the request")


class LetterStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RENDERING = "rendering", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Letters whose PDF is still to come: queued, or being rendered.
LETTER_IN_PROGRESS = (LetterStatus.PENDING, LetterStatus.RENDERING)


class BoardJobKind(models.TextChoices):
    """What a board job does to its applications (sponsorship/board_jobs.py)."""

    PUBLISH = "publish", _("Publication of the decisions")
    DECIDE = "decide", _("Selection board action")


class BoardJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


# Jobs still to run or running (what the stale-job sweep looks at).
BOARD_JOB_IN_PROGRESS = (BoardJobStatus.QUEUED, BoardJobStatus.RUNNING)


class BoardJobItemStatus(models.TextChoices):
    """What became of one application of a board job."""

    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Nothing to do")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class BoardAction(models.TextChoices):
    """Bulk actions of the selection board."""

    ELIGIBILITY_FROM_SCORES = "eligibility", _("Set eligible / ineligible from the scores")
    APPROVE_IN_FULL = "approve_full", _("Approve in full")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject (with the reason below)")


# The single decisions of an application: action → the status it moves to (offered when
# the workflow allows that move).
DECISION_TARGETS = {
    "eligible": ApplicationStatus.ELIGIBLE,
    "ineligible": ApplicationStatus.INELIGIBLE,
    BoardAction.WAITLIST.value: ApplicationStatus.WAITLISTED,
    BoardAction.REJECT.value: ApplicationStatus.REJECTED,
}
# Decisions whose timeline entry records what the scores say about the pass marks.
DECISIONS_FROM_SCORES = ("eligible", "ineligible")
DECISIONS_NEEDING_A_REASON = (BoardAction.REJECT.value,)


# The colour of each status's badge ({% status_badge %}).
status_badges(LetterStatus, {LetterStatus.READY: "success", LetterStatus.FAILED: "danger"},
              default="warning",
              shown_as=["sponsorship.AwardLetter.status", "projects.ProjectLetter.status"])
status_badges(BoardJobStatus, {BoardJobStatus.DONE: "success", BoardJobStatus.FAILED: "danger"},
              default="warning", shown_as=["sponsorship.BoardJob.status"])
status_badges(BoardJobItemStatus, {BoardJobItemStatus.DONE: "success",
                                   BoardJobItemStatus.REFUSED: "warning",
                                   BoardJobItemStatus.FAILED: "danger"},
              default="secondary", shown_as=["sponsorship.BoardJobItem.status"])
