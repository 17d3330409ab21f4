"""The cost proposal: covered categories, totals, years, the cap at submission, editing."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import translation

from accounts.enums import Role
from applications.completeness import ChecklistItem
from applications.enums import ApplicationStatus as S
from applications.services import application_submit
from sponsorship.completeness import cost_proposal_checklist
from sponsorship.coverage import COVERED_CATEGORIES, refusal_reason
from sponsorship.enums import Activity, CostCategory
from sponsorship.models import CostLine
from sponsorship.selectors import cost_totals
from sponsorship.services import CostProposalError, cost_proposal_save
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.sponsorship.factories import CostLineFactory


def row(**overrides) -> dict:
    return {"activity": Activity.MATCHING_IN_JAPAN, "year": 1,
            "category": CostCategory.ACCOMMODATION, "description": "専門家3名×4泊",
            "quantity": 12, "unit": "人泊", "unit_cost": 15_000, **overrides}


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(organisation=applicant.organisation, duration_years=2)


EXPECTED_COVERAGE = {
    Activity.MATCHING_IN_JAPAN: {"airfare", "transport_japan", "accommodation",
                                 "interpretation", "venue"},
    Activity.NETWORKING_ABROAD: {"airfare", "interpretation", "venue"},
    Activity.SEMINAR_JAPAN: {"venue", "interpretation", "other"},
    Activity.SEMINAR_ABROAD: {"venue", "interpretation", "other"},
}


def test_coverage_table_is_the_programmes():
    assert {a: set(c) for a, c in COVERED_CATEGORIES.items()} == EXPECTED_COVERAGE


@pytest.mark.parametrize(("activity", "category"),
                         list(itertools.product(Activity.values, CostCategory.values)))
def test_each_category_is_accepted_only_where_covered(applicant, draft, activity, category):
    rows = [row(activity=activity, category=category)]
    if category in EXPECTED_COVERAGE[activity]:
        lines = cost_proposal_save(application=draft, by=applicant, rows=rows)
        assert [(line.activity, line.category) for line in lines] == [(activity, category)]
    else:
        with pytest.raises(CostProposalError) as error:
            cost_proposal_save(application=draft, by=applicant, rows=rows)
        assert error.value.row_errors == {
            0: {"category": [refusal_reason(activity=activity, category=category)]}}
        assert CostLine.objects.count() == 0


def test_refusal_says_why(db):
    assert refusal_reason(activity=Activity.NETWORKING_ABROAD,
                          category=CostCategory.ACCOMMODATION) == (
        "“Accommodation” is not covered for “Networking in the foreign region”; the programme "
        "covers International airfare, Interpretation, Venue rental for this activity.")
    with translation.override("ja"):
        assert "宿泊" in refusal_reason(activity=Activity.NETWORKING_ABROAD,
                                        category=CostCategory.ACCOMMODATION)


def test_model_validation_applies_the_rule_to_every_write(db):
    line = CostLineFactory.build(application=ApplicationFactory(),
                                 activity=Activity.SEMINAR_ABROAD,
                                 category=CostCategory.INTERNATIONAL_AIRFARE)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert list(error.value.message_dict) == ["category"]


def test_year_after_the_projects_last_year_is_refused(applicant, draft):
    with pytest.raises(CostProposalError) as error:
        cost_proposal_save(application=draft, by=applicant, rows=[row(), row(year=3)])
    assert error.value.row_errors == {1: {"year": [
        "Year 3 is outside the project's duration of 2 year(s); change the year or the "
        "duration in the overview."]}}
    assert CostLine.objects.count() == 0


def test_save_creates_updates_reorders_and_deletes(applicant, draft):
    first, second = cost_proposal_save(application=draft, by=applicant,
                                       rows=[row(description="A"), row(description="B")])

    lines = cost_proposal_save(application=draft, by=applicant, rows=[
        row(description="C", unit_cost=1_000),
        {**row(description="A2", quantity=2), "id": first.pk},
    ])

    assert [(line.description, line.position, line.total) for line in lines] == [
        ("C", 0, 12_000), ("A2", 1, 30_000)]
    assert lines[1].pk == first.pk
    assert not CostLine.objects.filter(pk=second.pk).exists()


def test_a_line_of_another_application_cannot_be_touched(applicant, draft):
    stranger = CostLineFactory()
    with pytest.raises(CostProposalError):
        cost_proposal_save(application=draft, by=applicant,
                           rows=[{**row(description="hijack"), "id": stranger.pk}])
    stranger.refresh_from_db()
    assert stranger.description == "専門家の宿泊費"


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.ELIGIBLE, S.APPROVED,
                                    S.WITHDRAWN])
def test_read_only_after_submission(applicant, status):
    application = ApplicationFactory(organisation=applicant.organisation, status=status)
    with pytest.raises(PermissionDenied):
        cost_proposal_save(application=application, by=applicant, rows=[row()])


def test_editable_again_when_information_is_requested(applicant):
    application = ApplicationFactory(organisation=applicant.organisation,
                                     status=S.INFO_REQUESTED)
    assert len(cost_proposal_save(application=application, by=applicant, rows=[row()])) == 1


@pytest.mark.parametrize("role", [Role.HQ_STAFF, Role.HQ_REVIEWER])
def test_only_the_organisation_edits(draft, role):
    with pytest.raises(PermissionDenied):
        cost_proposal_save(application=draft, by=UserFactory(role=role), rows=[row()])


def test_another_organisation_cannot_edit(draft):
    from tests.factories import OrganisationFactory

    other = UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        cost_proposal_save(application=draft, by=other, rows=[row()])


def test_totals_equal_the_sum_of_lines_for_each_grouping(db):
    application = ApplicationFactory(duration_years=3)
    specs = [
        (1, Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE, 3, 180_000),
        (1, Activity.MATCHING_IN_JAPAN, CostCategory.ACCOMMODATION, 12, 14_000),
        (1, Activity.NETWORKING_ABROAD, CostCategory.INTERNATIONAL_AIRFARE, 5, 220_000),
        (2, Activity.SEMINAR_JAPAN, CostCategory.VENUE, 1, 300_000),
        (2, Activity.SEMINAR_JAPAN, CostCategory.OTHER, 200, 800),
        (3, Activity.SEMINAR_ABROAD, CostCategory.INTERPRETATION, 2, 95_000),
        (3, Activity.MATCHING_IN_JAPAN, CostCategory.INTERPRETATION, 2, 80_000),
    ]
    for year, activity, category, quantity, unit_cost in specs:
        CostLineFactory(application=application, year=year, activity=activity,
                        category=category, quantity=quantity, unit_cost=unit_cost)

    totals = cost_totals(application=application)

    def expected(key):
        sums: dict = {}
        for spec in specs:
            sums[key(spec)] = sums.get(key(spec), 0) + spec[3] * spec[4]
        return sums

    assert totals.grand == sum(q * c for *_, q, c in specs) == 2_618_000
    assert totals.grand == CostLine.objects.filter(application=application).aggregate(
        s=Sum("total"))["s"]
    assert {r["year"]: r["total"] for r in totals.by_year} == expected(lambda s: s[0])
    assert {r["activity"]: r["total"] for r in totals.by_activity} == expected(lambda s: s[1])
    assert {r["category"]: r["total"] for r in totals.by_category} == expected(lambda s: s[2])
    assert {(r["year"], r["activity"]): r["total"] for r in totals.by_year_activity} == \
        expected(lambda s: (s[0], s[1]))
    assert [r["year"] for r in totals.by_year] == [1, 2, 3]
    assert [r["activity"] for r in totals.by_activity] == [
        Activity.MATCHING_IN_JAPAN, Activity.NETWORKING_ABROAD, Activity.SEMINAR_JAPAN,
        Activity.SEMINAR_ABROAD]
    assert all(type(r["total"]) is int for r in totals.by_year + totals.by_category)
    assert totals.count == 7


def test_totals_of_an_empty_proposal_are_zero(db):
    totals = cost_totals(application=ApplicationFactory())
    assert (totals.grand, totals.by_year, totals.count) == (0, [], 0)


def test_line_total_is_computed_by_the_database(db):
    line = CostLineFactory(quantity=7, unit_cost=123_456)
    line.refresh_from_db()
    assert line.total == 864_192
    CostLine.objects.filter(pk=line.pk).update(quantity=8)
    line.refresh_from_db()
    assert line.total == 987_648


def test_checklist_without_lines(db):
    application = ApplicationFactory(call=CallFactory(cost_cap=None))
    assert cost_proposal_checklist(application=application) == [
        ChecklistItem("costs", "Cost proposal with at least one line",
                      "Enter at least one cost line.")]


def test_checklist_with_lines_within_years_and_cap(db):
    application = ApplicationFactory(call=CallFactory(cost_cap=1_000_000), duration_years=2)
    CostLineFactory(application=application, year=2, quantity=1, unit_cost=1_000_000)
    assert [item.ok for item in cost_proposal_checklist(application=application)] == [
        True, True, True]


def test_checklist_flags_years_beyond_the_duration_and_the_cap(db):
    application = ApplicationFactory(call=CallFactory(cost_cap=1_000_000), duration_years=3)
    CostLineFactory(application=application, year=3, quantity=2, unit_cost=600_000)
    application.duration_years = 2
    application.save()

    items = cost_proposal_checklist(application=application)

    assert [item.problem for item in items] == [
        "",
        "Some cost lines are for a year after the project's last year (2); change their year "
        "or the duration.",
        "The cost proposal totals ¥1,200,000, which is ¥200,000 over the call's cap of "
        "¥1,000,000; reduce it before submitting.",
    ]
    assert items[2].label == "Total within the call's cost cap of ¥1,000,000"


def test_cap_breach_is_refused_at_submission_and_the_draft_is_kept(applicant):
    application = ApplicationFactory(organisation=applicant.organisation,
                                     call=CallFactory(cost_cap=5_000_000))
    CostLineFactory(application=application, quantity=1, unit_cost=5_000_001)

    with pytest.raises(ValidationError) as error:
        application_submit(application=application, by=applicant)

    assert ("The cost proposal totals ¥5,000,001, which is ¥1 over the call's cap of "
            "¥5,000,000; reduce it before submitting.") in error.value.messages
    application.refresh_from_db()
    assert (application.status, application.reference) == (S.DRAFT, None)
    assert CostLine.objects.filter(application=application).count() == 1


def test_the_checklist_of_the_application_carries_the_cost_items(db):
    from applications.completeness import application_checklist

    application = ApplicationFactory(call=CallFactory(cost_cap=100))
    CostLineFactory(application=application, quantity=1, unit_cost=101)
    costs = [item for item in application_checklist(application=application)
             if item.section == "costs"]
    assert [item.ok for item in costs] == [True, True, False]
