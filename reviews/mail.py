"""The e-mails the reviews app owns, registered with notifications at start-up (apps.py):
an assignment, the weekly digest, the reminders of the review deadline and of missing
reviewers."""

from accounts.models import User
from applications.mail import applications_listed
from applications.models import Application, Call
from notifications.enums import Kind
from notifications.kinds import register_kind


def _reminder(params: dict) -> dict:
    context = {"call": Call.objects.get(pk=params["call"]),
               "applications": applications_listed(params["applications"])}
    if "reviewer" in params:
        context["reviewer"] = User.objects.get(pk=params["reviewer"])
    return context


def _review_assigned(params: dict) -> dict:
    application = (Application.objects
                   .select_related("call", "organisation", "partner_region__country")
                   .get(pk=params["application"]))
    return {"application": application, "reviewer": User.objects.get(pk=params["reviewer"])}


def _review_digest(params: dict) -> dict:
    from .selectors import digest_rows

    reviewer = User.objects.get(pk=params["reviewer"])
    # What is still open when it is sent (a review submitted since is left out).
    return {"reviewer": reviewer, "rows": digest_rows(reviewer=reviewer,
                                                      assignment_ids=params["assignments"])}


def register() -> None:
    register_kind(Kind.REVIEW_ASSIGNED, context=_review_assigned)
    register_kind(Kind.REVIEW_DIGEST, context=_review_digest)
    register_kind(Kind.REVIEW_DEADLINE, context=_reminder)
    register_kind(Kind.MISSING_REVIEWERS, context=_reminder)
