"""The monitoring app's own records: the annual monitoring reports HQ produces (and who
downloaded each), and HQ staff's tokens for the read-only API. Data and invariants only.

Everything else the app shows (the dashboard, exports, the API, the feeds) is read from
the apps to its left; it writes nothing of theirs.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import FISCAL_YEARS, Call

from .enums import ExportTable, ReportFormat, ReportJobStatus, ReportLanguage


def report_path(instance, filename: str) -> str:
    # Outside STATIC_ROOT; served only through the HQ view that records the download.
    return f"monitoring/reports/{instance.pk}/{filename}"


class AnnualReport(models.Model):
    """One production of the confidential annual monitoring report for a fiscal year: the
    figures as they stood (`figures`, the dashboard's), and the same figures as PDF, CSV
    and XLSX. Produced by a Celery job (services.annual_report_produce); a failed or lost
    job is shown and may be retried. A later production of the same year is a new row."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(FISCAL_YEARS.start),
                                      MaxValueValidator(FISCAL_YEARS.stop - 1)])
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices,
                                default=ReportLanguage.JAPANESE)
    status = models.CharField(_("status"), max_length=10, choices=ReportJobStatus.choices,
                              default=ReportJobStatus.PENDING)
    # How far the job has come, in per cent (figures, PDF, CSV, XLSX).
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MaxValueValidator(100)])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("started by"))
    requested_at = models.DateTimeField(_("started at"), default=timezone.now)
    # When `status` last changed: queued or being produced with no change for longer than
    # services.REPORT_STALE_AFTER means the job was lost (HQ may retry; beat re-queues).
    status_changed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    # The figures the files were made from (the dashboard's, as JSON).
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True)
    csv = models.FileField(upload_to=report_path, blank=True)
    xlsx = models.FileField(upload_to=report_path, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("annual monitoring report")
        verbose_name_plural = _("annual monitoring reports")

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} monitoring report #{self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportJobStatus.PENDING, ReportJobStatus.RENDERING)

    @property
    def failed(self) -> bool:
        return self.status == ReportJobStatus.FAILED

    @property
    def downloadable(self) -> bool:
        """Its files are there to download (the page's links, the download view)."""
        return self.status == ReportJobStatus.READY

    def file_for(self, fmt: str):
        return {ReportFormat.PDF: self.pdf, ReportFormat.CSV: self.csv,
                ReportFormat.XLSX: self.xlsx}[fmt]


class ReportDownload(models.Model):
    """One download of a report's file: who, when, which format (shown to HQ)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="downloads")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("downloaded by"))
    at = models.DateTimeField(_("downloaded at"), default=timezone.now)
    file_format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)

    # The runtime database role may INSERT and SELECT, nothing more (audit's database_roles).
    append_only = True

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")

    def __str__(self) -> str:
        return f"{self.report} {self.file_format} {self.at:%Y-%m-%d %H:%M}"


def export_path(instance, filename: str) -> str:
    # Outside STATIC_ROOT; served only to its requester, through the view that logs it.
    return f"monitoring/exports/{instance.pk}/{filename}"


class ExportJob(models.Model):
    """One export of a call's table too large to answer in the request
    (settings.EXPORTS_INLINE_MAX_ROWS): written by a Celery job
    (services.export_job_produce) with the rows of the direct download, into the portal's
    storage, for the person who asked to download. Removed with its file after the
    retention period ("export_files", settings.PRIVACY_RETENTION)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("call"))
    table = models.CharField(_("table"), max_length=20, choices=ExportTable.choices)
    file_format = models.CharField(_("format"), max_length=4,
                                   choices=[(ReportFormat.CSV, "CSV"),
                                            (ReportFormat.XLSX, "XLSX")])
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices,
                                default=ReportLanguage.JAPANESE)
    status = models.CharField(_("status"), max_length=10, choices=ReportJobStatus.choices,
                              default=ReportJobStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When the job last moved (status or rows written): queued or being produced with no
    # move for longer than services.REPORT_STALE_AFTER means the job was lost.
    status_changed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(upload_to=export_path, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("export of a call")
        verbose_name_plural = _("exports of a call")
        indexes = [models.Index(fields=["requested_by", "-requested_at"]),
                   models.Index(fields=["status", "finished_at"])]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.table}.{self.file_format} of call {self.call_id}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportJobStatus.PENDING, ReportJobStatus.RENDERING)

    @property
    def failed(self) -> bool:
        return self.status == ReportJobStatus.FAILED

    @property
    def downloadable(self) -> bool:
        return self.status == ReportJobStatus.READY and bool(self.file)


class ApiToken(models.Model):
    """A token of an HQ staff member for the read-only API (Authorization: Bearer …).

    Only the SHA-256 of the token is stored (the token has 256 random bits, so a plain
    hash suffices): it is shown once, when created, and cannot be rebuilt from the
    database. It works until revoked or `expires_at`, and only while its holder is HQ
    staff (services.api_token_holder)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    label = models.CharField(_("what it is for"), max_length=100,
                             help_text=_("e.g. “Annual statistics spreadsheet”."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, to tell tokens apart on the page.
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.label})"


class FiguresSnapshot(models.Model):
    """The dashboard's figures (`selectors.programme_figures`) for one fiscal year (0: every
    year) in one language, as the last refresh computed them (services.figures_refresh, run
    by beat's `monitoring.refresh_figures` every settings.MONITORING_FIGURES_REFRESH_SECONDS
    and by each annual report). The dashboard, the API's dashboard and the annual report
    read these rows, so they show the same numbers and the dashboard does not run forty
    aggregations on every view. A domestic office's figures (its monitoring page) are
    stored the same way once the page was first opened, and refreshed by the same job."""

    fiscal_year = models.PositiveSmallIntegerField()  # 0: every year
    language = models.CharField(max_length=2, choices=ReportLanguage.choices)
    # The code of the JETRO office in Japan whose figures these are (selectors.office_figures:
    # the organisations of the prefectures it covers); "" for the whole programme's.
    office = models.CharField(max_length=20, blank=True, default="")
    figures = models.JSONField()  # selectors.figures_as_json
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("figures as last computed")
        verbose_name_plural = _("figures as last computed")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "language", "office"],
                                               name="uniq_figures_snapshot_scope")]

    def __str__(self) -> str:
        return (f"{self.office or 'programme'} FY{self.fiscal_year or 'all'} {self.language} "
                f"{self.computed_at:%Y-%m-%d %H:%M}")
