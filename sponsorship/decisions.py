"""The decision, in the order a reader follows it: the selection board's decisions
(eligible / ineligible / waitlist / reject), the sponsorship level (approval within the
call's envelope), publication to the applicants, and the award letters it requests; an
approval's publication also creates its sponsored project (projects.services).

Every status change goes through applications.workflow.application_transition; the
scores come from the reviews app (to the left), computed once per decision and handed to
the workflow's pass-mark check. Award letters are produced by letters.py.
"""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApplicantOrganisation, User
from applications.enums import DECIDED
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.predicates import is_decision_published, published_filter
from applications.services.office_copies import DECISION_PUBLISHED, office_copy_record
from applications.workflow import APPLICATION, SET_SPONSORSHIP_LEVEL, application_transition
from audit.services import audit_record
from notifications.enums import Kind
from notifications.services import notify
from reviews.selectors import ApplicationScores, application_scores, feedback_missing
from rit_portal.money import yen
from rit_portal.permissions import ONLY_HQ, require
from rit_portal.registry import Registry
from rit_portal.system_texts import event

from .enums import (
    DECISION_TARGETS,
    DECISIONS_FROM_SCORES,
    DECISIONS_NEEDING_A_REASON,
    BoardAction,
    DecisionMode,
)
from .letters import award_letter_request
from .models import CostLine, DecisionLine, SponsorshipDecision

# Functions (decision=...) called in the publishing transaction for each published approval
# (and for a new version of one already published), registered by apps further up: the
# projects app creates the sponsored project (projects/apps.py).
ON_PUBLICATION = Registry("what happens when an approval is published")


# --- 1. The selection board's decisions ---------------------------------------------------

def _pass_mark_event(scores: ApplicationScores) -> dict:
    """What the scores say about eligibility, for the timeline."""
    if scores.failing:
        return event("decision.below_pass_mark", criteria=scores.failing_criteria)
    return event("decision.pass_marks_met")


@transaction.atomic
def application_decide(*, application: Application, by, action: str, reason: str = ""):
    """One decision of the selection board: an action of enums.DECISION_TARGETS
    (eligible, ineligible, waitlist, reject), eligibility from the scores, or approval in
    full (sponsorship_decide with FULL, `reason` as its conditions).

    Eligibility follows the scores, computed once here and handed to the workflow's
    pass-mark check (and recorded on the timeline); a rejection needs a reason.
    """
    require(by, "sponsorship.decide", message=ONLY_HQ)
    reason = reason.strip()
    if action == BoardAction.APPROVE_IN_FULL:
        return sponsorship_decide(application=application, by=by, mode=DecisionMode.FULL,
                                  conditions=reason)
    scores = None
    if action == BoardAction.ELIGIBILITY_FROM_SCORES:
        scores = application_scores(application=application)
        action = "ineligible" if scores.failing else "eligible"
    if action not in DECISION_TARGETS:
        raise ValidationError(_("Unknown action."))
    if action in DECISIONS_NEEDING_A_REASON and not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if action in DECISIONS_FROM_SCORES and scores is None:
        scores = application_scores(application=application)
    return application_transition(
        application=application, to=DECISION_TARGETS[action], by=by, note=reason,
        event=_pass_mark_event(scores) if scores else None,
        below_pass_mark=scores.failing if scores else None)


# --- 2. The sponsorship level ---------------------------------------------------------------

def percentage_share(*, requested: int, percentage: Decimal) -> int:
    """`percentage` % of `requested` yen, rounded down to the whole yen.

    Rounding down per line keeps every line (and so the total) within the stated share:
    HQ never approves more than it said. The total is the sum of the rounded lines.
    """
    return int((Decimal(requested) * percentage / 100).to_integral_value(rounding=ROUND_DOWN))


def _approved_amounts(*, lines: list[CostLine], mode: str, percentage: Decimal | None,
                      line_amounts: dict[int, int] | None) -> dict[int, int]:
    """Approved yen per cost line id for `mode`; raises ValidationError on bad input."""
    if mode == DecisionMode.FULL:
        return {line.pk: line.total for line in lines}
    if mode == DecisionMode.PERCENTAGE:
        if percentage is None:
            raise ValidationError({"percentage": _("Enter the share of the request to approve.")})
        percentage = Decimal(percentage)
        if not (0 < percentage <= 100):
            raise ValidationError(
                {"percentage": _("The share must be more than 0% and at most 100%.")})
        return {line.pk: percentage_share(requested=line.total, percentage=percentage)
                for line in lines}
    if mode == DecisionMode.PER_LINE:
        line_amounts = line_amounts or {}
        by_id = {line.pk: line for line in lines}
        unknown = set(line_amounts) - set(by_id)
        if unknown:
            raise ValidationError(_("Some amounts refer to lines that are not in this cost "
                                    "proposal."))
        errors, amounts = {}, {}
        for line in lines:
            amount = line_amounts.get(line.pk, 0)
            if isinstance(amount, bool) or not isinstance(amount, int):
                errors[f"line_{line.pk}"] = _("Enter a whole number of yen.")
            elif amount < 0:
                errors[f"line_{line.pk}"] = _("The approved amount cannot be negative.")
            elif amount > line.total:
                errors[f"line_{line.pk}"] = _(
                    "At most the requested %(requested)s can be approved for this line."
                ) % {"requested": yen(line.total)}
            else:
                amounts[line.pk] = amount
        if errors:
            raise ValidationError(errors)
        return amounts
    raise ValidationError({"mode": _("Choose how the sponsorship level is set.")})


