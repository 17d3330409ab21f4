"""What the applicant sees of an application's status and timeline: assessment steps and
unpublished decisions stay internal and read "Under review" until HQ publishes them; HQ
staff see everything, with the history entries (AuditEvent) among the moves."""

from .enums import APPLICANT_VISIBLE, DECIDED
from .enums import ApplicationStatus as S
from .models import Application
from .predicates import is_decision_published


def sees_everything(user) -> bool:
    """HQ staff: the real status and every history entry (the timeline below)."""
    return user.has_perm("applications.manage_calls")


def applicant_status(application: Application) -> S:
    """The status the applicant sees: assessment steps and unpublished decisions read
    "Under review"."""
    if application.status in (S.DRAFT, *APPLICANT_VISIBLE):
        return S(application.status)
    if application.status in DECIDED and is_decision_published(application):
        return S(application.status)
    return S.UNDER_REVIEW


def status_for_viewer(*, application: Application, user) -> S:
    """The status to show `user`: HQ staff the real one, others what the applicant sees."""
    if sees_everything(user):
        return S(application.status)
    return applicant_status(application)


def timeline_for_viewer(*, application: Application, user) -> list:
    """The StatusChange rows `user` may see, oldest first (uses the prefetched rows); for HQ
    staff with the history entries (AuditEvent) among them."""
    changes = list(application.status_changes.all())
    if sees_everything(user):
        # The organisation's corrections (no application of their own) show on each of its
        # applications.
        entries = list(application.audit_events.all()) + [
            e for e in application.organisation.audit_events.all() if e.application_id is None]
        return sorted(changes + entries, key=lambda e: e.at)
    if not is_decision_published(application):
        return [c for c in changes if c.to_status in APPLICANT_VISIBLE]
    return [c for c in changes if c.to_status in APPLICANT_VISIBLE
            or (c.to_status in DECIDED and c.at <= application.decision_published_at)]
