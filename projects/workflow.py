"""The lifecycle tables of the projects app (rit_portal.lifecycle): a sponsored project's
and a progress report's.

A project:

    running ──every report accepted (the portal, at the last acceptance)──▶ completed
       ├──HQ, with a reason──▶ closed early   (what it reported still counts)
       └──HQ, with a reason──▶ cancelled      (it does not go ahead)

While it runs its organisation works on it (WORK_ON: the firms, the partner's contact, the
years' activities and reports) and its reports are due; once it has ended no report is
reminded or late, and nothing of it changes.

A progress report:

    draft ──submit──▶ submitted ──accept──▶ accepted
                        │   ▲
                 return │   │ submit again
                        ▼   │
                      returned

Submitting needs the completeness checklist and a running project; a return needs HQ's
comment. What a report's status permits besides moves (editing it and the year's
activities and roster; sending the survey) is ABILITIES. Services guard with the tables'
`require`; views pass `abilities_for(...)` to templates as `may`. No other module compares
project or report statuses.
"""

import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_hq_staff
from applications.predicates import is_system
from notifications.enums import Kind
from notifications.services import notify
from rit_portal.lifecycle import Ability, Lifecycle, May, Rule

from .completeness import report_submission_check
from .enums import ClaimStatus as C
from .enums import FinalReportStatus as F
from .enums import ProjectStatus as P
from .enums import ReportStatus as R
from .enums import VariationStatus as V
from .models import (
    Claim,
    ClaimStatusChange,
    FinalReport,
    FinalReportStatusChange,
    ProgressReport,
    Project,
    ProjectStatusChange,
    ReportStatusChange,
    Variation,
    VariationStatusChange,
)
from .rules import own_claim, own_final_report, own_project, own_report, own_variation

# --- A sponsored project --------------------------------------------------------------------


def _every_report_accepted(project: Project, **facts) -> None:
    if project.years.exclude(report__status=R.ACCEPTED).exists():
        raise ValidationError(_("A project is completed once every year's report is "
                                "accepted."))
    if not FinalReport.objects.filter(project=project, status=F.ACCEPTED).exists():
        raise ValidationError(_("A project is completed once its final report is "
                                "accepted."))


