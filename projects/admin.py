"""The projects in the administration site: read-only (every write goes through the
services and the report's workflow; delegates' personal data is not listed here)."""

from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import ProgressReport, Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("application", "organisation", "partner_region", "first_fiscal_year",
                    "duration_years", "approved_total", "status", "closed_at")
    list_filter = ("status", "first_fiscal_year")
    list_select_related = ("application", "organisation", "partner_region")
    readonly_fields = [field.name for field in Project._meta.fields]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("project_year", "status", "submitted_at", "accepted_at")
    list_filter = ("status", "project_year__fiscal_year")
    list_select_related = ("project_year",)
    readonly_fields = [field.name for field in ProgressReport._meta.fields]
