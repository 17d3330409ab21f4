"""The application's state machine: every legal move, in one table, and one function.

Every status change in the codebase goes through `application_transition`. A move is legal
when the table lists it, the rule's `allowed` predicate holds for the acting user (None for
the portal itself), and the rule's `check`, if any, finds nothing wrong with the
application (it raises ValidationError with messages for the user).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_hq_staff

from .enums import ApplicationStatus as S
from .models import Application, StatusChange
from .rules import decision_unpublished, is_organisation_member, is_system


@dataclass(frozen=True)
class Rule:
    allowed: Callable  # rules predicate over (user, application)
    check: Callable[[Application], None] | None = None


def _submission_check(application: Application) -> None:
    from .completeness import application_submission_check

    application_submission_check(application=application)


def _eligibility_check(application: Application) -> None:
    from reviews.selectors import eligibility_check

    eligibility_check(application=application)


applicant = Rule(is_organisation_member)
applicant_withdraws = Rule(is_organisation_member & decision_unpublished)
applicant_submits = Rule(is_organisation_member, check=_submission_check)
hq = Rule(is_hq_staff)
hq_before_publication = Rule(is_hq_staff & decision_unpublished)
# Eligible only when every criterion reaches the call's pass mark (reviews.selectors).
hq_eligible = Rule(is_hq_staff & decision_unpublished, check=_eligibility_check)
hq_or_portal = Rule(is_hq_staff | is_system)

TRANSITIONS: dict[str, dict[str, Rule]] = {
    S.DRAFT: {S.SUBMITTED: applicant_submits, S.WITHDRAWN: applicant_withdraws},
    S.SUBMITTED: {S.UNDER_REVIEW: hq_or_portal, S.INFO_REQUESTED: hq,
                  S.WITHDRAWN: applicant_withdraws},
    S.INFO_REQUESTED: {S.SUBMITTED: applicant_submits, S.WITHDRAWN: applicant_withdraws},
    S.UNDER_REVIEW: {S.REVIEWED: hq_or_portal, S.INFO_REQUESTED: hq,
                     S.WITHDRAWN: applicant_withdraws},
    S.REVIEWED: {S.ELIGIBLE: hq_eligible, S.INELIGIBLE: hq, S.UNDER_REVIEW: hq,
                 S.WITHDRAWN: applicant_withdraws},
    S.ELIGIBLE: {S.APPROVED: hq_before_publication, S.REJECTED: hq_before_publication,
                 S.WAITLISTED: hq_before_publication, S.INELIGIBLE: hq_before_publication,
                 S.WITHDRAWN: applicant_withdraws},
    S.INELIGIBLE: {S.ELIGIBLE: hq_eligible},
    # A waitlisted application moves up when budget frees, or is finally turned down.
    S.WAITLISTED: {S.APPROVED: hq, S.REJECTED: hq, S.WITHDRAWN: applicant},
    S.APPROVED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
}


class IllegalTransition(PermissionDenied):
    """The table has no such move, or the acting user may not make it."""


def allowed_transitions(*, application: Application, by) -> list[str]:
    """Statuses `by` may move the application to now (checks excluded: they need a try)."""
    moves = TRANSITIONS.get(application.status, {})
    return [to for to, rule in moves.items() if rule.allowed.test(by, application)]


@transaction.atomic
def application_transition(
    *, application: Application, to: str, by, note: str = "", reply_by=None
) -> StatusChange:
    """Move `application` to status `to`, acting as `by` (a user, or None for the portal).

    Guarantees: the move is in TRANSITIONS and its rule holds, else IllegalTransition (or the
    check's ValidationError) and nothing is saved. On success the status is saved, one
    StatusChange row records who/when/from/to/note, and the notification task is queued to
    run after the transaction commits.
    """
    # Re-read under a row lock so that two concurrent moves cannot both start from the
    # same status.
    current = Application.objects.select_for_update().get(pk=application.pk)
    rule = TRANSITIONS.get(current.status, {}).get(to)
    if rule is None:
        raise IllegalTransition(
            _("An application cannot move from “%(from)s” to “%(to)s”.")
            % {"from": S(current.status).label, "to": S(to).label}
        )
    if not rule.allowed.test(by, current):
        raise IllegalTransition(_("You may not make this change to the application."))
    if rule.check is not None:
        rule.check(current)

    from_status = current.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    change = StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to, by=by,
        at=timezone.now(), note=note, reply_by=reply_by,
    )

    from .tasks import application_status_changed

    transaction.on_commit(
        lambda: application_status_changed.delay(status_change_id=change.pk)
    )
    return change


def _validate_table() -> None:
    statuses = set(S.values)
    for source, moves in TRANSITIONS.items():
        if source not in statuses or not set(moves) <= statuses:
            raise ValidationError(f"Unknown status in TRANSITIONS: {source} -> {set(moves)}")


_validate_table()
