"""sponsorship_decide: the three modes, versions, the envelope (also under concurrency)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.models import Application, StatusChange
from sponsorship.decisions import percentage_share, sponsorship_decide
from sponsorship.enums import DecisionMode
from sponsorship.models import DecisionLine, SponsorshipDecision
from sponsorship.selectors import call_budget_summary, with_money_totals
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.sponsorship.factories import CostLineFactory


def eligible_application(call=None, line_totals=(300_000, 200_000, 100_000), status=S.ELIGIBLE):
    application = ApplicationFactory(status=status, **({"call": call} if call else {}))
    for total in line_totals:
        CostLineFactory(application=application, quantity=1, unit_cost=total)
    return application


def test_full_approval_approves_every_line_and_moves_to_approved(hq_staff):
    application = eligible_application()

    decision = sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL,
                                  conditions="  代表団の派遣ごとに報告すること。  ",
                                  conditions_en="  Report after each delegation.  ")

    assert (decision.version, decision.requested_total, decision.approved_total) == (
        1, 600_000, 600_000)
    assert (decision.conditions_ja, decision.conditions_en) == (
        "代表団の派遣ごとに報告すること。", "Report after each delegation.")
    assert decision.decided_by == hq_staff
    assert decision.is_current is True
    assert sorted(decision.lines.values_list("requested_amount", "approved_amount")) == [
        (100_000, 100_000), (200_000, 200_000), (300_000, 300_000)]
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert list(StatusChange.objects.filter(application=application)
                .values_list("from_status", "to_status", "by")) == [
        (S.ELIGIBLE, S.APPROVED, hq_staff.pk)]


def test_per_line_approval_reduces_and_leaves_out_lines(hq_staff):
    application = eligible_application()
    first, second, third = application.cost_lines.order_by("-unit_cost")

    decision = sponsorship_decide(
        application=application, by=hq_staff, mode=DecisionMode.PER_LINE,
        line_amounts={first.pk: 250_000, second.pk: 200_000})

    assert (decision.requested_total, decision.approved_total) == (600_000, 450_000)
    assert dict(decision.lines.values_list("cost_line_id", "approved_amount")) == {
        first.pk: 250_000, second.pk: 200_000, third.pk: 0}


def test_percentage_approval_rounds_each_line_down_to_the_yen(hq_staff):
    application = eligible_application(line_totals=(33_333, 10_001, 99))

    decision = sponsorship_decide(application=application, by=hq_staff,
                                  mode=DecisionMode.PERCENTAGE, percentage=Decimal("50"))

    # 16,666.5 → 16,666; 5,000.5 → 5,000; 49.5 → 49
    assert sorted(decision.lines.values_list("approved_amount", flat=True)) == [
        49, 5_000, 16_666]
    assert (decision.requested_total, decision.approved_total) == (43_433, 21_715)
    assert decision.percentage == Decimal("50.00")
    assert isinstance(decision.approved_total, int)


@pytest.mark.parametrize(("requested", "percentage", "expected"), [
    (100_000, Decimal("75"), 75_000),
    (100_001, Decimal("33.33"), 33_330),
    (1, Decimal("99.99"), 0),
    (999_999, Decimal("100"), 999_999),
])
def test_percentage_share_rounding_rule(requested, percentage, expected):
    assert percentage_share(requested=requested, percentage=percentage) == expected


@pytest.mark.parametrize(("amount", "message"), [
    (300_001, "At most the requested ¥300,000 can be approved for this line."),
    (-1, "The approved amount cannot be negative."),
    (Decimal("1.5"), "Enter a whole number of yen."),
    (1.0, "Enter a whole number of yen."),
])
def test_per_line_amount_outside_the_request_is_refused(hq_staff, amount, message):
    application = eligible_application()
    line = application.cost_lines.get(unit_cost=300_000)

    with pytest.raises(ValidationError) as error:
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PER_LINE,
                           line_amounts={line.pk: amount})

    assert error.value.message_dict == {f"line_{line.pk}": [message]}
    assert SponsorshipDecision.objects.count() == 0
    assert Application.objects.get(pk=application.pk).status == S.ELIGIBLE


def test_per_line_amount_for_another_applications_line_is_refused(hq_staff):
    application = eligible_application()
    stranger = CostLineFactory()

    with pytest.raises(ValidationError):
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PER_LINE,
                           line_amounts={stranger.pk: 1})
    assert SponsorshipDecision.objects.count() == 0


@pytest.mark.parametrize("percentage", [None, Decimal("0"), Decimal("100.01"), Decimal("-5")])
def test_percentage_out_of_range_is_refused(hq_staff, percentage):
    application = eligible_application()

    with pytest.raises(ValidationError) as error:
        sponsorship_decide(application=application, by=hq_staff,
                           mode=DecisionMode.PERCENTAGE, percentage=percentage)

    assert list(error.value.message_dict) == ["percentage"]
    assert SponsorshipDecision.objects.count() == 0


def test_approving_nothing_is_refused(hq_staff):
    application = eligible_application()

    with pytest.raises(ValidationError):
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PER_LINE,
                           line_amounts={})
    assert SponsorshipDecision.objects.count() == 0


def test_unknown_mode_is_refused(hq_staff):
    with pytest.raises(ValidationError):
        sponsorship_decide(application=eligible_application(), by=hq_staff, mode="generous")


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REVIEWED,
                                    S.INELIGIBLE, S.REJECTED, S.WITHDRAWN, S.INFO_REQUESTED])
def test_only_eligible_waitlisted_or_approved_applications_are_decided(hq_staff, status):
    application = eligible_application(status=status)

    with pytest.raises(ValidationError):
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    assert SponsorshipDecision.objects.count() == 0


def test_waitlisted_application_moves_to_approved(hq_staff):
    application = eligible_application(status=S.WAITLISTED)

    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)

    assert Application.objects.get(pk=application.pk).status == S.APPROVED


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.HQ_REVIEWER, Role.OVERSEAS_REVIEWER])
def test_only_hq_staff_decide(db, role):
    from regions.models import JetroOffice

    application = eligible_application()
    user = UserFactory(
        role=role,
        organisation=application.organisation if role == Role.APPLICANT else None,
        office=JetroOffice.objects.get(code="DUS") if role == Role.OVERSEAS_REVIEWER else None)

    with pytest.raises(PermissionDenied):
        sponsorship_decide(application=application, by=user, mode=DecisionMode.FULL)
    assert SponsorshipDecision.objects.count() == 0


def test_site_admin_decides(db):
    admin = UserFactory(role=Role.SITE_ADMIN)
    decision = sponsorship_decide(application=eligible_application(), by=admin,
                                  mode=DecisionMode.FULL)
    assert decision.decided_by == admin


def test_revision_creates_a_new_version_and_keeps_the_old(hq_staff):
    application = eligible_application()
    first = sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    other_staff = UserFactory(role=Role.HQ_STAFF)

    second = sponsorship_decide(application=application, by=other_staff,
                                mode=DecisionMode.PERCENTAGE, percentage=Decimal("80"))

    assert list(SponsorshipDecision.objects.filter(application=application)
                .values_list("version", "is_current", "approved_total", "decided_by")) == [
        (2, True, 480_000, other_staff.pk), (1, False, 600_000, hq_staff.pk)]
    assert second.version == 2
    assert DecisionLine.objects.filter(decision=first).count() == 3
    assert DecisionLine.objects.filter(decision=second).count() == 3
    # A revision keeps the status: no second transition.
    assert StatusChange.objects.filter(application=application).count() == 1
    assert Application.objects.get(pk=application.pk).status == S.APPROVED


def test_published_revision_requests_a_new_award_letter(hq_staff,
                                                        django_capture_on_commit_callbacks):
    from django.utils import timezone

    from sponsorship.models import AwardLetter

    application = eligible_application()
    first = sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    assert AwardLetter.objects.count() == 0
    Application.objects.filter(pk=application.pk).update(decision_published_at=timezone.now())
    application.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        revised = sponsorship_decide(application=application, by=hq_staff,
                                     mode=DecisionMode.PERCENTAGE, percentage=Decimal("90"))

    assert list(AwardLetter.objects.values_list("decision", "status")) == [
        (revised.pk, "pending")]
    assert len(queued) == 1  # the letter's job, sent after commit (no status change)
    assert first.pk != revised.pk


def test_envelope_cannot_be_exceeded_and_nothing_is_saved(hq_staff):
    call = CallFactory(budget_envelope=1_000_000)
    first = eligible_application(call=call, line_totals=(700_000,))
    second = eligible_application(call=call, line_totals=(400_000,))
    sponsorship_decide(application=first, by=hq_staff, mode=DecisionMode.FULL)

    with pytest.raises(ValidationError) as error:
        sponsorship_decide(application=second, by=hq_staff, mode=DecisionMode.FULL)

    assert error.value.messages == [
        "Approving ¥400,000 would exceed the call's budget envelope: only ¥300,000 of "
        "¥1,000,000 remains. Nothing was saved."]
    assert SponsorshipDecision.objects.filter(application=second).count() == 0
    assert DecisionLine.objects.filter(decision__application=second).count() == 0
    assert Application.objects.get(pk=second.pk).status == S.ELIGIBLE
    assert call_budget_summary(call=call) == (1_000_000, 700_000, 300_000)

    decision = sponsorship_decide(application=second, by=hq_staff,
                                  mode=DecisionMode.PERCENTAGE, percentage=Decimal("75"))
    assert decision.approved_total == 300_000
    assert call_budget_summary(call=call) == (1_000_000, 1_000_000, 0)


def test_revision_counts_only_the_current_version_against_the_envelope(hq_staff):
    call = CallFactory(budget_envelope=1_000_000)
    application = eligible_application(call=call, line_totals=(1_000_000,))
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal("60"))

    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)

    assert call_budget_summary(call=call) == (1_000_000, 1_000_000, 0)


def test_other_calls_do_not_use_the_envelope(hq_staff):
    call = CallFactory(budget_envelope=500_000)
    sponsorship_decide(application=eligible_application(line_totals=(900_000,)), by=hq_staff,
                       mode=DecisionMode.FULL)

    decision = sponsorship_decide(application=eligible_application(call=call,
                                                                   line_totals=(500_000,)),
                                  by=hq_staff, mode=DecisionMode.FULL)

    assert decision.approved_total == 500_000


@pytest.mark.parametrize("rows", [1, 4])
def test_with_money_totals_in_one_query(hq_staff, django_assert_num_queries, rows):
    call = CallFactory()
    applications = [eligible_application(call=call, line_totals=(100_000 * (i + 1), 5))
                    for i in range(rows)]
    sponsorship_decide(application=applications[0], by=hq_staff,
                       mode=DecisionMode.PERCENTAGE, percentage=Decimal("50"))

    with django_assert_num_queries(1):
        result = {a.pk: (a.requested_total, a.approved_total, a.decision_version)
                  for a in with_money_totals(Application.objects.filter(call=call))}

    expected = {a.pk: (100_000 * (i + 1) + 5, 0, None) for i, a in enumerate(applications)}
    expected[applications[0].pk] = (100_005, 50_002, 1)
    assert result == expected


def test_with_money_totals_without_lines_is_zero(db):
    application = ApplicationFactory()
    row = with_money_totals(Application.objects.filter(pk=application.pk)).get()
    assert (row.requested_total, row.approved_total, row.decision_version) == (0, 0, None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_approvals_over_the_envelope_leave_exactly_one(require_postgresql):
    """Two HQ staff approve at the same moment, each on its own database connection."""
    call = CallFactory(budget_envelope=1_000_000)
    applications = [eligible_application(call=call, line_totals=(400_000, 200_000))
                    for _ in range(2)]
    staff = [UserFactory(role=Role.HQ_STAFF) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def approve(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            sponsorship_decide(application=Application.objects.get(pk=applications[index].pk),
                               by=staff[index], mode=DecisionMode.FULL)
            outcomes[index] = "approved"
        except ValidationError as exc:
            outcomes[index] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes.values()) == [
        "Approving ¥600,000 would exceed the call's budget envelope: only ¥400,000 of "
        "¥1,000,000 remains. Nothing was saved.",
        "approved",
    ]
    assert SponsorshipDecision.objects.filter(application__call=call).count() == 1
    assert DecisionLine.objects.filter(decision__application__call=call).count() == 2
    assert sorted(Application.objects.filter(call=call).values_list("status", flat=True)) == [
        S.APPROVED, S.ELIGIBLE]
    assert call_budget_summary(call=call) == (1_000_000, 600_000, 400_000)


def test_money_is_whole_yen_in_the_database(hq_staff):
    from django.db import models as m

    from sponsorship.models import CostLine

    money = [CostLine._meta.get_field("unit_cost"), CostLine._meta.get_field("total").output_field,
             SponsorshipDecision._meta.get_field("requested_total"),
             SponsorshipDecision._meta.get_field("approved_total"),
             DecisionLine._meta.get_field("requested_amount"),
             DecisionLine._meta.get_field("approved_amount")]
    assert all(isinstance(field, m.BigIntegerField) for field in money)
    decision = sponsorship_decide(application=eligible_application(), by=hq_staff,
                                  mode=DecisionMode.PERCENTAGE, percentage=Decimal("33.33"))
    decision.refresh_from_db()
    values = [decision.requested_total, decision.approved_total,
              *decision.lines.values_list("requested_amount", flat=True),
              *decision.lines.values_list("approved_amount", flat=True)]
    assert all(type(value) is int for value in values)
    assert decision.approved_total == 99_990 + 66_660 + 33_330