def _require_conditions_in_both_languages(*, conditions_ja: str, conditions_en: str) -> None:
    """Conditions printed on one page of the award letter and missing on the other would
    leave the English page in Japanese (or the Japanese page without them)."""
    if conditions_ja and not conditions_en:
        raise ValidationError({"conditions_en": _(
            "Write the conditions in English too: the award letter's English page prints "
            "them.")})
    if conditions_en and not conditions_ja:
        raise ValidationError({"conditions": _(
            "Write the conditions in Japanese too: the award letter's Japanese page prints "
            "them.")})


@transaction.atomic
def sponsorship_decide(
    *,
    application: Application,
    by: User,
    mode: str,
    percentage: Decimal | None = None,
    line_amounts: dict[int, int] | None = None,
    conditions: str = "",
    conditions_en: str = "",
) -> SponsorshipDecision:
    """Set the application's sponsorship level as a new decision version.

    `mode` FULL approves every line as requested; PER_LINE takes `line_amounts`
    {cost line id: approved yen, 0..requested; lines left out get 0}; PERCENTAGE approves
    `percentage` % of every line, rounded down to the yen per line (see
    `percentage_share`).

    Guarantees: only HQ staff (else PermissionDenied), only for an application that is
    ELIGIBLE, WAITLISTED (moved to APPROVED through the workflow) or APPROVED (a revised
    level; status unchanged). The call row is locked before the envelope is summed, so
    the current decisions of a call never add up to more than its budget envelope, even
    under concurrent approvals: the later one gets ValidationError and nothing is saved.
    The previous current version is kept with is_current=False. When the decision was
    already published, a new award letter is requested for the new version.

    `conditions` (Japanese) and `conditions_en` are given both or neither: every award
    letter has a Japanese and an English page, and each prints them in its language.
    """
    require(by, "sponsorship.decide",
            message=_("Only HQ programme staff may set sponsorship levels."))
    conditions, conditions_en = conditions.strip(), conditions_en.strip()
    _require_conditions_in_both_languages(conditions_ja=conditions, conditions_en=conditions_en)
    # Lock order: call, then application (as application_submit does).
    call = Call.objects.select_for_update().get(pk=application.call_id)
    current_app = Application.objects.select_for_update().get(pk=application.pk)
    APPLICATION.require(current_app, SET_SPONSORSHIP_LEVEL)

    lines = list(CostLine.objects.filter(application=current_app).order_by("pk"))
    if not lines:
        raise ValidationError(_("The application has no cost lines to approve."))
    amounts = _approved_amounts(lines=lines, mode=mode, percentage=percentage,
                                line_amounts=line_amounts)
    requested_total = sum(line.total for line in lines)
    approved_total = sum(amounts.values())
    if approved_total <= 0:
        raise ValidationError(_("Approve at least one yen; to turn the application down, "
                                "reject it on the selection board instead."))

    others = (
        SponsorshipDecision.objects.filter(application__call=call, is_current=True)
        .exclude(application=current_app)
        .aggregate(s=Coalesce(Sum("approved_total"), Value(0),
                              output_field=BigIntegerField()))["s"]
    )
    remaining = call.budget_envelope - others
    if approved_total > remaining:
        raise ValidationError(
            _("Approving %(amount)s would exceed the call's budget envelope: only "
              "%(remaining)s of %(envelope)s remains. Nothing was saved.")
            % {"amount": yen(approved_total), "remaining": yen(max(remaining, 0)),
               "envelope": yen(call.budget_envelope)})

    last_version = (SponsorshipDecision.objects.filter(application=current_app)
                    .aggregate(m=Max("version"))["m"] or 0)
    SponsorshipDecision.objects.filter(application=current_app, is_current=True).update(
        is_current=False)
    decision = SponsorshipDecision(
        application=current_app, version=last_version + 1, mode=mode,
        percentage=Decimal(percentage) if mode == DecisionMode.PERCENTAGE else None,
        conditions_ja=conditions, conditions_en=conditions_en, requested_total=requested_total,
        approved_total=approved_total, decided_by=by, decided_at=timezone.now(),
        is_current=True,
    )
    decision.full_clean(validate_constraints=False)
    decision.save()
    decision_lines = [
        DecisionLine(decision=decision, cost_line=line, requested_amount=line.total,
                     approved_amount=amounts.get(line.pk, 0))
        for line in lines
    ]
    for decision_line in decision_lines:
        decision_line.full_clean(exclude=["decision", "cost_line"], validate_constraints=False)
    DecisionLine.objects.bulk_create(decision_lines)
    audit_record(event=event("decision.level_set", version=decision.version, mode=mode,
                             amount=approved_total, requested=requested_total),
                 by=by, application=current_app, note=decision.conditions_ja)

    if APPLICATION.move_exists(current_app, S.APPROVED):  # eligible or waitlisted
        application_transition(
            application=current_app, to=S.APPROVED, by=by,
            event=event("decision.approved", amount=approved_total))
    if is_decision_published(current_app):
        # The applicant already knows the outcome: the new level needs its own letter, and
        # the sponsored project (created now if the approval is new) its approved amounts.
        award_letter_request(decision=decision)
        _approval_published(decision)
    application.status = current_app.status
    return decision


