"""Each figure of the dashboard equals an independent computation over the same factory
data (Python over the rows, not the selectors' SQL), for one fiscal year and for every
year; the number of queries does not grow with the number of projects."""

import unicodedata
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from monitoring.selectors import fiscal_years, programme_figures
from projects.enums import REPORTED
from projects.models import (
    Outcome,
    Project,
    ProjectActivity,
    ProjectFirm,
    SpendLine,
    SurveyInvitation,
)
from tests.monitoring.builders import programme_world, sponsored

pytestmark = pytest.mark.django_db


def per_cent(part, whole):
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def two_places(values):
    return Decimal(str(mean(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def in_scope(year):
    """(applications received, projects, project years' fiscal-year test) for `year`."""
    applications = [a for a in Application.objects.all() if a.reference
                    and (year is None or a.call.fiscal_year == year)]
    projects = [p for p in Project.objects.all() if year is None or p.first_fiscal_year == year]
    return applications, projects, (lambda fy: year is None or fy == year)


def firm_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def expected_firms(projects):
    firms = [f for f in ProjectFirm.objects.all()
             if f.from_consortium and f.project in projects]
    numbers = {firm_key(f.name): f.corporate_number for f in firms if f.corporate_number}
    keys = {}
    for firm in firms:
        key = firm.corporate_number or numbers.get(firm_key(firm.name)) or firm_key(firm.name)
        keys[key] = keys.get(key, False) or bool(firm.is_sme)
    return len(keys), sum(keys.values())


@pytest.mark.parametrize("year", [2026, 2027, None])
def test_every_figure_equals_an_independent_computation(year):
    programme_world()
    with translation.override("en"):
        figures = programme_figures(fiscal_year=year)
    applications, projects, in_year = in_scope(year)

    statuses = Counter(a.status for a in applications)
    passed = sum(statuses[s] for s in (S.ELIGIBLE, S.APPROVED, S.WAITLISTED, S.REJECTED))
    assert (figures.funnel.received, figures.funnel.eligible, figures.funnel.approved) == (
        len(applications), passed, statuses[S.APPROVED])
    assert figures.funnel.approved_share == per_cent(statuses[S.APPROVED], len(applications))

    calls = [c for c in Call.objects.all() if year is None or c.fiscal_year == year]
    approved_apps = [a for a in applications if a.status == S.APPROVED]
    assert figures.budget.envelope == sum(c.budget_envelope for c in calls)
    assert figures.budget.requested == sum(line.quantity * line.unit_cost
                                           for a in applications for line in a.cost_lines.all())
    assert figures.budget.approved == sum(d.approved_total for a in approved_apps
                                          for d in a.sponsorship_decisions.all() if d.is_current)
    assert figures.budget.spent == sum(
        s.amount for s in SpendLine.objects.all()
        if s.report.status in REPORTED and s.report.project_year.project in projects)

    assert figures.projects == len(projects)
    assert figures.projects_value == sum(p.approved_total for p in projects)
    assert figures.projects_running == len({
        p.pk for p in Project.objects.all()
        if any(in_year(y.fiscal_year) for y in p.years.all())})
    sectors = Counter(p.application.sector.name_en for p in projects)
    assert {row.label: row.projects for row in figures.by_sector} == dict(sectors)
    countries = Counter(p.partner_region.country.name_en for p in projects)
    assert {row.label: row.projects for row in figures.by_country} == dict(countries)
    offices = Counter(p.partner_region.country.territory.office.name_en for p in projects)
    assert {row.label: row.projects for row in figures.by_office} == dict(offices)
    prefectures = Counter(pref.name_en for p in projects
                          for pref in p.application.prefectures.all())
    assert {row.label: row.projects for row in figures.by_prefecture} == dict(prefectures)
    assert sum(row.value for row in figures.by_region) == figures.projects_value

    firms, smes = expected_firms(projects)
    assert (figures.firms.firms, figures.firms.smes) == (firms, smes)
    assert figures.firms.sme_share == (per_cent(smes, firms) if firms else None)

    objectives = Counter(o for p in projects for o in p.application.objectives)
    assert {row.key: row.count for row in figures.objectives if row.count} == dict(objectives)

    outcomes = [o for o in Outcome.objects.all() if o.report.status in REPORTED
                and in_year(o.report.project_year.fiscal_year)]
    kinds = Counter()
    values = Counter()
    for outcome in outcomes:
        kinds[outcome.kind] += outcome.count
        values[outcome.kind] += outcome.value_yen or 0
    assert {o.kind: (o.count, o.value_yen) for o in figures.outcomes} == {
        kind: (kinds[kind], values[kind]) for kind in kinds}
    activities = [a for a in ProjectActivity.objects.all()
                  if a.project_year.report.status in REPORTED
                  and in_year(a.project_year.fiscal_year)]
    assert sum(p.participants for p in figures.participation) == sum(
        a.participants_total for a in activities)
    assert sum(p.foreign_experts for p in figures.participation) == sum(
        a.foreign_experts for a in activities)

    invitations = [i for i in SurveyInvitation.objects.all()
                   if in_year(i.project_year.fiscal_year)]
    answers = [i.response for i in invitations if i.answered_at]
    survey = figures.survey
    assert (survey.invited, survey.opened, survey.answered) == (
        len(invitations), sum(1 for i in invitations if i.first_opened_at), len(answers))
    assert survey.response_rate == per_cent(len(answers), len(invitations))
    assert survey.mean_overall == two_places([r.overall_satisfaction for r in answers])
    assert survey.mean_matching == two_places([r.matching_usefulness for r in answers
                                               if r.matching_usefulness is not None])

    assert sum(row.applications for row in figures.referrals) == len(applications)


def test_a_firm_in_two_consortia_is_counted_once_by_number_or_by_name():
    programme_world()
    figures = programme_figures(fiscal_year=2026)
    # アルファ (same number), ベータ工業 (a space), GAMMA (full width), デルタ精機 (its name
    # is a numbered firm's), イプシロン, ゼータ: six firms, four of them SMEs.
    assert (figures.firms.firms, figures.firms.smes, figures.firms.sme_share) == (
        6, 4, Decimal("66.7"))
    everything = programme_figures(fiscal_year=None)
    assert (everything.firms.firms, everything.firms.smes) == (10, 6)


def test_fy2026_in_numbers():
    """The same world, read by a person: the figures one would report for FY2026."""
    programme_world()
    with translation.override("en"):
        figures = programme_figures(fiscal_year=2026)
    assert (figures.funnel.received, figures.funnel.eligible, figures.funnel.approved) == (6, 4, 2)
    assert figures.funnel.eligible_share == Decimal("66.7")
    assert figures.budget.spent == 400_000 + 150_000 + 90_000  # the draft's 777,000 left out
    assert [(o.kind, o.count, o.value_yen) for o in figures.outcomes] == [
        ("business_meetings", 12, 0), ("sales_contracts", 2, 8_000_000)]
    assert (figures.survey.invited, figures.survey.answered, figures.survey.mean_overall) == (
        6, 4, Decimal("3.50"))
    assert {r.label: (r.organisations, r.applications, r.approved)
            for r in figures.referrals} == {
        "Chambers of commerce and industry": (2, 2, 1),
        "Embassies and consulates": (2, 2, 1),
        "Other links": (1, 1, 0),
        "No shared link": (1, 1, 0)}
    assert [(t.fiscal_year, t.received, t.approved, t.projects) for t in figures.trend] == [
        (2026, 6, 2, 2), (2027, 3, 1, 1)]
    assert fiscal_years() == [2028, 2027, 2026]


def _queries(fiscal_year) -> int:
    with CaptureQueriesContext(connection) as queries:
        programme_figures(fiscal_year=fiscal_year)
    return len(queries)


@pytest.mark.parametrize("year", [2026, None])
def test_the_number_of_queries_does_not_grow_with_the_projects(year):
    programme_world()
    few = _queries(year)
    call = Call.objects.get(fiscal_year=2026)
    for n in range(4):
        sponsored(call, region="Saxony", sector="software", firms=[
            (f"追加{n}", "", {"capital_yen": 1, "employees": 1})])
    assert _queries(year) == few


def test_the_dashboard_page_shows_the_figures_with_a_constant_number_of_queries(
        client, hq_staff, django_assert_max_num_queries):
    world = programme_world()
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    url = reverse("monitoring:dashboard") + "?fy=2026"
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    for n in range(3):
        sponsored(world["calls"][0], firms=[(f"会社{n}", "", {"capital_yen": 1, "employees": 1})])
    with django_assert_max_num_queries(len(first)):
        again = client.get(url)
    assert again.status_code == 200
    assert "FY2026" in page and "66.7%" in page and "¥640,000" in page


def test_with_nothing_yet_every_page_answers_with_dashes(client, hq_staff):
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Nothing to count yet." in page and 'role="img"' not in page
    assert client.get(reverse("monitoring:reports")).status_code == 200
    figures = programme_figures(fiscal_year=None)
    assert (figures.funnel.received, figures.firms.sme_share, figures.survey.response_rate,
            figures.trend) == (0, None, None, [])
