"""Claims and payments: the organisation claims the spend of a held activity against the
approved lines of its year (the activity's type), each line with its receipts from the
progress reports (reused, never uploaded twice); HQ approves an amount per line, never
above what was claimed nor above the line's remaining ceiling, and records the payment
once (workflow.CLAIM).

A line's remaining ceiling is its approved amount less what HQ approved for it in other
claims. The lines are locked while HQ approves, so two claims approved at once cannot pass
a ceiling together; the claim's row is locked by the mover, so two HQ staff approving or
paying the same claim at once make one approval and one payment.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from rit_portal.money import yen
from rit_portal.permissions import require
from rit_portal.system_texts import event

from ..enums import ClaimStatus
from ..models import ApprovedLine, Claim, ClaimLine, Payment, Project, ProjectActivity, Receipt
from ..workflow import CLAIM, EDIT_CLAIM, claim_transition
from .project import require_member

DECIDED = (ClaimStatus.APPROVED, ClaimStatus.PAID)
PENDING = (ClaimStatus.SUBMITTED, ClaimStatus.RETURNED)


def claim_lines_for(activity: ProjectActivity):
    """The approved lines a held activity's spend is claimed against: its year's lines of
    its type that hold money."""
    return (ApprovedLine.objects.filter(project_year_id=activity.project_year_id,
                                        activity=activity.activity_type, approved_amount__gt=0)
            .select_related("project_year").order_by("category"))


def receipts_for(line: ApprovedLine):
    """The receipts already in the progress reports for spend against `line`."""
    return (Receipt.objects.filter(spend_line__approved_line=line)
            .select_related("spend_line").order_by("spend_line__paid_on", "pk"))


def remaining_ceilings(lines, *, excluding: Claim | None = None,
                       with_pending: bool = False) -> dict[int, int]:
    """{line id: approved amount less what HQ approved for it in other claims} (and less
    what other claims still pending claim, with `with_pending`)."""
    taken = Q(claim_lines__claim__status__in=DECIDED)
    pending = Q(claim_lines__claim__status__in=PENDING)
    if excluding is not None:
        taken &= ~Q(claim_lines__claim=excluding)
        pending &= ~Q(claim_lines__claim=excluding)
    rows = (ApprovedLine.objects.filter(pk__in=[line.pk for line in lines])
            .annotate(approved_elsewhere=Coalesce(Sum("claim_lines__approved", filter=taken),
                                                  Value(0), output_field=BigIntegerField()),
                      pending_elsewhere=Coalesce(Sum("claim_lines__claimed", filter=pending),
                                                 Value(0), output_field=BigIntegerField()))
            .values_list("pk", "approved_amount", "approved_elsewhere", "pending_elsewhere"))
    return {pk: max(amount - approved - (pending_amount if with_pending else 0), 0)
            for pk, amount, approved, pending_amount in rows}


def _claim_lines_check(activity, amounts: dict[int, int], receipts: dict[int, list],
                       *, claim: Claim | None = None) -> list[tuple[ApprovedLine, int, list]]:
    lines = {line.pk: line for line in claim_lines_for(activity)}
    if set(amounts) - set(lines):
        raise ValidationError({"lines": _("Choose approved lines of the activity.")})
    chosen = [(lines[pk], amount) for pk, amount in amounts.items() if amount]
    if not chosen:
        raise ValidationError({"lines": _("Claim an amount on at least one line.")})
    remaining = remaining_ceilings([line for line, _a in chosen], excluding=claim,
                                   with_pending=True)
    result = []
    for line, amount in chosen:
        if amount < 0:
            raise ValidationError({"lines": _("Amounts cannot be negative.")})
        if amount > remaining[line.pk]:
            raise ValidationError({"lines": _(
                "“%(line)s”: at most %(remaining)s can still be claimed (approved "
                "%(approved)s).") % {"line": line, "remaining": yen(remaining[line.pk]),
                                     "approved": yen(line.approved_amount)}})
        chosen_receipts = list(receipts_for(line).filter(pk__in=receipts.get(line.pk, [])))
        if not chosen_receipts:
            raise ValidationError({"lines": _(
                "“%(line)s”: choose its receipts (add them to the progress report's spend "
                "first).") % {"line": line}})
        result.append((line, amount, chosen_receipts))
    return result


def _save_lines(claim: Claim, checked) -> None:
    claim.lines.all().delete()
    for line, amount, chosen_receipts in checked:
        row = ClaimLine.objects.create(claim=claim, approved_line=line, claimed=amount)
        row.receipts.set(chosen_receipts)


@transaction.atomic
def claim_submit(*, project: Project, by, activity: ProjectActivity,
                 amounts: dict[int, int], receipts: dict[int, list]) -> Claim:
    """The organisation claims a held activity's spend: {approved line id: yen}, each with
    receipts of the progress reports ({line id: [receipt ids]}). Refused, with the message
    at the lines, above a line's remaining ceiling or without receipts."""
    require_member(project=project, by=by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if activity.project_year.project_id != project.pk or not activity.is_held:
        raise ValidationError({"activity": _("Choose a held activity of this project.")})
    checked = _claim_lines_check(activity, amounts, receipts)
    number = (project.claims.aggregate(m=Max("number"))["m"] or 0) + 1
    claim = Claim(project=project, number=number, activity=activity, submitted_by=by)
    claim.full_clean(exclude=["project", "activity", "submitted_by"])
    claim.save()
    _save_lines(claim, checked)
    audit_record(event=event("claim.submitted", number=number,
                             amount=sum(a for _l, a, _r in checked)),
                 by=by, application=project.application)
    return claim


@transaction.atomic
def claim_resubmit(*, claim: Claim, by, amounts: dict[int, int],
                   receipts: dict[int, list]) -> Claim:
    """The organisation changes a returned claim and sends it again."""
    require_member(project=claim.project, by=by)
    CLAIM.require(claim, EDIT_CLAIM)
    _save_lines(claim, _claim_lines_check(claim.activity, amounts, receipts, claim=claim))
    claim_transition(claim=claim, to=ClaimStatus.SUBMITTED, by=by)
    return claim


def _hq(by) -> None:
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may decide on a claim."))


@transaction.atomic
def claim_approve(*, claim: Claim, by, amounts: dict[int, int], note: str = "") -> Claim:
    """HQ approves `amounts` {claim line id: yen} (0 for a line not covered): each at most
    what was claimed and the line's remaining ceiling, else ValidationError at the line's
    field (`line_<id>`) and nothing saved. The organisation is e-mailed."""
    _hq(by)
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, by=by, note=note)
    rows = list(claim.lines.all())
    # Lock the approved lines: claims approved at once cannot pass a ceiling together.
    list(ApprovedLine.objects.select_for_update()
         .filter(pk__in=[row.approved_line_id for row in rows]).order_by("pk"))
    remaining = remaining_ceilings([row.approved_line for row in rows], excluding=claim)
    errors = {}
    for row in rows:
        amount = amounts.get(row.pk)
        if amount is None or amount < 0:
            errors[f"line_{row.pk}"] = _("Give the amount approved (0 for none).")
        elif amount > row.claimed:
            errors[f"line_{row.pk}"] = _("At most the %(claimed)s claimed.") % {
                "claimed": yen(row.claimed)}
        elif amount > remaining[row.approved_line_id]:
            errors[f"line_{row.pk}"] = _(
                "At most %(remaining)s: what remains of the line's %(approved)s.") % {
                "remaining": yen(remaining[row.approved_line_id]),
                "approved": yen(row.approved_line.approved_amount)}
        else:
            row.approved = amount
    if errors:
        raise ValidationError(errors)
    for row in rows:
        row.save(update_fields=["approved"])
    audit_record(event=event("claim.approved", number=claim.number,
                             amount=sum(row.approved for row in rows)),
                 by=by, application=claim.project.application, note=note.strip())
    return claim