# --- 3. Publication and the award letters ----------------------------------------------

def decisions_to_publish(*, call: Call) -> list[Application]:
    """The applications a publication of `call`'s decisions covers: every decided one not
    yet published, by organisation (each organisation's are published together, with one
    e-mail). Refused (ValidationError) when there is nothing to publish, and while the
    feedback to an applicant is not written for every criterion and the value (one message
    per application)."""
    applications = list(Application.objects.filter(published_filter(yes=False), call=call,
                                                   status__in=DECIDED)
                        .order_by("organisation_id", "pk"))
    if not applications:
        raise ValidationError(_("There are no new decisions to publish."))
    _require_feedback(applications)
    return applications


def _require_feedback(applications: list[Application]) -> None:
    missing = feedback_missing(application_ids=[a.pk for a in applications])
    if missing:
        raise ValidationError([
            _("%(ref)s: write the feedback to the applicant first (%(items)s).")
            % {"ref": a.reference or a.title, "items": ", ".join(missing[a.pk])}
            for a in applications if a.pk in missing])


@transaction.atomic
def organisation_decisions_publish(*, call: Call, application_ids: list[int],
                                   by) -> dict[int, str]:
    """Publish the decisions of `application_ids`, applications of one organisation in
    `call` (one group of a publication job, sponsorship/board_jobs.py), in one transaction.

    Sets `decision_published_at` on each, records ONE e-mail to the organisation listing
    their outcomes (sent after commit), requests the award letter of each approval and
    tells the apps further up (ON_PUBLICATION: the projects app creates its sponsored
    project with years, due dates, approved lines). An application published meanwhile or
    no longer decided is left alone: returned {application id: why}, the rest published.
    Refused (ValidationError, nothing saved) while a feedback is not written.
    """
    require(by, "sponsorship.decide", message=ONLY_HQ)
    # Lock order: call, then applications (as sponsorship_decide): an approval changed
    # meanwhile is published either before or after the change, never half-way.
    Call.objects.select_for_update().get(pk=call.pk)
    applications = list(Application.objects.select_for_update()
                        .filter(pk__in=application_ids, call=call).order_by("pk"))
    left = {}
    for application in applications:
        if is_decision_published(application):
            left[application.pk] = _("Its decision was published already.")
        elif application.status not in DECIDED:
            left[application.pk] = _("It has no decision to publish (now: %(status)s).") % {
                "status": application.get_status_display()}
    published = [a for a in applications if a.pk not in left]
    if not published:
        return left
    _require_feedback(published)
    now = timezone.now()
    Application.objects.filter(pk__in=[a.pk for a in published]).update(
        decision_published_at=now)
    for application in published:
        application.decision_published_at = now
        audit_record(event=event("application.decision_published"), by=by,
                     application=application)
        office_copy_record(application=application, what=DECISION_PUBLISHED,
                           once_for={"published_at": now.isoformat()})
    # The decision e-mail is recorded first, so that the applicant reads the outcome before
    # the award letter arrives (on-commit callbacks run in registration order).
    organisation = ApplicantOrganisation.objects.get(pk=published[0].organisation_id)
    notify(Kind.DECISIONS_PUBLISHED, to=organisation, about=published,
           params={"organisation": organisation.pk,
                   "applications": [a.pk for a in published]},
           once_for={"published_at": now.isoformat()})
    decisions = SponsorshipDecision.objects.filter(
        application__in=published, application__status=S.APPROVED, is_current=True)
    for decision in decisions:
        award_letter_request(decision=decision)
        _approval_published(decision)
    return left


def _approval_published(decision: SponsorshipDecision) -> None:
    """What apps further up do when an approval is published, or a published approval
    gets a new decision version, in this transaction (ON_PUBLICATION: the projects app
    creates the sponsored project or gives it the new amounts)."""
    for published in ON_PUBLICATION:
        published(decision=decision)
