"""Factories of the sponsorship app (cost lines, decisions)."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.enums import Role
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision
from tests.factories import ApplicationFactory, UserFactory


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    application = factory.SubFactory(ApplicationFactory)
    activity = Activity.MATCHING_IN_JAPAN
    year = 1
    category = CostCategory.ACCOMMODATION
    description = "専門家の宿泊費"
    quantity = 3
    unit = "人泊"
    unit_cost = 15_000
    position = factory.Sequence(lambda n: n)


# --- Decisions and award letters (issue 6) ---------------------------------------------

class SponsorshipDecisionFactory(factory.django.DjangoModelFactory):
    """A current decision of an approved, published application (totals set by
    `approved_decision`, which also creates the lines)."""

    class Meta:
        model = "sponsorship.SponsorshipDecision"

    application = factory.SubFactory(
        ApplicationFactory, status="approved",
        reference=factory.Sequence(lambda n: f"RIT-FY2027-{n + 1:04d}"),
        sequence=factory.Sequence(lambda n: n + 1),
        decision_published_at=factory.LazyFunction(timezone.now),
        start_date=dt.date(2027, 6, 1),
    )
    version = 1
    mode = DecisionMode.FULL
    requested_total = 0
    approved_total = 0
    decided_by = factory.SubFactory(UserFactory, role=Role.HQ_STAFF)
    decided_at = factory.LazyFunction(timezone.now)
    is_current = True


# (year, activity, category, description, quantity, unit, unit cost, approved share 0..1)
DEFAULT_LINES = [
    (1, Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE, "専門家の国際航空運賃",
     3, "人", 250_000, 1),
    (1, Activity.MATCHING_IN_JAPAN, CostCategory.ACCOMMODATION, "専門家の宿泊費", 12, "人泊",
     15_000, 1),
    (1, Activity.SEMINAR_JAPAN, CostCategory.VENUE, "シンポジウム会場借料", 1, "式", 600_000, 1),
    (2, Activity.NETWORKING_ABROAD, CostCategory.INTERNATIONAL_AIRFARE, "訪問団の航空運賃", 6,
     "人", 280_000, 0.5),
    (2, Activity.NETWORKING_ABROAD, CostCategory.INTERPRETATION, "通訳費", 4, "日", 80_000, 1),
    (2, Activity.SEMINAR_ABROAD, CostCategory.VENUE, "現地セミナー会場借料", 1, "式", 450_000, 1),
]


def approved_decision(*, lines=DEFAULT_LINES, **kwargs) -> SponsorshipDecision:
    """A current decision with cost lines and decision lines (approved per `lines`)."""
    decision = SponsorshipDecisionFactory(**kwargs)
    requested = approved = 0
    for position, (year, activity, category, description, quantity, unit, unit_cost,
                   share) in enumerate(lines):
        cost_line = CostLineFactory(application=decision.application, year=year,
                                    activity=activity, category=category,
                                    description=description, quantity=quantity, unit=unit,
                                    unit_cost=unit_cost, position=position)
        line_total = quantity * unit_cost
        DecisionLine.objects.create(decision=decision, cost_line=cost_line,
                                    requested_amount=line_total,
                                    approved_amount=int(line_total * share))
        requested += line_total
        approved += int(line_total * share)
    SponsorshipDecision.objects.filter(pk=decision.pk).update(requested_total=requested,
                                                              approved_total=approved)
    decision.refresh_from_db()
    return decision