@transaction.atomic
def claim_return(*, claim: Claim, by, note: str) -> Claim:
    """HQ sends the claim back with what to change (e-mailed)."""
    _hq(by)
    change = claim_transition(claim=claim, to=ClaimStatus.RETURNED, by=by, note=note)
    audit_record(event=event("claim.returned", number=claim.number), by=by,
                 application=claim.project.application, note=change.note)
    return claim


@transaction.atomic
def claim_pay(*, claim: Claim, by, paid_on, reference: str) -> Payment:
    """HQ records the payment of an approved claim (its approved total): once. A second
    attempt, even at the same moment, is refused (the claim has moved on; the database
    keeps one payment per claim). The organisation is e-mailed."""
    _hq(by)
    reference = (reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Give the payment's reference (transfer number).")
    if paid_on and paid_on > timezone.localdate():
        errors["paid_on"] = _("The payment date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    change = claim_transition(claim=claim, to=ClaimStatus.PAID, by=by)
    amount = claim.lines.aggregate(s=Coalesce(Sum("approved"), Value(0),
                                              output_field=BigIntegerField()))["s"]
    payment = Payment(claim=claim, paid_on=paid_on, amount=amount, reference=reference,
                      recorded_by=by, recorded_at=change.at)
    payment.full_clean(exclude=["claim"])
    payment.save()
    audit_record(event=event("claim.paid", number=claim.number, amount=amount,
                             reference=reference), by=by,
                 application=claim.project.application)
    return payment
