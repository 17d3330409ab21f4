"""The application's lifecycle table (rit_portal.lifecycle): every legal move with its rule,
what each status permits, and who is told of which move.

A move is legal when MOVES lists it, the rule's `allowed` predicate holds for the acting
user (None for the portal itself), and the rule's `check`, if any, finds nothing wrong
with the application (it raises ValidationError with messages for the user). Every status
change goes through `application_transition` (the engine's one mover).

What a status permits besides moves (editing, assigning reviewers, scoring, …) is
ABILITIES; each ability is one named predicate (`may_edit`, `may_score`, …). Services guard
with `APPLICATION.require(...)`, views pass `abilities_for(...)` to their templates as
`may`, and no other module compares status values.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_hq_staff
from notifications.enums import Kind
from notifications.services import notify
from rit_portal.conventions import listing
from rit_portal.lifecycle import Ability, Lifecycle, May, Rule
from rit_portal.registry import Registry
from rit_portal.system_texts import event

from .completeness import application_submission_check
from .enums import AWAITING_REVIEWS
from .enums import ApplicationStatus as S
from .models import Application, StatusChange
from .predicates import (
    decision_unpublished,
    is_organisation_member,
    is_system,
    own_application,
)


def _submission_check(application: Application, **facts) -> None:
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
            % {"criteria": listing(below_pass_mark)})


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

# The selection decisions that are moves of TRANSITIONS (approval is a sponsorship level).
DECISION_MOVES = (S.ELIGIBLE, S.INELIGIBLE, S.WAITLISTED, S.REJECTED)

# The moves the applicant organisation is told of by e-mail (recorded with the move).
APPLICANT_TOLD_OF = {
    S.SUBMITTED: Kind.APPLICATION_SUBMITTED,
    S.INFO_REQUESTED: Kind.INFO_REQUESTED,
    S.WITHDRAWN: Kind.APPLICATION_WITHDRAWN,
}

APPLICATION = Lifecycle(
    name="application", model=Application, statuses=S,
    moves=TRANSITIONS, abilities=ABILITIES,
    history=StatusChange, subject="application",
    told=APPLICANT_TOLD_OF, notify=notify,
    addressee=lambda application: (application.organisation, application),
    lock_related=("organisation",),
    cannot_move=gettext_lazy("An application cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this change to the application."),
)

# The named predicates, over (user, application). Who may act is combined here once.
may_edit = own_application & APPLICATION.allows(EDIT)  # applications.change_application
may_assign_reviewers = is_hq_staff & APPLICATION.allows(ASSIGN_REVIEWERS)
may_score = APPLICATION.allows(SCORE)  # the assigned reviewer: reviews.rules.owns_assignment
may_reopen_review = is_hq_staff & APPLICATION.allows(REOPEN_REVIEW)
may_record_consensus = is_hq_staff & APPLICATION.allows(RECORD_CONSENSUS)
may_set_sponsorship_level = is_hq_staff & APPLICATION.allows(SET_SPONSORSHIP_LEVEL)
# What the applicant is told is settled before it is published.
may_write_feedback = is_hq_staff & APPLICATION.allows(WRITE_FEEDBACK) & decision_unpublished
may_withdraw = APPLICATION.may_move(S.WITHDRAWN)
may_request_information = APPLICATION.may_move(S.INFO_REQUESTED)
# Any selection decision at all: a status decision or a sponsorship level.
may_decide = APPLICATION.may_move(*DECISION_MOVES) | may_set_sponsorship_level

APPLICATION.may.update(
    edit=may_edit, withdraw=may_withdraw, request_information=may_request_information,
    assign_reviewers=may_assign_reviewers, score=may_score, reopen_review=may_reopen_review,
    record_consensus=may_record_consensus, set_sponsorship_level=may_set_sponsorship_level,
    write_feedback=may_write_feedback, decide=may_decide)


def abilities_for(*, application: Application, user) -> May:
    """Everything `user` may do with `application` now (`may` in templates)."""
    return APPLICATION.abilities_for(application, user)


def decisions_open(may: May) -> tuple[str, ...]:
    """The selection decisions (DECISION_MOVES) open to the user of `may`, in that order."""
    return tuple(to for to in DECISION_MOVES if to in may.moves)


# --- Named facts of the status --------------------------------------------------------------

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


# --- Moves ----------------------------------------------------------------------------------

# Functions (application=..., from_status=..., to_status=...) called after each move of an
# application, in its transaction: what apps further up store from its status and keep in
# step (the reviews app its reviewers' workload: reviews/apps.py).
STATUS_MOVED = Registry("what apps further up keep in step with an application's status")


def application_transition(*, application: Application, to: str, by, note: str = "",
                           event: dict | None = None, reply_by=None,
                           below_pass_mark: Sequence[str] | None = None) -> StatusChange:
    """Move `application` to status `to`, acting as `by` (rit_portal.lifecycle's mover).

    `reply_by` (for "more information requested") is stored on the StatusChange row;
    `below_pass_mark` (labels of the criteria whose counted score misses the call's pass
    mark) is required for a move to eligible. The moves in APPLICANT_TOLD_OF record the
    applicant's e-mail."""
    change = APPLICATION.move(application, to=to, by=by, note=note, event=event,
                              record={"reply_by": reply_by}, below_pass_mark=below_pass_mark)
    for follow in STATUS_MOVED:
        follow(application=application, from_status=change.from_status, to_status=to)
    return change


def application_resume_after_answer(*, application: Application, request: StatusChange
                                    ) -> StatusChange | None:
    """After the applicant answered `request` (the move to "more information requested")
    and submitted again: when HQ had asked during the review, the portal puts the
    application back under review, where its reviewers left it. None otherwise."""
    if request.from_status != S.UNDER_REVIEW or not APPLICATION.move_exists(
            application, S.UNDER_REVIEW):
        return None
    return application_transition(application=application, to=S.UNDER_REVIEW, by=None,
                                  event=event("information.review_resumed"))
