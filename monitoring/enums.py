"""Choices of the monitoring app and its named groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.badges import status_badges


class ReportJobStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RENDERING = "rendering", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Reports whose files are still to come: queued, or being produced.
REPORT_IN_PROGRESS = (ReportJobStatus.PENDING, ReportJobStatus.RENDERING)


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ReportLanguage(models.TextChoices):
    JAPANESE = "ja", "日本語"
    ENGLISH = "en", "English"


class ExportTable(models.TextChoices):
    """The tables of a call that HQ exports (monitoring.exports)."""

    APPLICATIONS = "applications", _("Applications")
    FIRMS = "consortium-firms", _("Consortium firms")
    COST_LINES = "cost-lines", _("Cost lines")
    REVIEWS = "reviews", _("Reviews")
    DECISIONS = "decisions", _("Decisions")
    PROJECTS = "projects", _("Sponsored projects")
    MONEY = "money", _("Approved, claimed, paid and spent")


# The colour of each status's badge ({% status_badge %}).
status_badges(ReportJobStatus, {ReportJobStatus.READY: "success", ReportJobStatus.FAILED: "danger"},
              shown_as=["monitoring.AnnualReport.status", "monitoring.ExportJob.status"])
