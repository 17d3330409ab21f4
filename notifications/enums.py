from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.badges import status_badges


class Kind(models.TextChoices):
    """Every e-mail the portal sends. Each has its renderer in kinds.KINDS."""

    APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    INFO_REMINDER = "info_reminder", _("Reminder of a request for more information")
    INFO_ANSWERED = "info_answered", _("The applicant's answer to a request for information")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
    PARTNER_REQUEST = "partner_request", _("Request to the partner contact")
    PARTNER_ANSWERED = "partner_answered", _("The partner's answer")
    INVITATION = "invitation", _("Invitation of a colleague")
    PASSWORD_RESET = "password_reset", _("Password reset link")
    DECISIONS_PUBLISHED = "decisions_published", _("Selection results")
    AWARD_LETTER = "award_letter", _("Award letter")
    REVIEW_ASSIGNED = "review_assigned", _("Application assigned for review")
    REVIEW_DIGEST = "review_digest", _("Reviews due (weekly digest)")
    REVIEW_DEADLINE = "review_deadline", _("Reminder of the review deadline")
    MISSING_REVIEWERS = "missing_reviewers", _("Applications lacking reviewers")
    REPORT_DUE_SOON = "report_due_soon", _("Reminder: a progress report is due soon")
    REPORT_LATE = "report_late", _("Reminder: a progress report is late")
    REPORT_SUBMITTED = "report_submitted", _("Progress report submitted")
    REPORT_ACCEPTED = "report_accepted", _("Progress report accepted")
    REPORT_RETURNED = "report_returned", _("Progress report returned for changes")
    SURVEY_INVITATION = "survey_invitation", _("Satisfaction survey")
    PROJECT_CLOSED_EARLY = "project_closed_early", _("Project closed early")
    PROJECT_CANCELLED = "project_cancelled", _("Project cancelled")
    OFFICE_COPY = "office_copy", _("Copy for the JETRO office in Japan")
    VARIATION_RETURNED = "variation_returned", _("A change to a project returned")
    VARIATION_REFUSED = "variation_refused", _("A change to a project refused")
    AMENDMENT_LETTER = "amendment_letter", _("Amendment letter")
    CLAIM_RETURNED = "claim_returned", _("A claim returned")
    CLAIM_APPROVED = "claim_approved", _("A claim approved")
    CLAIM_PAID = "claim_paid", _("A claim paid")
    INTEREST_CONFIRM = "interest_confirm", _("A foreign region's address to confirm")
    INTEREST_LINK = "interest_link", _("A new link to a foreign region's page")
    INTEREST_TO_REVIEW = "interest_to_review", _("A foreign region's interest to review")
    INTEREST_PUBLISHED = "interest_published", _("A foreign region's interest published")
    INTEREST_REJECTED = "interest_rejected", _("A foreign region's interest not published")
    INTRODUCTION_APPLICANT = "introduction_applicant", _("Introduction to a foreign region")
    INTRODUCTION_PARTNER = "introduction_partner", _("Introduction to a Japanese organisation")
    INTRODUCTION_OFFICE = "introduction_office", _("Introduction: copy for the JETRO office")
    FINAL_REPORT_DUE_SOON = "final_report_due_soon", _("Reminder: the final report is due soon")
    FINAL_REPORT_LATE = "final_report_late", _("Reminder: the final report is late")
    FINAL_REPORT_RETURNED = "final_report_returned", _("Final report returned for changes")
    FINAL_REPORT_ACCEPTED = "final_report_accepted", _("Final report accepted: closing letter")
    DELEGATE_CONSENT_REQUEST = "delegate_consent_request", _(
        "Request for a traveller's consent")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Owed")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# The colour of each status's badge ({% status_badge %}).
status_badges(NotificationStatus, {NotificationStatus.PENDING: "warning",
                                   NotificationStatus.SENT: "success",
                                   NotificationStatus.FAILED: "danger"},
              shown_as=["notifications.Notification.status"])
