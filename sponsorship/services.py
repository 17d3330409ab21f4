"""Every write of the sponsorship app: cost proposals and sponsorship decisions.

Money is whole yen (Python int, database bigint) from the form to the award letter.
"""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import is_hq_staff
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.workflow import (
    SET_SPONSORSHIP_LEVEL,
    application_transition,
    move_exists,
    require_ability,
)
from rit_portal.system_texts import event

from .eligibility import year_refusal
from .enums import DecisionMode
from .letters import award_letter_request
from .models import CostLine, DecisionLine, SponsorshipDecision


def yen(amount: int) -> str:
    """Whole yen as shown everywhere (messages, pages): ¥1,234,567."""
    return f"¥{amount:,}"


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


@transaction.atomic
def sponsorship_decide(
    *,
    application: Application,
    by: User,
    mode: str,
    percentage: Decimal | None = None,
    line_amounts: dict[int, int] | None = None,
    conditions: str = "",
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
    """
    if not is_hq_staff.test(by):
        raise PermissionDenied(_("Only HQ programme staff may set sponsorship levels."))
    # Lock order: call, then application (as application_submit does).
    call = Call.objects.select_for_update().get(pk=application.call_id)
    current_app = Application.objects.select_for_update().get(pk=application.pk)
    require_ability(application=current_app, ability=SET_SPONSORSHIP_LEVEL)

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
        conditions=conditions.strip(), requested_total=requested_total,
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

    if move_exists(application=current_app, to=S.APPROVED):  # eligible or waitlisted
        application_transition(
            application=current_app, to=S.APPROVED, by=by,
            event=event("decision.approved", amount=approved_total))
    if current_app.decision_published_at is not None:
        # The applicant already knows the outcome: the new level needs its own letter.
        award_letter_request(decision=decision)
    application.status = current_app.status
    return decision


# Fields of a cost line that the applicant types (the total is computed by the database).
COST_LINE_FIELDS = ("activity", "year", "category", "description", "quantity", "unit",
                    "unit_cost")


class CostProposalError(ValidationError):
    """Some rows of a cost proposal were refused; nothing was saved.

    `row_errors` maps the row's index in the submitted list to {field: [messages]}
    (field "__all__" for the row as a whole).
    """

    def __init__(self, row_errors: dict[int, dict[str, list[str]]]):
        self.row_errors = row_errors
        super().__init__([
            _("Row %(n)d: %(messages)s") % {"n": index + 1,
                                            "messages": " ".join(sum(errors.values(), []))}
            for index, errors in sorted(row_errors.items())
        ])


@transaction.atomic
def cost_proposal_save(*, application: Application, by: User,
                       rows: list[dict]) -> list[CostLine]:
    """Make the application's cost proposal exactly `rows`, in that order.

    Each row holds COST_LINE_FIELDS and optionally "id" (an existing line of this
    application, updated in place); existing lines not named are deleted. Every row is
    checked (types, covered category for its activity, year within the project's
    duration) before anything is written: on any problem CostProposalError lists them per
    row and nothing changes. Only the applicant organisation's members, only while the
    application is editable (PermissionDenied otherwise).
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("sponsorship.change_cost_proposal", locked):
        raise PermissionDenied(_("The cost proposal can no longer be changed."))
    existing = {line.pk: line for line in CostLine.objects.filter(application=locked)}
    lines, row_errors = [], {}
    for index, row in enumerate(rows):
        line_id = row.get("id")
        if line_id is not None and line_id not in existing:
            row_errors[index] = {"__all__": [_("This line is not part of the proposal.")]}
            continue
        line = existing.get(line_id) or CostLine(application=locked)
        for field in COST_LINE_FIELDS:
            setattr(line, field, row.get(field))
        line.position = index
        errors: dict[str, list[str]] = {}
        try:
            line.full_clean(exclude=["application"])
        except ValidationError as exc:
            errors = exc.message_dict
        year_problem = year_refusal(year=line.year if isinstance(line.year, int) else None,
                                    duration_years=locked.duration_years)
        if year_problem and "year" not in errors:
            errors["year"] = [year_problem]
        if errors:
            row_errors[index] = errors
        lines.append(line)
    if row_errors:
        raise CostProposalError(row_errors)

    kept = {line.pk for line in lines if line.pk}
    CostLine.objects.filter(application=locked).exclude(pk__in=kept).delete()
    for line in lines:
        line.save()
    Application.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return list(CostLine.objects.filter(application=locked))


@transaction.atomic
def cost_proposal_import(*, application: Application, by: User, rows: list[dict],
                         append: bool) -> list[CostLine]:
    """Make the cost proposal `rows` (imported from a file), or the current lines followed
    by `rows` when `append`; checked and saved as `cost_proposal_save` does.

    On refusal CostProposalError.row_errors is keyed by the index in `rows`; a problem with
    a current line (e.g. a year beyond a since-shortened duration) is keyed by a negative
    index (-1 for the first current line, -2 for the second, …).
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    current = [{**{field: getattr(line, field) for field in COST_LINE_FIELDS}, "id": line.pk}
               for line in CostLine.objects.filter(application=locked)] if append else []
    try:
        return cost_proposal_save(application=locked, by=by, rows=current + rows)
    except CostProposalError as exc:
        raise CostProposalError({
            (index - len(current)) if index >= len(current) else -1 - index: errors
            for index, errors in exc.row_errors.items()}) from exc
