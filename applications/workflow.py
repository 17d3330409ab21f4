"""The application's state machine: every legal move, in one table, and one function;
and beside it what each status permits, in a second table.

Every status change in the codebase goes through `application_transition`. A move is legal
when the table lists it, the rule's `allowed` predicate holds for the acting user (None for
the portal itself), and the rule's `check`, if any, finds nothing wrong with the
application (it raises ValidationError with messages for the user).

What a status permits besides moves (editing, assigning reviewers, scoring, …) is
`ABILITIES`; each ability is one named predicate (`may_edit`, `may_score`, …). Services
guard with `require_ability`, views pass `abilities_for(...)` to their templates, and no
other module compares status values. What the applicant sees of the moves (assessment
steps and unpublished decisions stay internal) is here too.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_hq_staff
from notifications.enums import Kind
from notifications.services import notify
from rit_portal.system_texts import event

from .enums import AWAITING_REVIEWS, DECIDED
from .enums import ApplicationStatus as S
from .models import Application, StatusChange
from .rules import (
    decision_unpublished,
    is_editable,
    is_organisation_member,
    is_system,
    own_application,
)


@dataclass(frozen=True)
class Rule:
    allowed: Callable  # rules predicate over (user, application)
    # Raises ValidationError when the application cannot make the move; gets the facts the
    # caller passed to application_transition (see `_pass_marks_check`).
    check: Callable[..., None] | None = None


def _submission_check(application: Application, **facts) -> None:
    from .completeness import application_submission_check

    # The call's deadline holds for the first submission; an answer to a request for more
    # information is accepted after it (late against its reply-by date, HQ sees that).
    application_submission_check(application=application,
                                 deadline_applies=application.status == S.DRAFT)


def _pass_marks_check(application: Application, *, below_pass_mark=None, **facts) -> None:
    """Eligible only when every criterion reaches the call's pass mark. The scores belong to
    the reviews app (to the right of this one): the caller computes them once and passes
    the labels of the criteria below their pass mark as `below_pass_mark`."""
    if below_pass_mark is None:
        raise ValidationError(_("Eligibility is decided from the review scores."))
    if below_pass_mark:
        raise ValidationError(
            _("The application cannot be eligible: below the pass mark on %(criteria)s.")
            % {"criteria": ", ".join(below_pass_mark)})


applicant = Rule(is_organisation_member)
applicant_withdraws = Rule(is_organisation_member & decision_unpublished)
applicant_submits = Rule(is_organisation_member, check=_submission_check)
hq = Rule(is_hq_staff)
hq_before_publication = Rule(is_hq_staff & decision_unpublished)
hq_eligible = Rule(is_hq_staff & decision_unpublished, check=_pass_marks_check)
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


# --- What each status permits ---------------------------------------------------------------

@dataclass(frozen=True)
class Ability:
    """Something a status permits besides moving on. `refusal` is what a service says when
    the application's status does not grant it (it may name the status as %(status)s)."""

    code: str
    # Not part of equality or hash: a lazy translation hashes differently per language.
    refusal: str = field(compare=False)


EDIT = Ability("edit", gettext_lazy("This application can no longer be changed."))
ASSIGN_REVIEWERS = Ability("assign_reviewers", gettext_lazy(
    "Reviewers can be assigned only to submitted applications that are not yet decided."))
SCORE = Ability("score", gettext_lazy("This application is not under review."))
REOPEN_REVIEW = Ability("reopen_review", gettext_lazy(
    "Reviews can be reopened only before the eligibility decision."))
RECORD_CONSENSUS = Ability("record_consensus", gettext_lazy(
    "Agreed scores are recorded after the reviews are in and before the final decision."))
WRITE_FEEDBACK = Ability("write_feedback", gettext_lazy(
    "Feedback to the applicant is written once the reviews are in."))
SET_SPONSORSHIP_LEVEL = Ability("set_sponsorship_level", gettext_lazy(
    "A sponsorship level can be set only for an eligible, waitlisted or approved "
    "application; this one is “%(status)s”."))

