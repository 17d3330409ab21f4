"""The progress report's state machine: every legal move in one table, one function that
makes them, and beside it what each status permits (as applications/workflow.py does for
applications).

    draft ──submit──▶ submitted ──accept──▶ accepted
                        │   ▲
                 return │   │ submit again
                        ▼   │
                      returned

Every status change of a report goes through `report_transition`. A move is legal when
TRANSITIONS lists it, its rule's `allowed` predicate holds for the acting user, and its
`check`, if any, finds nothing wrong (submission: the completeness checklist; a return:
HQ's comment). What a status permits besides moves (editing the report, its activities and
roster; sending the survey) is ABILITIES; services guard with `require_ability`, views
pass `abilities_for(...)` to templates as `may`. No other module compares report statuses.
"""

from collections.abc import Callable
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

from .enums import ReportStatus as R
from .models import ProgressReport, ReportStatusChange
from .rules import own_report


@dataclass(frozen=True)
class Rule:
    allowed: Callable  # rules predicate over (user, report)
    # Raises ValidationError when the report cannot make the move; gets what the caller
    # passed to report_transition (the note).
    check: Callable[..., None] | None = None


def _complete_check(report: ProgressReport, **facts) -> None:
    from .completeness import report_submission_check

    report_submission_check(report=report)


def _comment_check(report: ProgressReport, *, note: str = "", **facts) -> None:
    if not note.strip():
        raise ValidationError({"note": _("Say what the organisation should change.")})


applicant_submits = Rule(own_report, check=_complete_check)
hq_accepts = Rule(is_hq_staff)
hq_returns = Rule(is_hq_staff, check=_comment_check)

TRANSITIONS: dict[str, dict[str, Rule]] = {
    R.DRAFT: {R.SUBMITTED: applicant_submits},
    R.SUBMITTED: {R.ACCEPTED: hq_accepts, R.RETURNED: hq_returns},
    R.RETURNED: {R.SUBMITTED: applicant_submits},
    R.ACCEPTED: {},
}


# --- What each status permits ---------------------------------------------------------------

@dataclass(frozen=True)
class Ability:
    code: str
    refusal: str = field(compare=False)


# The report's contents, and the year's activities and delegate roster.
EDIT = Ability("edit", gettext_lazy(
    "This report is with the programme office or accepted: it cannot be changed now."))
SEND_SURVEY = Ability("send_survey", gettext_lazy(
    "The satisfaction survey of an accepted report cannot be sent any more."))

ABILITIES: dict[str, frozenset[Ability]] = {
    R.DRAFT: frozenset({EDIT, SEND_SURVEY}),
    R.RETURNED: frozenset({EDIT, SEND_SURVEY}),
    # Participants may still be asked while HQ reads the report.
    R.SUBMITTED: frozenset({SEND_SURVEY}),
    R.ACCEPTED: frozenset(),
}


def status_grants(report: ProgressReport, ability: Ability) -> bool:
    return ability in ABILITIES.get(report.status, frozenset())


def statuses_granting(ability: Ability) -> tuple[str, ...]:
    """Every status that permits `ability` (for querysets)."""
    return tuple(status for status in R.values if ability in ABILITIES[status])


def require_ability(*, report: ProgressReport, ability: Ability) -> None:
    """Raise ValidationError (the ability's refusal) unless the status permits it."""
    if not status_grants(report, ability):
        raise ValidationError(str(ability.refusal))


def _status_allows(ability: Ability):
    @rules.predicate(name=f"report_status_allows_{ability.code}")
    def predicate(user, report) -> bool:
        return report is not None and status_grants(report, ability)

    return predicate


# The named predicates, over (user, report).
may_edit = own_report & _status_allows(EDIT)
may_send_survey = own_report & _status_allows(SEND_SURVEY)


def is_accepted(report: ProgressReport) -> bool:
    return report.status == R.ACCEPTED


@dataclass(frozen=True)
class Abilities:
    """What `user` may do with one report now; views pass it to templates as `may`."""

    edit: bool
    send_survey: bool
    submit: bool
    accept: bool
    send_back: bool  # return the report to the organisation with a comment

    @property
    def review(self) -> bool:
        return self.accept or self.send_back


def allowed_transitions(*, report: ProgressReport, by) -> list[str]:
    """Statuses `by` may move the report to now (checks excluded: they need a try)."""
    return [to for to, rule in TRANSITIONS.get(report.status, {}).items()
            if rule.allowed.test(by, report)]


def abilities_for(*, report: ProgressReport, user) -> Abilities:
    moves = set(allowed_transitions(report=report, by=user))
    return Abilities(edit=may_edit.test(user, report),
                     send_survey=may_send_survey.test(user, report),
                     submit=R.SUBMITTED in moves, accept=R.ACCEPTED in moves,
                     send_back=R.RETURNED in moves)


# --- Moves ----------------------------------------------------------------------------------

# The moves the organisation is told of by e-mail (recorded with the move).
ORGANISATION_TOLD_OF = {
    R.SUBMITTED: Kind.REPORT_SUBMITTED,
    R.ACCEPTED: Kind.REPORT_ACCEPTED,
    R.RETURNED: Kind.REPORT_RETURNED,
}


class IllegalTransition(PermissionDenied):
    """The table has no such move, or the acting user may not make it."""


@transaction.atomic
def report_transition(*, report: ProgressReport, to: str, by, note: str = "",
                      event: dict | None = None) -> ReportStatusChange:
    """Move `report` to status `to`, acting as `by`.

    Guarantees: the move is in TRANSITIONS and its rule holds, else IllegalTransition (or
    the check's ValidationError) and nothing is saved. On success the status (and
    `submitted_at` / `accepted_at`) is saved, one ReportStatusChange row records who, when,
    from, to, the comment typed and the portal's `event`, and for the moves in
    ORGANISATION_TOLD_OF the organisation's e-mail is recorded in the same transaction.
    """
    current = (ProgressReport.objects.select_for_update(of=("self",))
               .select_related("project_year__project").get(pk=report.pk))
    rule = TRANSITIONS.get(current.status, {}).get(to)
    if rule is None:
        raise IllegalTransition(
            _("A progress report cannot move from “%(from)s” to “%(to)s”.")
            % {"from": R(current.status).label, "to": R(to).label})
    if not rule.allowed.test(by, current):
        raise IllegalTransition(_("You may not make this change to the progress report."))
    if rule.check is not None:
        rule.check(current, note=note)

    now = timezone.now()
    from_status = current.status
    report.status = to
    fields = ["status", "updated_at"]
    if to == R.SUBMITTED:
        report.submitted_at = now
        fields.append("submitted_at")
    if to == R.ACCEPTED:
        report.accepted_at = now
        fields.append("accepted_at")
    report.save(update_fields=fields)
    change = ReportStatusChange.objects.create(
        report=report, from_status=from_status, to_status=to, by=by, at=now,
        note=note.strip(), **(event or {}))

    kind = ORGANISATION_TOLD_OF.get(to)
    if kind is not None:
        project = current.project_year.project
        notify(kind, to=project.organisation, about=project.application,
               params={"status_change": change.pk})
    return change


def _validate_tables() -> None:
    statuses = set(R.values)
    for source, moves in TRANSITIONS.items():
        if source not in statuses or not set(moves) <= statuses:
            raise ValidationError(f"Unknown status in TRANSITIONS: {source} -> {set(moves)}")
    if set(ABILITIES) != statuses or set(TRANSITIONS) != statuses:
        raise ValidationError("TRANSITIONS and ABILITIES must list every status.")


_validate_tables()
