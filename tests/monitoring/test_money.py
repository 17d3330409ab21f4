"""The money of the sponsored projects (monitoring.money): approved, claimed, paid and
spent (reported) per project, per call and per fiscal year. The call's money page, its
export and the API carry the same figures, the dashboard and the annual report's tables
the per-call and per-year ones; every figure is computed by the database, in a number of
queries that does not grow with the projects."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.money import call_money, money_by_call, money_by_fiscal_year
from monitoring.selectors import programme_figures
from monitoring.tables import figure_tables
from projects.enums import ReportStatus
from projects.models import ApprovedLine, ProgressReport, Receipt
from projects.services import (
    claim_approve,
    claim_pay,
    claim_return,
    claim_submit,
    spend_line_create,
)
from sponsorship.enums import Activity, CostCategory
from tests.projects.builders import held_activity, member_of, published_project, receipt_pdf

pytestmark = pytest.mark.django_db

# Each project's approved lines (tests.sponsorship.factories.DEFAULT_LINES): year 1 (FY2026)
# 1,530,000 yen, year 2 (FY2027) 1,610,000 yen.
PER_PROJECT = 3_140_000


def _line(project, category):
    return ApprovedLine.objects.get(project_year__project=project, project_year__number=1,
                                    activity=Activity.MATCHING_IN_JAPAN, category=category)


def _spent_and_claimed(project, member, hq_staff):
    """Year 1: 600,000 airfare and 100,000 accommodation spent (the report handed in);
    claimed: the airfare's 600,000 (550,000 approved and paid) and the accommodation's
    100,000 (awaiting HQ)."""
    activity = held_activity(project, member)
    report = project.years.get(number=1).report
    receipts = {}
    for category, amount in ((CostCategory.INTERNATIONAL_AIRFARE, 600_000),
                             (CostCategory.ACCOMMODATION, 100_000)):
        spend = spend_line_create(report=report, by=member, approved_line=_line(project, category),
                                  description="経費", amount=amount,
                                  paid_on=dt.date(2026, 7, 20), receipt=receipt_pdf())
        receipts[category] = Receipt.objects.get(spend_line=spend)
    airfare, rooms = (_line(project, CostCategory.INTERNATIONAL_AIRFARE),
                      _line(project, CostCategory.ACCOMMODATION))
    paid = claim_submit(project=project, by=member, activity=activity,
                        amounts={airfare.pk: 600_000},
                        receipts={airfare.pk: [receipts[CostCategory.INTERNATIONAL_AIRFARE].pk]})
    [row] = paid.lines.all()
    claim_approve(claim=paid, by=hq_staff, amounts={row.pk: 550_000})
    claim_pay(claim=paid, by=hq_staff, paid_on=dt.date(2026, 11, 1), reference="FB-1")
    waiting = claim_submit(project=project, by=member, activity=activity,
                           amounts={rooms.pk: 100_000},
                           receipts={rooms.pk: [receipts[CostCategory.ACCOMMODATION].pk]})
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    return paid, waiting


@pytest.fixture
def world(hq_staff):
    first = published_project()
    second = published_project(application__call=first.application.call)
    member = member_of(first)
    with_money = _spent_and_claimed(first, member, hq_staff)
    return {"call": first.application.call, "projects": [first, second], "claims": with_money,
            "member": member}


def _figures(money) -> tuple:
    return (money.approved, money.claimed, money.paid, money.spent)


def test_per_call_per_year_and_per_project(world, hq_staff):
    money = call_money(call=world["call"])
    assert _figures(money.total) == (2 * PER_PROJECT, 700_000, 550_000, 700_000)
    assert [(row.key, *_figures(row)) for row in money.by_year] == [
        (2026, 2 * 1_530_000, 700_000, 550_000, 700_000),
        (2027, 2 * 1_610_000, 0, 0, 0)]
    first, second = world["projects"]
    assert [(p.pk, p.money_approved, p.money_claimed, p.money_paid, p.money_spent)
            for p in money.projects] == [(first.pk, PER_PROJECT, 700_000, 550_000, 700_000),
                                         (second.pk, PER_PROJECT, 0, 0, 0)]


def test_a_returned_claim_and_a_draft_report_do_not_count(world, hq_staff):
    _paid, waiting = world["claims"]
    claim_return(claim=waiting, by=hq_staff, note="領収書の日付を確認してください。")
    ProgressReport.objects.filter(project_year__project=world["projects"][0]).update(
        status=ReportStatus.DRAFT)
    assert _figures(call_money(call=world["call"]).total) == (
        2 * PER_PROJECT, 600_000, 550_000, 0)


def _cells(html: str, key: str) -> list[list[str]]:
    section = re.search(rf'data-testid="figures-{key}".*?</section>', html, re.S).group(0)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>")[1], re.S)]


def _yen(text: str) -> int:
    return int(text.replace("¥", "").replace(",", ""))


def test_the_page_the_api_and_the_export_agree_for_a_call(world, client, hq_staff):
    call, (first, second) = world["call"], world["projects"]
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("monitoring:call-money", args=[call.pk])).content.decode()
    api = client.get(f"/api/v1/calls/{call.pk}/money", HTTP_ACCEPT_LANGUAGE="en").json()
    response = client.get(reverse("monitoring:call-export", args=[call.pk, "money", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")[1:]
    export = list(csv.reader(io.StringIO(text)))

    expected_total = [2 * PER_PROJECT, 700_000, 550_000, 700_000]
    expected_projects = {first.application.reference: [PER_PROJECT, 700_000, 550_000, 700_000],
                         second.application.reference: [PER_PROJECT, 0, 0, 0]}
    # The page.
    [total] = _cells(page, "call-total")
    assert [_yen(cell) for cell in total[1:]] == expected_total
    assert {row[0]: [_yen(cell) for cell in row[1:]]
            for row in _cells(page, "call-projects")} == expected_projects
    # The API.
    tables = {table["key"]: table for table in api["tables"]}
    assert tables["call-total"]["columns"] == ["Call", "Approved", "Claimed", "Paid",
                                               "Spent (reported)"]
    assert tables["call-total"]["rows"][0][1:] == expected_total
    assert {row[0]: row[1:] for row in tables["call-projects"]["rows"]} == expected_projects
    assert [row[1:] for row in tables["call-by-year"]["rows"]] == [
        [2 * 1_530_000, 700_000, 550_000, 700_000], [2 * 1_610_000, 0, 0, 0]]
    # The export: a row per project, then the call's total.
    assert export[0] == ["Reference", "Approved", "Claimed", "Paid", "Spent (reported)"]
    assert {row[0]: [int(cell) for cell in row[1:]] for row in export[1:-1]} == (
        expected_projects)
    assert export[-1] == ["Total", *map(str, expected_total)]
    # The API's projects carry the same per project.
    projects = client.get("/api/v1/projects?fiscal_year=2026").json()["items"]
    assert {p["reference"]: [p["approved_total"], p["claimed"], p["paid"], p["spent"]]
            for p in projects} == expected_projects


def test_the_dashboard_and_the_report_tables_per_call_and_per_year(world):
    figures = programme_figures(fiscal_year=2026)
    tables = {table.key: table for table in figure_tables(figures)}
    assert [[cell.value for cell in row] for row in tables["money-by-call"].rows] == [
        [world["call"].title_en, 2 * PER_PROJECT, 700_000, 550_000, 700_000]]
    assert [[cell.value for cell in row] for row in tables["money-by-year"].rows] == [
        ["FY2026", 2 * 1_530_000, 700_000, 550_000, 700_000]]
    every_year = programme_figures(fiscal_year=None)
    assert [row.key for row in every_year.money_by_year] == [2026, 2027]


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def test_the_figures_take_the_same_number_of_queries_with_more_projects(world, client,
                                                                        hq_staff):
    call = world["call"]
    client.force_login(hq_staff)
    url = reverse("monitoring:call-money", args=[call.pk])
    with CaptureQueriesContext(connection) as before:
        money_by_call(calls=type(call).objects.filter(pk=call.pk))
        money_by_fiscal_year()
    page = _page_queries(client, url)
    api = _page_queries(client, f"/api/v1/calls/{call.pk}/money")
    export = _page_queries(client, reverse("monitoring:call-export",
                                           args=[call.pk, "money", "xlsx"]))
    for _n in range(3):
        more = published_project(application__call=call)
        _spent_and_claimed(more, member_of(more), hq_staff)
    with CaptureQueriesContext(connection) as after:
        money_by_call(calls=type(call).objects.filter(pk=call.pk))
        money_by_fiscal_year()
    assert len(after) == len(before) == 9
    assert _page_queries(client, url) == page
    assert _page_queries(client, f"/api/v1/calls/{call.pk}/money") == api
    assert _page_queries(client, reverse("monitoring:call-export",
                                         args=[call.pk, "money", "xlsx"])) == export
    assert _figures(call_money(call=call).total) == (5 * PER_PROJECT, 4 * 700_000,
                                                     4 * 550_000, 4 * 700_000)