ABILITIES: dict[str, frozenset[Ability]] = {
    S.DRAFT: frozenset({EDIT}),
    S.SUBMITTED: frozenset({ASSIGN_REVIEWERS}),
    S.INFO_REQUESTED: frozenset({EDIT}),
    S.UNDER_REVIEW: frozenset({ASSIGN_REVIEWERS, SCORE, REOPEN_REVIEW}),
    # Feedback to the applicant (until publication: may_write_feedback) once reviewed.
    S.REVIEWED: frozenset({ASSIGN_REVIEWERS, REOPEN_REVIEW, RECORD_CONSENSUS, WRITE_FEEDBACK}),
    S.ELIGIBLE: frozenset({RECORD_CONSENSUS, SET_SPONSORSHIP_LEVEL, WRITE_FEEDBACK}),
    S.INELIGIBLE: frozenset({RECORD_CONSENSUS, WRITE_FEEDBACK}),
    # Moves up when budget frees: HQ approves it with a level.
    S.WAITLISTED: frozenset({SET_SPONSORSHIP_LEVEL, WRITE_FEEDBACK}),
    # A revised level is a new decision version.
    S.APPROVED: frozenset({SET_SPONSORSHIP_LEVEL, WRITE_FEEDBACK}),
    S.REJECTED: frozenset({WRITE_FEEDBACK}),
    S.WITHDRAWN: frozenset(),
}

# Abilities that are moves of TRANSITIONS (withdraw, request information, the selection
# decisions) are not repeated here: `abilities_for` reads them from the moves' rules.
DECISION_MOVES = (S.ELIGIBLE, S.INELIGIBLE, S.WAITLISTED, S.REJECTED)


def status_grants(application: Application, ability: Ability) -> bool:
    """Whether the application's current status permits `ability` (whoever asks)."""
    return ability in ABILITIES.get(application.status, frozenset())


def statuses_granting(ability: Ability) -> tuple[str, ...]:
    """Every status that permits `ability`, in the enum's order (for querysets)."""
    return tuple(status for status in S.values if ability in ABILITIES[status])


def require_ability(*, application: Application, ability: Ability) -> None:
    """Raise ValidationError (the ability's refusal) unless the status permits it."""
    if not status_grants(application, ability):
        raise ValidationError(str(ability.refusal) % {"status": S(application.status).label})


def move_exists(*, application: Application, to: str) -> bool:
    """Whether TRANSITIONS lists the move from the application's status to `to`."""
    return to in TRANSITIONS.get(application.status, {})


def reviews_awaited(application: Application) -> bool:
    """Reviewers still have work to do on the application (or are still to be assigned)."""
    return application.status in AWAITING_REVIEWS


def is_submitted(application: Application) -> bool:
    """Submitted and waiting for its reviewers: assigning them puts it under review."""
    return application.status == S.SUBMITTED


def awaits_information(application: Application) -> bool:
    """HQ asked for more information: the applicant answers it and submits again."""
    return application.status == S.INFO_REQUESTED


def is_reviewed(application: Application) -> bool:
    """Every review is in: the application goes back under review when another reviewer
    joins or a review is reopened, and the eligibility decision is next."""
    return application.status == S.REVIEWED


def _status_allows(ability: Ability):
    @rules.predicate(name=f"status_allows_{ability.code}")
    def predicate(user, application) -> bool:
        return application is not None and status_grants(application, ability)

    return predicate


# The named predicates, over (user, application). Who may act is combined here once.
may_edit = own_application & is_editable  # the applications.change_application permission
may_assign_reviewers = is_hq_staff & _status_allows(ASSIGN_REVIEWERS)
may_score = _status_allows(SCORE)  # the assigned reviewer: reviews.rules.owns_assignment
may_reopen_review = is_hq_staff & _status_allows(REOPEN_REVIEW)
may_record_consensus = is_hq_staff & _status_allows(RECORD_CONSENSUS)
may_set_sponsorship_level = is_hq_staff & _status_allows(SET_SPONSORSHIP_LEVEL)
# What the applicant is told is settled before it is published.
may_write_feedback = is_hq_staff & _status_allows(WRITE_FEEDBACK) & decision_unpublished


@rules.predicate
def may_withdraw(user, application) -> bool:
    return S.WITHDRAWN in allowed_transitions(application=application, by=user)


@rules.predicate
def may_request_information(user, application) -> bool:
    return S.INFO_REQUESTED in allowed_transitions(application=application, by=user)


@dataclass(frozen=True)
class Abilities:
    """What `user` may do with one application now; views pass it to templates as `may`."""

    edit: bool
    withdraw: bool
    request_information: bool
    assign_reviewers: bool
    score: bool
    reopen_review: bool
    record_consensus: bool
    set_sponsorship_level: bool
    write_feedback: bool
    decisions: tuple[str, ...]  # the selection decisions open to `user`: DECISION_MOVES

    @property
    def decide(self) -> bool:
        """Any selection decision at all: a status decision or a sponsorship level."""
        return bool(self.decisions) or self.set_sponsorship_level


