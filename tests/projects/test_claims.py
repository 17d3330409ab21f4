"""Claims and payments: a held activity's spend claimed per approved line with the progress
report's receipts; HQ approves per line within the claim and the line's remaining ceiling;
the payment is recorded once, also when two HQ staff approve and pay at the same moment
(PostgreSQL, two connections)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.enums import Role
from notifications.enums import Kind
from notifications.models import Notification
from projects.enums import ClaimStatus
from projects.models import ApprovedLine, Claim, Payment, Receipt
from projects.services import (
    claim_approve,
    claim_pay,
    claim_return,
    claim_submit,
    spend_line_create,
)
from rit_portal.lifecycle import IllegalTransition
from sponsorship.enums import Activity, CostCategory
from tests.factories import UserFactory
from tests.projects.builders import (
    held_activity,
    member_of,
    published_project,
    receipt_pdf,
    year_of,
)


def airfare(project):
    return ApprovedLine.objects.get(project_year__project=project, project_year__number=1,
                                    activity=Activity.MATCHING_IN_JAPAN,
                                    category=CostCategory.INTERNATIONAL_AIRFARE)


def _claimable(project, member, spent=600_000):
    """A held business matching in Japan and its airfare spent in the report (a receipt)."""
    activity = held_activity(project, member)
    spend = spend_line_create(report=year_of(project).report, by=member,
                              approved_line=airfare(project), description="航空運賃",
                              amount=spent, paid_on=dt.date(2026, 7, 20),
                              receipt=receipt_pdf())
    return activity, Receipt.objects.get(spend_line=spend)


def _claim(project, member, amount=600_000):
    activity, receipt = _claimable(project, member)
    return claim_submit(project=project, by=member, activity=activity,
                        amounts={airfare(project).pk: amount},
                        receipts={airfare(project).pk: [receipt.pk]})


@pytest.mark.django_db
def test_a_claim_reuses_the_reports_receipts_and_is_approved_and_paid_once(project, member,
                                                                          hq_staff):
    claim = _claim(project, member)
    (line,) = claim.lines.all()
    assert (line.claimed, list(line.receipts.values_list("original_name", flat=True))) == (
        600_000, ["receipt.pdf"])
    assert Receipt.objects.filter(spend_line__report__project_year__project=project).count() == 1

    claim_approve(claim=claim, by=hq_staff, amounts={line.pk: 550_000}, note="一部対象外")
    payment = claim_pay(claim=claim, by=hq_staff, paid_on=dt.date(2026, 12, 1),
                        reference="FB-2026-1201-001")
    claim.refresh_from_db()
    assert (claim.status, payment.amount, payment.reference) == (
        ClaimStatus.PAID, 550_000, "FB-2026-1201-001")
    with pytest.raises(IllegalTransition):
        claim_pay(claim=claim, by=hq_staff, paid_on=dt.date(2026, 12, 2), reference="again")
    assert Payment.objects.count() == 1
    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True))[-2:] == [
        Kind.CLAIM_APPROVED, Kind.CLAIM_PAID]


@pytest.mark.django_db
def test_hq_never_approves_above_the_claim_or_the_lines_remaining_ceiling(project, member,
                                                                         hq_staff):
    first = _claim(project, member, amount=600_000)
    (row,) = first.lines.all()
    with pytest.raises(ValidationError) as exc:
        claim_approve(claim=first, by=hq_staff, amounts={row.pk: 600_001})
    assert exc.value.message_dict == {f"line_{row.pk}": ["At most the ¥600,000 claimed."]}
    claim_approve(claim=first, by=hq_staff, amounts={row.pk: 600_000})

    # ¥150,000 of the line's ¥750,000 remains: a claim above it is refused at the lines.
    activity, receipt = _claimable(project, member, spent=100_000)
    with pytest.raises(ValidationError) as exc:
        claim_submit(project=project, by=member, activity=activity,
                     amounts={airfare(project).pk: 200_000},
                     receipts={airfare(project).pk: [receipt.pk]})
    assert exc.value.message_dict == {"lines": [
        "“Business matching in Japan / International airfare”: at most ¥150,000 can still be "
        "claimed (approved ¥750,000)."]}


@pytest.mark.django_db
def test_a_claim_without_receipts_is_refused_and_a_return_needs_a_comment(project, member,
                                                                         hq_staff):
    activity, _receipt = _claimable(project, member)
    with pytest.raises(ValidationError) as exc:
        claim_submit(project=project, by=member, activity=activity,
                     amounts={airfare(project).pk: 100_000}, receipts={})
    assert exc.value.message_dict == {"lines": [
        "“Business matching in Japan / International airfare”: choose its receipts (add them "
        "to the progress report's spend first)."]}
    claim = claim_submit(project=project, by=member, activity=activity,
                         amounts={airfare(project).pk: 100_000},
                         receipts={airfare(project).pk: [_receipt.pk]})
    with pytest.raises(ValidationError):
        claim_return(claim=claim, by=hq_staff, note="")
    claim_return(claim=claim, by=hq_staff, note="領収書の宛名を確認してください。")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_hq_staff_approving_and_paying_the_same_claim_at_once_record_one_payment(
        require_postgresql):
    project = published_project()
    member = member_of(project)
    claim = _claim(project, member)
    (row,) = claim.lines.all()
    staff = [UserFactory(role=Role.HQ_STAFF) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, list[str]] = {0: [], 1: []}

    def decide(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for step in ("approve", "pay"):
                mine = Claim.objects.get(pk=claim.pk)
                try:
                    if step == "approve":
                        claim_approve(claim=mine, by=staff[index], amounts={row.pk: 600_000})
                    else:
                        claim_pay(claim=mine, by=staff[index], paid_on=dt.date(2026, 12, 1),
                                  reference=f"FB-{index}")
                    outcomes[index].append(step)
                except IllegalTransition:
                    outcomes[index].append(f"{step} refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes[0] + outcomes[1]).count("approve") == 1
    assert Payment.objects.filter(claim=claim).count() == 1
    assert Payment.objects.get(claim=claim).amount == 600_000
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
    assert claim.status_changes.filter(to_status=ClaimStatus.PAID).count() == 1
