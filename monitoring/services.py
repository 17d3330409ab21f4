"""Every write of the monitoring app: the annual report job (request, produce, record an
error, retry, re-queue the lost), the record of each download, HQ's API tokens. It writes
only its own records (monitoring.models); everything it reports is read from the apps to
its left.

The report job follows the award letters' pattern (sponsorship.letters): a row per
production with a visible status (queued → being produced → ready, or failed with the
error), produced by a Celery task that is idempotent (a second run of a ready report
changes nothing), retried with backoff, re-queued by beat when its job was lost, retried
by HQ when it failed.
"""

import datetime as dt
import hashlib
import secrets
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import FISCAL_YEARS
from rit_portal.permissions import require
from rit_portal.queueing import enqueue_on_commit, requeue_stale

from .enums import (
    REPORT_IN_PROGRESS,
    ExportTable,
    ReportFormat,
    ReportJobStatus,
    ReportLanguage,
)
from .models import AnnualReport, ApiToken, ExportJob, FiguresSnapshot, ReportDownload

ERROR_MAX_CHARS = 2000
# A report queued or being produced with no status change for this long has lost its job
# (a message lost with Redis, a broker that was down when it was queued). A production
# takes a few seconds (docs/benchmarks.md); the task's hard limit is three minutes.
REPORT_STALE_AFTER = dt.timedelta(minutes=10)


def _enqueue(report_id: int) -> None:
    # A broker that is down must not fail the request: the report stays queued, and beat's
    # requeue_stale_reports queues it again once stale (HQ may also retry it then).
    enqueue_on_commit("monitoring.produce_annual_report", report_id=report_id)


# --- The annual report ----------------------------------------------------------------------

@transaction.atomic
def annual_report_request(*, fiscal_year: int, language: str, by) -> AnnualReport:
    """Start producing the report of `fiscal_year` in `language` (HQ only); the job runs
    after commit. Refused while a report of that year is still being produced."""
    require(by, "monitoring.view_figures")
    if fiscal_year not in FISCAL_YEARS:
        raise ValidationError({"fiscal_year": _("Choose a fiscal year between %(first)d and "
                                                "%(last)d.") % {"first": FISCAL_YEARS.start,
                                                               "last": FISCAL_YEARS.stop - 1}})
    busy = (AnnualReport.objects.select_for_update()
            .filter(fiscal_year=fiscal_year, status__in=REPORT_IN_PROGRESS,
                    status_changed_at__gt=timezone.now() - REPORT_STALE_AFTER))
    if busy.exists():
        raise ValidationError({"fiscal_year": _("The report of FY%(year)d is being produced "
                                                "already: follow it below.")
                               % {"year": fiscal_year}})
    report = AnnualReport(fiscal_year=fiscal_year, language=language, requested_by=by)
    report.full_clean()
    report.save()
    _enqueue(report.pk)
    return report


def report_is_stale(report: AnnualReport, *, now: dt.datetime | None = None) -> bool:
    """Queued or being produced, with no progress for longer than REPORT_STALE_AFTER."""
    return (report.status in REPORT_IN_PROGRESS
            and report.status_changed_at <= (now or timezone.now()) - REPORT_STALE_AFTER)


def report_retryable(report: AnnualReport, *, now: dt.datetime | None = None) -> bool:
    return report.status == ReportJobStatus.FAILED or report_is_stale(report, now=now)


