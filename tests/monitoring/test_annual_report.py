"""The annual monitoring report: HQ starts it for a fiscal year, a Celery job (in-process
here) produces the PDF, CSV and XLSX from the dashboard's figures; HQ follows it, downloads
each file (recorded: who, when) and retries a failed job."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.enums import Role
from monitoring import services
from monitoring.enums import ReportJobStatus
from monitoring.models import AnnualReport, ReportDownload
from monitoring.selectors import programme_figures
from monitoring.services import (
    REPORT_STALE_AFTER,
    annual_report_request,
    annual_reports_requeue_stale,
)
from rit_portal.money import yen
from tests.factories import UserFactory
from tests.monitoring.builders import programme_world

pytestmark = pytest.mark.django_db


def start(client, year=2026, language="en") -> AnnualReport:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("monitoring:reports"),
                               {"fiscal_year": year, "language": language})
    report = AnnualReport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report", args=[report.pk])
    return report


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def hq(client, hq_staff):
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    return client


def test_the_report_job_writes_the_dashboards_figures_as_pdf_csv_and_xlsx(hq, hq_staff):
    programme_world()
    report = start(hq)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts, report.requested_by) == (
        ReportJobStatus.READY, 100, 1, hq_staff)
    with translation.override("en"):
        figures = programme_figures(fiscal_year=2026)

    pages = pdf_text(report.pdf.read())
    assert len(pages) >= 2
    assert all("CONFIDENTIAL" in page for page in pages)
    assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
    text = "\n".join(pages)
    for total in (yen(figures.budget.envelope), yen(figures.budget.requested),
                  yen(figures.budget.approved), yen(figures.budget.spent),
                  yen(figures.projects_value), f"{figures.firms.sme_share}%",
                  str(figures.survey.mean_overall)):
        assert total in text, total

    rows = list(csv.reader(io.StringIO(report.csv.read().decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    values = {(table, row, column): value for table, row, column, value in rows[1:]}
    budget = "Budget envelope, requested, approved and spent"
    assert values[(budget, "Budget envelope", "Amount (yen)")] == str(figures.budget.envelope)
    assert values[(budget, "Spent (reported)", "Amount (yen)")] == str(figures.budget.spent)
    firms = "Sponsored projects and supported firms"
    assert values[(firms, "Supported firms (distinct)", "Value")] == str(figures.firms.firms)
    assert values[(firms, "Share of SMEs", "Value")] == str(figures.firms.sme_share)
    assert values[("Applications and decisions", "Applications received", "Number")] == "6"

    workbook = openpyxl.load_workbook(io.BytesIO(report.xlsx.read()))
    sheet = workbook["2 budget"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Figure", "Amount (yen)"], ["Budget envelope", figures.budget.envelope],
        ["Requested", figures.budget.requested], ["Approved", figures.budget.approved],
        ["Spent (reported)", figures.budget.spent]]


def test_the_japanese_report_is_in_japanese(hq):
    programme_world()
    report = start(hq, language="ja")
    report.refresh_from_db()
    text = "\n".join(pdf_text(report.pdf.read()))
    assert "機密" in text and "予算" in text


def test_each_download_is_recorded_and_shown_to_hq(hq, hq_staff, client):
    programme_world()
    report = start(hq)
    for fmt in ("pdf", "csv", "xlsx"):
        response = hq.get(reverse("monitoring:report-download", args=[report.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="rit-monitoring-FY2026-{report.pk}.{fmt}"')
        assert "no-store" in response["Cache-Control"]
    assert list(ReportDownload.objects.order_by("pk").values_list("by", "file_format")) == [
        (hq_staff.pk, "pdf"), (hq_staff.pk, "csv"), (hq_staff.pk, "xlsx")]
    page = hq.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert page.count(hq_staff.get_full_name()) >= 4  # started by, and three downloads
    assert "XLSX" in page


def test_a_failed_job_shows_its_error_and_can_be_retried(hq, monkeypatch):
    programme_world()

    def broken(html):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("monitoring.report_files.report_pdf", broken)
    report = start(hq)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (
        ReportJobStatus.FAILED, 4, "RuntimeError: fonts missing")  # first try + 3 retries
    page = hq.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "fonts missing" in page and "Try again" in page
    assert hq.get(reverse("monitoring:report-download", args=[report.pk, "pdf"])).status_code == 404

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = hq.post(reverse("monitoring:report-retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.error) == (ReportJobStatus.READY, "")


def test_a_report_being_produced_is_not_started_twice_and_a_lost_one_is_requeued(
        hq, hq_staff, monkeypatch):
    programme_world()
    monkeypatch.setattr(services, "_enqueue", lambda report_id: None)  # the broker lost it
    report = annual_report_request(fiscal_year=2026, language="en", by=hq_staff)
    response = hq.post(reverse("monitoring:reports"), {"fiscal_year": 2026, "language": "en"})
    assert response.status_code == 200
    assert "The report of FY2026 is being produced already" in response.content.decode()
    assert AnnualReport.objects.count() == 1

    queued = []
    monkeypatch.setattr(services, "_enqueue", queued.append)
    assert annual_reports_requeue_stale() == 0
    later = timezone.now() + REPORT_STALE_AFTER + dt.timedelta(seconds=1)
    assert annual_reports_requeue_stale(now=later) == 1
    assert queued == [report.pk]


def test_the_page_follows_the_job(hq, hq_staff, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report_id: None)
    report = annual_report_request(fiscal_year=2026, language="en", by=hq_staff)
    progress = hq.get(reverse("monitoring:report-progress", args=[report.pk])).json()
    assert progress == {"status": "pending", "status_label": "Queued", "progress": 0,
                        "done": False}
    page = hq.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert 'data-report-progress="/monitoring/reports/' in page
    assert "monitoring/report.js" in page


def test_only_hq_starts_or_downloads_reports(client, monkeypatch):
    from django.core.exceptions import PermissionDenied

    reviewer = UserFactory(role=Role.HQ_REVIEWER)
    with pytest.raises(PermissionDenied):
        annual_report_request(fiscal_year=2026, language="ja", by=reviewer)
    client.force_login(reviewer)
    assert client.post(reverse("monitoring:reports"),
                       {"fiscal_year": 2026, "language": "ja"}).status_code == 404
    assert AnnualReport.objects.count() == 0
