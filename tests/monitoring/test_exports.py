"""HQ's exports of a call: six tables as CSV (streamed) and XLSX, formula-safe, applications
received only, reviewer names for HQ alone; each export on the call's history."""

import csv
import io

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from accounts.enums import Role
from applications.models import Application
from audit.models import AuditEvent
from monitoring.enums import ExportTable
from monitoring.exports import reviews_rows
from tests.factories import UserFactory
from tests.monitoring.builders import programme_world
from tests.reviews.factories import AssignmentFactory, submitted_review

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def hq(client, hq_staff):
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    return client


def url(call, table, fmt):
    return reverse("monitoring:call-export", args=[call.pk, table, fmt])


def test_the_applications_of_a_call_received_only_with_their_figures(hq):
    world = programme_world()
    call = world["calls"][0]
    first = world["projects"][0].application
    Application.objects.filter(pk=first.pk).update(title_en="=HYPERLINK(\"http://x\")")
    rows = csv_rows(hq.get(url(call, "applications", "csv")))
    header, body = rows[0], rows[1:]
    assert len(body) == 6  # received; the draft is left out
    row = dict(zip(header, body[0], strict=True))
    assert row["Reference"] == first.reference
    assert row["Project title (English)"] == "'=HYPERLINK(\"http://x\")"
    assert (row["Status"], row["Consortium firms"], row["Of which SMEs"]) == ("Approved", "5", "3")
    assert row["Prefectures"] == "Fukushima, Ibaraki"  # the English list separator
    assert (row["Country"], row["JETRO office"]) == ("Germany", "JETRO Düsseldorf")
    assert row["Requested (yen)"] == str(sum(line.total for line in first.cost_lines.all()))
    assert row["Objectives"] == "Export, Joint development of products"
    assert row["Referred by"] == "chamber-ibaraki"


@pytest.mark.parametrize("table", ExportTable.values)
def test_every_table_as_csv_and_as_the_same_xlsx(hq, table):
    world = programme_world()
    call = world["calls"][0]
    rows = csv_rows(hq.get(url(call, table, "csv")))
    response = hq.get(url(call, table, "xlsx"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="rit-FY2026-call{call.pk}-{table}.xlsx"')
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    assert [row[0] for row in cells] == [row[0] for row in rows]
    assert cells[0] == rows[0]
    counts = {"applications": 6, "consortium-firms": 10, "cost-lines": 16, "reviews": 0,
              "decisions": 2, "projects": 2, "money": 3}
    assert len(rows) - 1 == counts[table]


def test_each_export_is_on_the_calls_history(hq, hq_staff):
    call = programme_world()["calls"][0]
    b"".join(hq.get(url(call, "decisions", "csv")).streaming_content)
    entry = AuditEvent.objects.get(call=call, event="monitoring.export")
    assert (entry.by, entry.event_params) == (hq_staff, {"table": "decisions", "fmt": "csv"})
    history = hq.get(reverse("applications:call-history", args=[call.pk])).content.decode()
    assert "Exported the call&#x27;s Decisions as CSV." in history


def test_reviewer_names_only_for_hq(hq_staff):
    world = programme_world()
    application = world["others"][0]
    reviewer = UserFactory(role=Role.HQ_REVIEWER, first_name="Keiko", last_name="Tanaka")
    submitted_review(AssignmentFactory(application=application, reviewer=reviewer))
    _header, rows = reviews_rows(call=application.call, by=hq_staff)
    assert [row[1] for row in rows] == ["Keiko Tanaka"]
    outsider = UserFactory(role=Role.HQ_REVIEWER)
    _header, rows = reviews_rows(call=application.call, by=outsider)
    assert [row[1] for row in rows] == ["Reviewer 1"]


def test_unknown_tables_or_formats_and_other_roles_get_a_404(hq, client, applicant):
    call = programme_world()["calls"][0]
    assert hq.get(url(call, "passwords", "csv")).status_code == 404
    assert hq.get(url(call, "applications", "pdf")).status_code == 404
    client.force_login(applicant)
    assert client.get(url(call, "applications", "csv")).status_code == 404