@transaction.atomic
def annual_report_retry(*, report: AnnualReport, by) -> AnnualReport:
    """Queue again a failed report or one whose job was lost (HQ only)."""
    require(by, "monitoring.view_figures")
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not report_retryable(report):
        raise ValidationError(_("Only a failed report, or one that has made no progress for "
                                "%(minutes)d minutes, can be retried.")
                              % {"minutes": int(REPORT_STALE_AFTER.total_seconds() // 60)})
    report.status, report.progress = ReportJobStatus.PENDING, 0
    report.status_changed_at = timezone.now()
    report.save(update_fields=["status", "progress", "status_changed_at"])
    _enqueue(report.pk)
    return report


def annual_reports_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every report whose job was lost; safe if the lost job turns up after
    all (producing is idempotent). Returns how many."""
    now = now or timezone.now()
    return requeue_stale(AnnualReport, in_progress=REPORT_IN_PROGRESS,
                         stale_before=now - REPORT_STALE_AFTER,
                         pending=ReportJobStatus.PENDING, enqueue_one=_enqueue, now=now)


@transaction.atomic
def _claim(report_id: int) -> AnnualReport | None:
    """Mark the report as being produced and count the attempt; None when it is ready."""
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    if report.status == ReportJobStatus.READY:
        return None
    report.status, report.progress = ReportJobStatus.RENDERING, 0
    report.status_changed_at = timezone.now()
    report.attempts += 1
    report.save(update_fields=["status", "progress", "status_changed_at", "attempts"])
    return report


def _progress(report_id: int, percent: int) -> None:
    """Show how far the job has come (its own short transaction, so HQ sees it at once)."""
    AnnualReport.objects.filter(pk=report_id, status=ReportJobStatus.RENDERING).update(
        progress=percent, status_changed_at=timezone.now())


@transaction.atomic
def _store(report_id: int, *, files: dict[str, tuple[str, bytes]], figures: dict) -> AnnualReport:
    """Store the three files (replacing what an earlier killed attempt left) and mark the
    report ready. A duplicate job that finds it ready keeps the stored files."""
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    if report.status == ReportJobStatus.READY:
        return report
    for fmt, (filename, content) in files.items():
        field = report.file_for(fmt)
        storage = field.storage
        target = field.field.generate_filename(report, filename)
        for name in {field.name, target} - {""}:
            if storage.exists(name):
                storage.delete(name)
        field.save(filename, ContentFile(content), save=False)
    report.figures = figures
    report.status, report.progress, report.error = ReportJobStatus.READY, 100, ""
    report.finished_at = report.status_changed_at = timezone.now()
    report.save(update_fields=["pdf", "csv", "xlsx", "figures", "status", "progress", "error",
                               "finished_at", "status_changed_at"])
    return report


def annual_report_produce(*, report_id: int) -> AnnualReport:
    """Compute the figures of the report's fiscal year and write them as PDF, CSV and XLSX
    (progress shown after each step); idempotent: a ready report is returned as it is."""
    from .report_files import report_csv, report_filename, report_html, report_pdf, report_xlsx
    from .tables import figure_tables, headline

    report = _claim(report_id)
    if report is None:
        return AnnualReport.objects.get(pk=report_id)
    with translation.override(report.language):
        # Computed now and stored: the dashboard and the API show these same numbers.
        figures = figures_refresh(fiscal_year=report.fiscal_year, language=report.language)
        tables = figure_tables(figures)
        snapshot = {"headline": headline(figures),
                    "tables": [{"key": t.key, "title": t.title, "columns": t.columns,
                                "rows": [[cell.text for cell in row] for row in t.rows]}
                               for t in tables]}
        _progress(report_id, 25)
        pdf = report_pdf(report_html(fiscal_year=report.fiscal_year, tables=tables,
                                     figures=figures))
        _progress(report_id, 75)
        csv, xlsx = report_csv(tables), report_xlsx(tables)

    def name(fmt: str) -> str:
        return report_filename(fiscal_year=report.fiscal_year, report_id=report_id, fmt=fmt)

    return _store(report_id, figures=snapshot, files={
        ReportFormat.PDF: (name("pdf"), pdf), ReportFormat.CSV: (name("csv"), csv),
        ReportFormat.XLSX: (name("xlsx"), xlsx)})


def annual_report_record_error(*, report_id: int, error: str, final: bool) -> None:
    """Note a failed attempt; `final` marks the report failed (HQ sees the error, retries)."""
    AnnualReport.objects.filter(pk=report_id).exclude(status=ReportJobStatus.READY).update(
        status=ReportJobStatus.FAILED if final else ReportJobStatus.PENDING,
        error=error[:ERROR_MAX_CHARS], status_changed_at=timezone.now())


@transaction.atomic
def report_download_record(*, report: AnnualReport, by, file_format: str) -> ReportDownload:
    """Record that `by` downloads the report's `file_format` file now (HQ only; the report
    must be ready)."""
    require(by, "monitoring.view_figures")
    if report.status != ReportJobStatus.READY:
        raise ValidationError(_("This report is not ready yet."))
    download = ReportDownload(report=report, by=by, file_format=file_format)
    download.full_clean()
    download.save()
    return download


# --- A call's exports produced by the worker ----------------------------------------------
# The same pattern as the annual report: a row per export with a visible status and the
# rows written so far, a Celery task that is idempotent (a finished export is left as it
# is; a killed attempt's file is replaced), retried with backoff, re-queued by beat when
# its job was lost, retried by its requester when it failed.

# The rows written so far are stored every this many rows (one short UPDATE each).
EXPORT_PROGRESS_EVERY = 500


def export_inline(rows_total: int | None) -> bool:
    """Whether an export of `rows_total` rows (None: a small table of its own kind, the
    money page's) is answered in the request rather than by the worker."""
    return rows_total is None or rows_total <= settings.EXPORTS_INLINE_MAX_ROWS


def _enqueue_export(job_id: int) -> None:
    enqueue_on_commit("monitoring.produce_export", job_id=job_id)


@transaction.atomic
def export_job_request(*, call, table: str, fmt: str, language: str, by) -> ExportJob:
    """Have the worker write `table` of `call` as `fmt` in `language` for `by` (HQ only);
    the job runs after commit. The same export still being produced for `by` is returned
    instead of a second one."""
    require(by, "monitoring.view_figures")
    running = (ExportJob.objects.select_for_update()
               .filter(call=call, table=table, file_format=fmt, language=language,
                       requested_by=by, status__in=REPORT_IN_PROGRESS,
                       status_changed_at__gt=timezone.now() - REPORT_STALE_AFTER).first())
    if running is not None:
        return running
    job = ExportJob(call=call, table=table, file_format=fmt, language=language,
                    requested_by=by)
    job.full_clean()
    job.save()
    _enqueue_export(job.pk)
    return job


def export_job_retryable(job: ExportJob, *, now: dt.datetime | None = None) -> bool:
    return job.status == ReportJobStatus.FAILED or (
        job.in_progress
        and job.status_changed_at <= (now or timezone.now()) - REPORT_STALE_AFTER)


@transaction.atomic
def export_job_retry(*, job: ExportJob, by) -> ExportJob:
    """Queue again a failed export, or one whose job was lost (its requester only)."""
    require(by, "monitoring.view_figures")
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.requested_by_id != by.pk:
        raise PermissionDenied
    if not export_job_retryable(job):
        raise ValidationError(_("Only a failed export, or one that has made no progress for "
                                "%(minutes)d minutes, can be retried.")
                              % {"minutes": int(REPORT_STALE_AFTER.total_seconds() // 60)})
    job.status, job.rows_written = ReportJobStatus.PENDING, 0
    job.status_changed_at = timezone.now()
    job.save(update_fields=["status", "rows_written", "status_changed_at"])
    _enqueue_export(job.pk)
    return job


def export_jobs_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every export whose job was lost (writing is idempotent)."""
    now = now or timezone.now()
    return requeue_stale(ExportJob, in_progress=REPORT_IN_PROGRESS,
                         stale_before=now - REPORT_STALE_AFTER,
                         pending=ReportJobStatus.PENDING, enqueue_one=_enqueue_export, now=now)


@transaction.atomic
def _export_claim(job_id: int) -> ExportJob | None:
    """Mark the export as being written and count the attempt; None when it is done."""
    job = ExportJob.objects.select_for_update().select_related("call", "requested_by").get(
        pk=job_id)
    if job.status == ReportJobStatus.READY:
        return None
    job.status, job.rows_written = ReportJobStatus.RENDERING, 0
    job.status_changed_at = timezone.now()
    job.attempts += 1
    job.save(update_fields=["status", "rows_written", "status_changed_at", "attempts"])
    return job


@transaction.atomic
def _export_store(job_id: int, *, filename: str, spool, rows_written: int) -> ExportJob:
    """Store the written file (replacing what a killed attempt left) and mark the export
    done. A duplicate job that finds it done keeps the stored file."""
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    if job.status == ReportJobStatus.READY:
        return job
    storage = job.file.storage
    for name in {job.file.name, job.file.field.generate_filename(job, filename)} - {""}:
        if storage.exists(name):
            storage.delete(name)
    job.file.save(filename, File(spool), save=False)
    job.status, job.error = ReportJobStatus.READY, ""
    job.rows_written = rows_written
    job.finished_at = job.status_changed_at = timezone.now()
    job.save(update_fields=["file", "status", "error", "rows_written", "finished_at",
                            "status_changed_at"])
    return job


def export_job_produce(*, job_id: int) -> ExportJob:
    """Write the export with the rows of the direct download (monitoring.exports, as its
    requester would read them, in the job's language) to the portal's storage, showing
    the rows written as it goes; idempotent: a finished export is returned as it is."""
    from rit_portal.csv_io import write_table

    from .exports import EXPORTS, export_filename_stem, rows_count

    job = _export_claim(job_id)
    if job is None:
        return ExportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        header, rows = EXPORTS[job.table](call=job.call, by=job.requested_by)
        total = rows_count(rows)
        ExportJob.objects.filter(pk=job_id).update(rows_total=total)
        counted = _CountedRows(job_id, rows)
        with tempfile.TemporaryFile() as spool:
            write_table(spool, fmt=job.file_format, header=header, rows=counted,
                        sheet_title=str(ExportTable(job.table).label))
            spool.seek(0)
            filename = (f"{export_filename_stem(call=job.call, table=job.table)}"
                        f".{job.file_format}")
            return _export_store(job_id, filename=filename, spool=spool,
                                 rows_written=counted.written)


class _CountedRows:
    """The rows of an export, counted as the writer reads them (see _export_counted)."""

    def __init__(self, job_id: int, rows):
        self.job_id, self.rows, self.written = job_id, rows, 0

    def __iter__(self):
        for row in self.rows:
            yield row
            self.written += 1
            if self.written % EXPORT_PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job_id,
                                         status=ReportJobStatus.RENDERING).update(
                    rows_written=self.written, status_changed_at=timezone.now())


def export_job_record_error(*, job_id: int, error: str, final: bool) -> None:
    """Note a failed attempt; `final` marks the export failed (its requester sees the
    error and may retry)."""
    ExportJob.objects.filter(pk=job_id).exclude(status=ReportJobStatus.READY).update(
        status=ReportJobStatus.FAILED if final else ReportJobStatus.PENDING,
        error=error[:ERROR_MAX_CHARS], status_changed_at=timezone.now())


def export_jobs_remove(*, before: dt.datetime) -> int:
    """Remove every export that ended (done or failed) at or before `before`, with its
    stored file (removed after commit, rit_portal.stored_files). Returns how many."""
    ended = ExportJob.objects.filter(
        status__in=(ReportJobStatus.READY, ReportJobStatus.FAILED)).filter(
        models.Q(finished_at__lte=before)
        | models.Q(finished_at__isnull=True, status_changed_at__lte=before))
    count, _deleted = ended.delete()
    return count


# --- The figures, stored -------------------------------------------------------------------
# Why a summary refreshed by a job rather than in the transaction of each change: the
# figures read some fifteen tables that some forty services of five apps write (calls,
# submissions and every status change, cost lines, decisions and publications, projects
# and their status, firms, activities, progress reports, outcomes and spend, claims and
# payments, survey answers, organisations' referral sources). Recomputing them (about forty
# queries, 680 ms at 5,000 applications) inside each of those transactions would slow every
# write and need a hook in each app below monitoring; the dashboard is a monitoring view
# that may be a few minutes behind, and says as of when.

def figures_language(language: str | None = None) -> str:
    """The language the figures are stored in for a reader of `language` (the active one
    when None): Japanese or English, the portal's languages."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in ReportLanguage.values else settings.LANGUAGE_CODE[:2]


def figures_refresh(*, fiscal_year: int | None, language: str, office=None):
    """Compute the figures of `fiscal_year` (None: every year) in `language` and store them
    (`FiguresSnapshot`, replacing the last ones): the whole programme's, or those of
    `office` (a JETRO office in Japan: `selectors.office_figures`). Returns them
    (`selectors.Figures`)."""
    from .selectors import figures_as_json, office_figures, programme_figures

    with translation.override(language):
        figures = (office_figures(office=office, fiscal_year=fiscal_year) if office
                   else programme_figures(fiscal_year=fiscal_year))
    FiguresSnapshot.objects.bulk_create(
        [FiguresSnapshot(fiscal_year=fiscal_year or 0, language=language,
                         office=office.code if office else "",
                         figures=figures_as_json(figures), computed_at=timezone.now())],
        update_conflicts=True, unique_fields=["fiscal_year", "language", "office"],
        update_fields=["figures", "computed_at"])
    return figures


def figures_refresh_all() -> int:
    """Beat's job: the figures of every fiscal year with data and of every year together,
    in each language, computed again and stored; the offices' figures stored so far (each
    (office, year, language) is stored when its page is first opened: an office's figures
    cost as much as the programme's, and most offices read only their own) computed again
    too; those of years without data any more, or of an office that no longer covers
    prefectures, removed. Returns how many were stored."""
    from .selectors import fiscal_years, offices_in_japan

    years = [None, *fiscal_years()]
    for fiscal_year in years:
        for language in ReportLanguage.values:
            figures_refresh(fiscal_year=fiscal_year, language=language)
    kept = [y or 0 for y in years]
    offices = {office.code: office for office in offices_in_japan()}
    FiguresSnapshot.objects.exclude(fiscal_year__in=kept).delete()
    FiguresSnapshot.objects.exclude(office="").exclude(office__in=offices).delete()
    office_scopes = list(FiguresSnapshot.objects.exclude(office="")
                         .values_list("office", "fiscal_year", "language")
                         .order_by("office", "fiscal_year", "language"))
    for code, fiscal_year, language in office_scopes:
        figures_refresh(fiscal_year=fiscal_year or None, language=language,
                        office=offices[code])
    return len(years) * len(ReportLanguage.values) + len(office_scopes)


def figures_current(*, fiscal_year: int | None, language: str | None = None, office=None):
    """What the dashboard, the API's dashboard and HQ's exports of the figures show (with
    `office`, a domestic office's monitoring page): the stored figures of `fiscal_year` in
    the reader's language (`selectors.StoredFigures`), computed and stored first when there
    are none yet. One query when stored."""
    from .selectors import StoredFigures, stored_figures

    language = figures_language(language)
    stored = stored_figures(fiscal_year=fiscal_year, language=language,
                            office=office.code if office else "")
    if stored is None:
        figures = figures_refresh(fiscal_year=fiscal_year, language=language, office=office)
        stored = StoredFigures(figures, timezone.now())
    return stored


# --- API tokens -----------------------------------------------------------------------------

TOKEN_PREFIX = "rit_"
# Active tokens one person may hold (one per spreadsheet or script that reads the API).
MAX_TOKENS_PER_USER = 5


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, by, label: str) -> tuple[ApiToken, str]:
    """A new API token for `by` (HQ only): the record and the token itself, which is shown
    once and never stored. It expires after API_TOKEN_DAYS."""
    require(by, "monitoring.use_api")
    now = timezone.now()
    active = (ApiToken.objects.select_for_update()
              .filter(user=by, revoked_at__isnull=True, expires_at__gt=now))
    if active.count() >= MAX_TOKENS_PER_USER:
        raise ValidationError({"label": _("You hold %(n)d active tokens already: revoke one "
                                          "you no longer use first.")
                               % {"n": MAX_TOKENS_PER_USER}})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=by, label=label.strip(), key_hash=token_hash(token),
                      prefix=token[:10], created_at=now,
                      expires_at=now + dt.timedelta(days=settings.API_TOKEN_DAYS))
    record.full_clean()
    record.save()
    return record, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke one of `by`'s own tokens: it stops working at once."""
    require(by, "monitoring.use_api")
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_holder(token: str, *, now: dt.datetime | None = None):
    """The user an API token belongs to, if it is active (not revoked, not expired); None
    otherwise. Notes when it was last used (at most once a minute per token)."""
    now = now or timezone.now()
    record = (ApiToken.objects.select_related("user")
              .filter(key_hash=token_hash(token), revoked_at__isnull=True,
                      expires_at__gt=now).first())
    if record is None or not record.user.is_active:
        return None
    if record.last_used_at is None or now - record.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
