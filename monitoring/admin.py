"""The annual reports in the administration site: read-only (produced by the job, their
downloads recorded by the report page). API tokens are not listed: each person manages
their own on the API tokens page."""

from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("fiscal_year", "language", "status", "requested_by", "requested_at",
                    "finished_at")
    list_filter = ("status", "fiscal_year")
    list_select_related = ("requested_by",)
    exclude = ("figures",)
    readonly_fields = [field.name for field in AnnualReport._meta.fields if field.name != "figures"]
