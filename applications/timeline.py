"""What the applicant may see of the workflow: assessment steps and unpublished decisions
stay internal; HQ staff see every move."""

from .enums import DECIDED
from .enums import ApplicationStatus as S
from .models import Application

# Moves the applicant always sees; decisions only once HQ publishes them.
APPLICANT_VISIBLE = (S.SUBMITTED, S.INFO_REQUESTED, S.WITHDRAWN)


def _sees_everything(user) -> bool:
    return user.has_perm("applications.manage_calls")


def applicant_status(application: Application) -> S:
    """The status the applicant sees: assessment steps and unpublished decisions read
    "Under review"."""
    if application.status in (S.DRAFT, *APPLICANT_VISIBLE):
        return S(application.status)
    if application.status in DECIDED and application.decision_published_at:
        return S(application.status)
    return S.UNDER_REVIEW


def status_for_viewer(*, application: Application, user) -> S:
    """The status to show `user`: HQ staff the real one, others what the applicant sees."""
    if _sees_everything(user):
        return S(application.status)
    return applicant_status(application)


def timeline_for_viewer(*, application: Application, user) -> list:
    """The StatusChange rows `user` may see, oldest first (uses the prefetched rows)."""
    changes = list(application.status_changes.all())
    if _sees_everything(user):
        return changes
    published = application.decision_published_at is not None
    return [c for c in changes if c.to_status in APPLICANT_VISIBLE
            or (published and c.to_status in DECIDED and c.at <= application.decision_published_at)]