def abilities_for(*, application: Application, user) -> Abilities:
    """Everything `user` may do with `application` in its current status."""
    moves = set(allowed_transitions(application=application, by=user))
    return Abilities(
        edit=may_edit.test(user, application),
        withdraw=S.WITHDRAWN in moves,
        request_information=S.INFO_REQUESTED in moves,
        assign_reviewers=may_assign_reviewers.test(user, application),
        score=may_score.test(user, application),
        reopen_review=may_reopen_review.test(user, application),
        record_consensus=may_record_consensus.test(user, application),
        set_sponsorship_level=may_set_sponsorship_level.test(user, application),
        write_feedback=may_write_feedback.test(user, application),
        decisions=tuple(to for to in DECISION_MOVES if to in moves),
    )


# --- What the applicant sees -----------------------------------------------------------------

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
    """The StatusChange rows `user` may see, oldest first (uses the prefetched rows); for HQ
    staff with the history entries (AuditEvent) among them."""
    changes = list(application.status_changes.all())
    if _sees_everything(user):
        # The organisation's corrections (no application of their own) show on each of its
        # applications.
        entries = list(application.audit_events.all()) + [
            e for e in application.organisation.audit_events.all() if e.application_id is None]
        return sorted(changes + entries, key=lambda e: e.at)
    published = application.decision_published_at is not None
    return [c for c in changes if c.to_status in APPLICANT_VISIBLE
            or (published and c.to_status in DECIDED and c.at <= application.decision_published_at)]


# --- Moves ----------------------------------------------------------------------------------

# The moves the applicant organisation is told of by e-mail (recorded with the move).
APPLICANT_TOLD_OF = {
    S.SUBMITTED: Kind.APPLICATION_SUBMITTED,
    S.INFO_REQUESTED: Kind.INFO_REQUESTED,
    S.WITHDRAWN: Kind.APPLICATION_WITHDRAWN,
}


class IllegalTransition(PermissionDenied):
    """The table has no such move, or the acting user may not make it."""


def allowed_transitions(*, application: Application, by) -> list[str]:
    """Statuses `by` may move the application to now (checks excluded: they need a try)."""
    moves = TRANSITIONS.get(application.status, {})
    return [to for to, rule in moves.items() if rule.allowed.test(by, application)]


@transaction.atomic
def application_transition(
    *, application: Application, to: str, by, note: str = "", event: dict | None = None,
    reply_by=None, below_pass_mark: Sequence[str] | None = None,
) -> StatusChange:
    """Move `application` to status `to`, acting as `by` (a user, or None for the portal).

    Guarantees: the move is in TRANSITIONS and its rule holds, else IllegalTransition (or the
    check's ValidationError) and nothing is saved. On success the status is saved, one
    StatusChange row records who/when/from/to, the note a person typed and the portal's
    own `event` (rit_portal.system_texts.event(...)), and, for the moves in
    APPLICANT_TOLD_OF, the applicant's e-mail is recorded in the same transaction
    (notifications.services.notify: sent after commit). `below_pass_mark` (labels of the
    criteria whose counted score misses the call's pass mark) is required for a move to
    eligible.
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
        rule.check(current, below_pass_mark=below_pass_mark)

    from_status = current.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    change = StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to, by=by,
        at=timezone.now(), note=note, reply_by=reply_by, **(event or {}),
    )

    kind = APPLICANT_TOLD_OF.get(to)
    if kind is not None:
        notify(kind, to=application.organisation, about=application,
               params={"status_change": change.pk})
    return change


def application_resume_after_answer(*, application: Application, request: StatusChange
                                    ) -> StatusChange | None:
    """After the applicant answered `request` (the move to "more information requested")
    and submitted again: when HQ had asked during the review, the portal puts the
    application back under review, where its reviewers left it. None otherwise."""
    if request.from_status != S.UNDER_REVIEW or not move_exists(application=application,
                                                                 to=S.UNDER_REVIEW):
        return None
    return application_transition(application=application, to=S.UNDER_REVIEW, by=None,
                                  event=event("information.review_resumed"))


def _validate_tables() -> None:
    statuses = set(S.values)
    for source, moves in TRANSITIONS.items():
        if source not in statuses or not set(moves) <= statuses:
            raise ValidationError(f"Unknown status in TRANSITIONS: {source} -> {set(moves)}")
    if set(ABILITIES) != statuses or set(TRANSITIONS) != statuses:
        raise ValidationError("TRANSITIONS and ABILITIES must list every status.")


_validate_tables()