def _reason_check(project: Project, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Give the reason: the organisation reads it.")})


PROJECT_MOVES: dict[str, dict[str, Rule]] = {
    P.RUNNING: {P.COMPLETED: Rule(is_hq_staff | is_system, check=_every_report_accepted),
                P.CLOSED_EARLY: Rule(is_hq_staff, check=_reason_check),
                P.CANCELLED: Rule(is_hq_staff, check=_reason_check)},
    P.COMPLETED: {},
    P.CLOSED_EARLY: {},
    P.CANCELLED: {},
}

# The project itself, its firms and contact, and its years' activities and reports.
WORK_ON = Ability("work_on", gettext_lazy(
    "This project has ended (%(status)s): it can no longer be changed."))

PROJECT_ABILITIES: dict[str, frozenset[Ability]] = {
    P.RUNNING: frozenset({WORK_ON}),
    P.COMPLETED: frozenset(),
    P.CLOSED_EARLY: frozenset(),
    P.CANCELLED: frozenset(),
}

# HQ's ends, told to the organisation by e-mail (completion is in the report's e-mail).
PROJECT_ENDS = (P.CLOSED_EARLY, P.CANCELLED)

PROJECT = Lifecycle(
    name="project", model=Project, statuses=P,
    moves=PROJECT_MOVES, abilities=PROJECT_ABILITIES,
    history=ProjectStatusChange, subject="project",
    stamps={P.COMPLETED: "closed_at", P.CLOSED_EARLY: "closed_at", P.CANCELLED: "closed_at"},
    told={P.CLOSED_EARLY: Kind.PROJECT_CLOSED_EARLY, P.CANCELLED: Kind.PROJECT_CANCELLED},
    notify=notify, addressee=lambda project: (project.organisation, project.application),
    lock_related=("organisation", "application"),
    cannot_move=gettext_lazy("A project cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this change to the project."),
)


def is_running(project: Project) -> bool:
    """The project runs: its reports are due (the Python twin of models.project_running)."""
    return PROJECT.grants(project, WORK_ON)


PROJECT.may.update(
    work_on=own_project & PROJECT.allows(WORK_ON),
    end=PROJECT.may_move(*PROJECT_ENDS),
)


def project_abilities_for(*, project: Project, user) -> May:
    """What `user` may do with `project` now (`may` on the project's page)."""
    return PROJECT.abilities_for(project, user)


def project_transition(*, project: Project, to: str, by, note: str = "",
                       event: dict | None = None) -> ProjectStatusChange:
    """Move `project` to status `to`, acting as `by` (rit_portal.lifecycle's mover): the
    reason (`note`) is on the project's timeline and in the organisation's e-mail."""
    return PROJECT.move(project, to=to, by=by, note=note, event=event)


# --- A progress report ----------------------------------------------------------------------

def _complete_check(report: ProgressReport, **facts) -> None:
    report_submission_check(report=report)


def _comment_check(report: ProgressReport, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Say what the organisation should change.")})


@rules.predicate
def project_of_report_runs(user, report) -> bool:
    """The report's project is running (reports of an ended project are not handed in)."""
    return report is not None and is_running(report.project_year.project)


applicant_submits = Rule(own_report & project_of_report_runs, check=_complete_check)
hq_accepts = Rule(is_hq_staff)
hq_returns = Rule(is_hq_staff, check=_comment_check)

TRANSITIONS: dict[str, dict[str, Rule]] = {
    R.DRAFT: {R.SUBMITTED: applicant_submits},
    R.SUBMITTED: {R.ACCEPTED: hq_accepts, R.RETURNED: hq_returns},
    R.RETURNED: {R.SUBMITTED: applicant_submits},
    R.ACCEPTED: {},
}

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

REPORT = Lifecycle(
    name="report", model=ProgressReport, statuses=R,
    moves=TRANSITIONS, abilities=ABILITIES,
    history=ReportStatusChange, subject="report",
    stamps={R.SUBMITTED: "submitted_at", R.ACCEPTED: "accepted_at"},
    told={R.SUBMITTED: Kind.REPORT_SUBMITTED, R.ACCEPTED: Kind.REPORT_ACCEPTED,
          R.RETURNED: Kind.REPORT_RETURNED},
    notify=notify,
    addressee=lambda report: (report.project_year.project.organisation,
                              report.project_year.project.application),
    lock_related=("project_year__project__organisation",
                  "project_year__project__application"),
    cannot_move=gettext_lazy("A progress report cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this change to the progress report."),
)

# The named predicates, over (user, report).
may_edit = own_report & project_of_report_runs & REPORT.allows(EDIT)
may_send_survey = own_report & project_of_report_runs & REPORT.allows(SEND_SURVEY)
REPORT.may.update(
    edit=may_edit, send_survey=may_send_survey,
    submit=REPORT.may_move(R.SUBMITTED), accept=REPORT.may_move(R.ACCEPTED),
    send_back=REPORT.may_move(R.RETURNED),  # return it to the organisation with a comment
    review=REPORT.may_move(R.ACCEPTED, R.RETURNED),
)


@rules.predicate
def report_accepted(user, report) -> bool:
    return report is not None and report.status == R.ACCEPTED


# The page says the report is with the programme office, shown read-only: the user may
# neither change it nor decide on it, and it is not accepted yet.
REPORT.may["read_only"] = ~may_edit & ~REPORT.may["review"] & ~report_accepted


def abilities_for(*, report: ProgressReport, user) -> May:
    """What `user` may do with one report now; views pass it to templates as `may`."""
    return REPORT.abilities_for(report, user)


def report_transition(*, report: ProgressReport, to: str, by, note: str = "",
                      event: dict | None = None) -> ReportStatusChange:
    """Move `report` to status `to`, acting as `by` (rit_portal.lifecycle's mover): saves
    `submitted_at` / `accepted_at` with the move and records the organisation's e-mail for
    every move."""
    return REPORT.move(report, to=to, by=by, note=note, event=event)


# --- A change to a project (a variation) ----------------------------------------------------
#
#    requested ──HQ approves──▶ approved   (applied to the project; amendment letter)
#       │  ▲  └──HQ refuses, with a reason──▶ refused
#  HQ   │  │ the organisation sends it again
#returns▼  │
#     returned

@rules.predicate
def project_of_variation_runs(user, variation) -> bool:
    return variation is not None and is_running(variation.project)


def _variation_comment_check(variation: Variation, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Give your comment: the organisation reads it.")})


def _variation_running_check(variation: Variation, **facts) -> None:
    PROJECT.require(variation.project, WORK_ON)


VARIATION_MOVES: dict[str, dict[str, Rule]] = {
    V.REQUESTED: {V.APPROVED: Rule(is_hq_staff, check=_variation_running_check),
                  V.REFUSED: Rule(is_hq_staff, check=_variation_comment_check),
                  V.RETURNED: Rule(is_hq_staff, check=_variation_comment_check)},
    V.RETURNED: {V.REQUESTED: Rule(own_variation & project_of_variation_runs)},
    V.APPROVED: {},
    V.REFUSED: {},
}

# The request's contents (its reason and what it changes).
EDIT_VARIATION = Ability("edit_variation", gettext_lazy(
    "This change is with the programme office or decided (%(status)s): it cannot be "
    "changed now."))

VARIATION_ABILITIES: dict[str, frozenset[Ability]] = {
    V.REQUESTED: frozenset(),
    V.RETURNED: frozenset({EDIT_VARIATION}),
    V.APPROVED: frozenset(),
    V.REFUSED: frozenset(),
}

VARIATION = Lifecycle(
    name="variation", model=Variation, statuses=V,
    moves=VARIATION_MOVES, abilities=VARIATION_ABILITIES,
    history=VariationStatusChange, subject="variation",
    stamps={V.APPROVED: "decided_at", V.REFUSED: "decided_at"},
    # The approval is told by the amendment letter's e-mail (with the PDF).
    told={V.RETURNED: Kind.VARIATION_RETURNED, V.REFUSED: Kind.VARIATION_REFUSED},
    notify=notify,
    addressee=lambda variation: (variation.project.organisation, variation.project.application),
    lock_related=("project__organisation", "project__application"),
    cannot_move=gettext_lazy("A change cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this move of the change."),
)
VARIATION.may.update(
    edit=own_variation & project_of_variation_runs & VARIATION.allows(EDIT_VARIATION),
    decide=VARIATION.may_move(V.APPROVED, V.REFUSED, V.RETURNED),
)


def variation_abilities_for(*, variation: Variation, user) -> May:
    return VARIATION.abilities_for(variation, user)


def variation_transition(*, variation: Variation, to: str, by, note: str = "",
                         event: dict | None = None) -> VariationStatusChange:
    """Move `variation` to status `to`, acting as `by` (rit_portal.lifecycle's mover)."""
    return VARIATION.move(variation, to=to, by=by, note=note, event=event)


# --- A claim of an activity's spend and its payment -----------------------------------------
#
#    submitted ──HQ approves per line──▶ approved ──HQ records the payment──▶ paid
#       │  ▲
#  HQ   │  │ the organisation sends it again
#returns▼  │
#     returned
#
# The mover locks the claim's row: of two HQ staff approving (or paying) the same claim at
# once, the second finds it moved on and is refused; a Payment is one per claim in the
# database too.

@rules.predicate
def project_of_claim_runs(user, claim) -> bool:
    return claim is not None and is_running(claim.project)


def _claim_comment_check(claim: Claim, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Give your comment: the organisation reads it.")})


CLAIM_MOVES: dict[str, dict[str, Rule]] = {
    C.SUBMITTED: {C.APPROVED: Rule(is_hq_staff),
                  C.RETURNED: Rule(is_hq_staff, check=_claim_comment_check)},
    C.RETURNED: {C.SUBMITTED: Rule(own_claim & project_of_claim_runs)},
    C.APPROVED: {C.PAID: Rule(is_hq_staff)},
    C.PAID: {},
}

EDIT_CLAIM = Ability("edit_claim", gettext_lazy(
    "This claim is with the programme office or decided (%(status)s): it cannot be changed "
    "now."))

CLAIM_ABILITIES: dict[str, frozenset[Ability]] = {
    C.SUBMITTED: frozenset(), C.RETURNED: frozenset({EDIT_CLAIM}),
    C.APPROVED: frozenset(), C.PAID: frozenset(),
}

CLAIM = Lifecycle(
    name="claim", model=Claim, statuses=C, moves=CLAIM_MOVES, abilities=CLAIM_ABILITIES,
    history=ClaimStatusChange, subject="claim",
    stamps={C.SUBMITTED: "submitted_at", C.APPROVED: "approved_at", C.PAID: "paid_at"},
    told={C.RETURNED: Kind.CLAIM_RETURNED, C.APPROVED: Kind.CLAIM_APPROVED,
          C.PAID: Kind.CLAIM_PAID},
    notify=notify,
    addressee=lambda claim: (claim.project.organisation, claim.project.application),
    lock_related=("project__organisation", "project__application"),
    cannot_move=gettext_lazy("A claim cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this move of the claim."),
)
CLAIM.may.update(
    edit=own_claim & project_of_claim_runs & CLAIM.allows(EDIT_CLAIM),
    decide=CLAIM.may_move(C.APPROVED, C.RETURNED),
    pay=CLAIM.may_move(C.PAID),
)


def claim_abilities_for(*, claim: Claim, user) -> May:
    return CLAIM.abilities_for(claim, user)


def claim_transition(*, claim: Claim, to: str, by, note: str = "",
                     event: dict | None = None) -> ClaimStatusChange:
    """Move `claim` to status `to`, acting as `by` (rit_portal.lifecycle's mover)."""
    return CLAIM.move(claim, to=to, by=by, note=note, event=event)


# --- The final report -----------------------------------------------------------------------
#
#    draft ──the organisation submits──▶ submitted ──HQ accepts──▶ accepted (the project is
#                                          │   ▲                 completed; closing letter)
#                              HQ returns, │   │ the organisation
#                              with comment▼   │ submits again
#                                        returned
#
# Submitting needs the last project year over and the report's texts; accepting needs every
# progress report accepted and no claim awaiting a decision or its payment.

def _final_report_complete(final_report: FinalReport, **facts) -> None:
    from django.utils import timezone

    errors = {name: message for name, message in (
        ("outcomes", _("Describe the outcomes over all the project years.")),
        ("business_results", _("Describe the firms' business results (write “none” if "
                               "there were none).")),
        ("lessons", _("Give the lessons learned.")),
    ) if not getattr(final_report, name).strip()}
    if errors:
        raise ValidationError(errors)
    last = final_report.project.years.order_by("-number").first()
    if last is not None and timezone.localdate() <= last.ends_on:
        raise ValidationError(_("The final report is handed in after the last project year "
                                "ends (%(end)s).") % {"end": last.ends_on.isoformat()})


def _final_report_closable(final_report: FinalReport, **facts) -> None:
    project = final_report.project
    if project.years.exclude(report__status=R.ACCEPTED).exists():
        raise ValidationError(_("Accept every year's progress report first."))
    if project.claims.filter(status__in=(C.SUBMITTED, C.APPROVED)).exists():
        raise ValidationError(_("A claim awaits a decision or its payment: settle it before "
                                "closing the accounts."))


def _final_report_comment(final_report: FinalReport, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Say what the organisation should change.")})


@rules.predicate
def project_of_final_report_runs(user, final_report) -> bool:
    return final_report is not None and is_running(final_report.project)


organisation_submits_final = Rule(own_final_report & project_of_final_report_runs,
                                  check=_final_report_complete)

FINAL_REPORT_MOVES: dict[str, dict[str, Rule]] = {
    F.DRAFT: {F.SUBMITTED: organisation_submits_final},
    F.SUBMITTED: {F.ACCEPTED: Rule(is_hq_staff, check=_final_report_closable),
                  F.RETURNED: Rule(is_hq_staff, check=_final_report_comment)},
    F.RETURNED: {F.SUBMITTED: organisation_submits_final},
    F.ACCEPTED: {},
}

EDIT_FINAL_REPORT = Ability("edit_final_report", gettext_lazy(
    "This final report is with the programme office or accepted (%(status)s): it cannot be "
    "changed now."))

FINAL_REPORT_ABILITIES: dict[str, frozenset[Ability]] = {
    F.DRAFT: frozenset({EDIT_FINAL_REPORT}), F.RETURNED: frozenset({EDIT_FINAL_REPORT}),
    F.SUBMITTED: frozenset(), F.ACCEPTED: frozenset(),
}

FINAL_REPORT = Lifecycle(
    name="final_report", model=FinalReport, statuses=F,
    moves=FINAL_REPORT_MOVES, abilities=FINAL_REPORT_ABILITIES,
    history=FinalReportStatusChange, subject="final_report",
    stamps={F.SUBMITTED: "submitted_at", F.ACCEPTED: "accepted_at"},
    # The acceptance is told by the closing letter's e-mail (with the PDF).
    told={F.RETURNED: Kind.FINAL_REPORT_RETURNED},
    notify=notify,
    addressee=lambda final_report: (final_report.project.organisation,
                                    final_report.project.application),
    lock_related=("project__organisation", "project__application"),
    cannot_move=gettext_lazy("A final report cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("You may not make this change to the final report."),
)
FINAL_REPORT.may.update(
    edit=own_final_report & project_of_final_report_runs
    & FINAL_REPORT.allows(EDIT_FINAL_REPORT),
    decide=FINAL_REPORT.may_move(F.ACCEPTED, F.RETURNED),
)


def final_report_abilities_for(*, final_report: FinalReport, user) -> May:
    return FINAL_REPORT.abilities_for(final_report, user)


def final_report_transition(*, final_report: FinalReport, to: str, by, note: str = "",
                            event: dict | None = None) -> FinalReportStatusChange:
    """Move `final_report` to status `to`, acting as `by` (rit_portal.lifecycle's mover)."""
    return FINAL_REPORT.move(final_report, to=to, by=by, note=note, event=event)
