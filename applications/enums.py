from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.badges import status_badges


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    UNDER_REVIEW = "under_review", _("Under review")
    REVIEWED = "reviewed", _("Reviewed")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus
# Named groups for queries. What each status permits is workflow.ABILITIES.
# Final selection outcomes; the applicant learns them when HQ publishes decisions.
DECIDED = (S.INELIGIBLE, S.APPROVED, S.REJECTED, S.WAITLISTED)
# Applications that passed the eligibility decision (every later outcome passes through
# "eligible": approval, the waitlist, a rejection on the selection board).
PASSED_ELIGIBILITY = (S.ELIGIBLE, S.APPROVED, S.WAITLISTED, S.REJECTED)
# Moves the applicant always sees; decisions only once HQ publishes them.
APPLICANT_VISIBLE = (S.SUBMITTED, S.INFO_REQUESTED, S.WITHDRAWN)
# Reviewers still have work to do (or are still to be assigned).
AWAITING_REVIEWS = (S.SUBMITTED, S.UNDER_REVIEW)
# The colour of the status badge: the applicant's turn (warning), withdrawn (secondary);
# anything else is with the programme office (primary). On the real status (HQ) and on the
# one the applicant sees (visibility.applicant_status, `shown_status`).
status_badges(S, {S.DRAFT: "warning", S.INFO_REQUESTED: "warning", S.WITHDRAWN: "secondary"},
              default="primary",
              shown_as=["applications.Application.status", "applications.Application.shown_status"])


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Published, not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Objective(models.TextChoices):
    EXPORT = "export", _("Export")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development of products")
    MARKET_DEVELOPMENT = "market_development", _("Market development")
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    """Industry types of the SME Basic Act; 'other' follows manufacturing's limits."""

    MANUFACTURING = "manufacturing", _("Manufacturing")
    WHOLESALE = "wholesale", _("Wholesale")
    SERVICE = "service", _("Service")
    RETAIL = "retail", _("Retail")
    OTHER = "other", _("Other")


class ContactForm(models.TextChoices):
    VISIT_ABROAD = "visit_abroad", _("Visit to the partner region")
    VISIT_JAPAN = "visit_japan", _("Visit from the partner region to Japan")
    ONLINE = "online", _("Online meeting")
    EVENT = "event", _("Trade fair, seminar or other event")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    # Recorded by partnering when a draft starts from a JETRO introduction.
    INTRODUCTION = "introduction", _("Introduction through JETRO's matchmaking")
    OTHER = "other", _("Other")


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the partner's answer")
    CONFIRMED = "confirmed", _("Interest confirmed")
    DECLINED = "declined", _("Declined")


class AttachmentKind(models.TextChoices):
    PARTNER_LETTER = "partner_letter", _("Partner's letter of interest")
    SUPPORTING = "supporting", _("Supporting document")


# The colour of each state's and answer's badge ({% status_badge %}).
status_badges(CallState, {CallState.OPEN: "success", CallState.SCHEDULED: "info",
                          CallState.CLOSED: "secondary", CallState.DRAFT: "warning"},
              labels={CallState.SCHEDULED: _("Opens soon")}, shown_as=["applications.Call.state"])
status_badges(ConfirmationStatus, {ConfirmationStatus.CONFIRMED: "success",
                                   ConfirmationStatus.DECLINED: "danger"},
              shown_as=["applications.PartnerConfirmation.status"])
