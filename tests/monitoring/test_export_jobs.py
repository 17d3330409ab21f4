"""A call's export larger than settings.EXPORTS_INLINE_MAX_ROWS is written by the worker
(monitoring.ExportJob; the Celery task runs in-process here, as CELERY_TASK_ALWAYS_EAGER
runs it in the embedded default): the same bytes as the direct download, the rows written
shown while it runs, the error and a retry when it fails, the file for its requester only,
its download logged as the direct one is, and the file removed after the retention period."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse

from accounts.enums import Role
from monitoring.enums import ReportJobStatus
from monitoring.models import ExportJob
from privacy.enums import AccessKind
from privacy.models import PersonalDataAccess
from privacy.tasks import apply_retention
from tests.factories import UserFactory
from tests.monitoring.builders import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(client, hq_staff):
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    return client


def export_url(call, table, fmt):
    return reverse("monitoring:call-export", args=[call.pk, table, fmt])


def direct(client, call, table, fmt, settings) -> bytes:
    """The download answered in the request (the threshold raised above the table)."""
    before, settings.EXPORTS_INLINE_MAX_ROWS = settings.EXPORTS_INLINE_MAX_ROWS, 10_000
    try:
        response = client.get(export_url(call, table, fmt))
        assert response.status_code == 200
        return b"".join(response.streaming_content)
    finally:
        settings.EXPORTS_INLINE_MAX_ROWS = before


def start(client, call, table, fmt) -> ExportJob:
    """The export button on a large table: its page, then the job started (POST)."""
    page = client.get(export_url(call, table, fmt))
    assert page.status_code == 200
    assert b'data-testid="export-start"' in page.content
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(export_url(call, table, fmt))
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:export", args=[job.pk])
    job.refresh_from_db()
    return job


def downloaded(client, job) -> bytes:
    response = client.get(reverse("monitoring:export-download", args=[job.pk]))
    assert response.status_code == 200
    stem = f"rit-FY2026-call{job.call_id}-{job.table}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{stem}.{job.file_format}"')
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_large_csv_export_is_written_by_the_worker_as_the_direct_download(
        hq, hq_staff, settings, language):
    call = programme_world()["calls"][0]
    hq.cookies["django_language"] = language
    settings.EXPORTS_INLINE_MAX_ROWS = 5  # the call has 6 applications received
    expected = direct(hq, call, "applications", "csv", settings)

    job = start(hq, call, "applications", "csv")
    assert (job.status, job.attempts, job.language, job.requested_by) == (
        ReportJobStatus.READY, 1, language, hq_staff)
    assert (job.rows_written, job.rows_total) == (6, 6)
    assert job.finished_at is not None
    assert downloaded(hq, job) == expected  # byte for byte


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_large_xlsx_export_holds_the_cells_of_the_direct_download(hq, settings, language):
    call = programme_world()["calls"][0]
    hq.cookies["django_language"] = language
    settings.EXPORTS_INLINE_MAX_ROWS = 10  # 16 cost lines

    def cells(content: bytes):
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return sheet.title, [[cell.value for cell in row] for row in sheet.iter_rows()]

    expected = cells(direct(hq, call, "cost-lines", "xlsx", settings))
    job = start(hq, call, "cost-lines", "xlsx")
    assert (job.status, job.rows_written, job.rows_total) == (ReportJobStatus.READY, 16, 16)
    assert cells(downloaded(hq, job)) == expected
    assert len(expected[1]) == 17


def test_a_small_table_still_downloads_at_once(hq, settings):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 6
    response = hq.get(export_url(call, "applications", "csv"))
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_the_page_shows_the_rows_written_and_follows_the_job(hq, hq_staff):
    call = programme_world()["calls"][0]
    job = ExportJob.objects.create(call=call, table="applications", file_format="csv",
                                   language="en", requested_by=hq_staff,
                                   status=ReportJobStatus.RENDERING, rows_written=1200,
                                   rows_total=5000)
    page = hq.get(reverse("monitoring:export", args=[job.pk])).content.decode()
    assert "1,200 of 5,000 rows" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'data-testid="export-download"' not in page

    hq.cookies["django_language"] = "ja"
    page = hq.get(reverse("monitoring:export", args=[job.pk])).content.decode()
    assert "5,000行中1,200行" in page

    listing = hq.get(reverse("monitoring:exports")).content.decode()
    assert reverse("monitoring:export", args=[job.pk]) in listing

    ExportJob.objects.filter(pk=job.pk).update(status=ReportJobStatus.READY, rows_written=5000)
    page = hq.get(reverse("monitoring:export", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page


def test_a_failed_export_shows_its_error_and_can_be_retried(hq, settings, monkeypatch):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 5

    def broken(out, **kwargs):
        raise RuntimeError("storage went away")

    monkeypatch.setattr("rit_portal.csv_io.write_table", broken)
    job = start(hq, call, "applications", "csv")
    assert (job.status, job.attempts, job.error) == (
        ReportJobStatus.FAILED, 4, "RuntimeError: storage went away")  # first + 3 retries
    page = hq.get(reverse("monitoring:export", args=[job.pk])).content.decode()
    assert "storage went away" in page and 'data-testid="export-retry"' in page
    assert hq.get(reverse("monitoring:export-download", args=[job.pk])).status_code == 404

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = hq.post(reverse("monitoring:export-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.rows_written) == (ReportJobStatus.READY, "", 6)
    assert downloaded(hq, job) == direct(hq, call, "applications", "csv", settings)


def test_the_same_export_being_written_is_not_started_twice(hq, settings, monkeypatch):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 5
    monkeypatch.setattr("monitoring.services._enqueue_export", lambda job_id: None)
    hq.post(export_url(call, "applications", "csv"))
    hq.post(export_url(call, "applications", "csv"))
    assert ExportJob.objects.count() == 1


def test_only_the_requester_sees_and_downloads_an_export(hq, client, settings, applicant):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 5
    job = start(hq, call, "applications", "csv")

    other = UserFactory(role=Role.HQ_STAFF)
    client.force_login(other)
    for name in ("monitoring:export", "monitoring:export-download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("monitoring:export-retry", args=[job.pk])).status_code == 404
    assert reverse("monitoring:export", args=[job.pk]) not in client.get(
        reverse("monitoring:exports")).content.decode()

    client.force_login(applicant)
    for url in (reverse("monitoring:exports"), reverse("monitoring:export", args=[job.pk]),
                reverse("monitoring:export-download", args=[job.pk])):
        assert client.get(url).status_code == 404


def test_the_download_of_an_export_naming_people_is_logged_as_the_direct_one(
        hq, hq_staff, settings):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 1  # two decisions
    direct(hq, call, "decisions", "csv", settings)
    logged_direct = PersonalDataAccess.objects.get()
    job = start(hq, call, "decisions", "csv")
    assert PersonalDataAccess.objects.count() == 1  # starting the job shows nobody's data
    downloaded(hq, job)
    logged = PersonalDataAccess.objects.latest("pk")
    assert (logged.by, logged.what, logged.subject) == (
        hq_staff, AccessKind.EXPORT, logged_direct.subject)
    assert logged.path == reverse("monitoring:export-download", args=[job.pk])

    job_without_people = start(hq, call, "applications", "csv")
    downloaded(hq, job_without_people)
    assert PersonalDataAccess.objects.count() == 2


def test_a_finished_export_is_removed_with_its_file_after_the_retention_period(
        hq, settings):
    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 5
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "export_files": 7}
    job = start(hq, call, "applications", "csv")
    name = job.file.name
    assert default_storage.exists(name)

    with time_machine.travel(job.finished_at + dt.timedelta(days=6, hours=23), tick=False):
        assert apply_retention.apply().get()["export_files"] == 0
    with (time_machine.travel(job.finished_at + dt.timedelta(days=7, minutes=1), tick=False),
          TestCase.captureOnCommitCallbacks(execute=True)):
        assert apply_retention.apply().get()["export_files"] == 1
    assert not ExportJob.objects.exists()
    assert not default_storage.exists(name)
