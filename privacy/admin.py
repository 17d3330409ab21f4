"""The administrator reads who looked at personal data, what was provided to whom and each
run of the retention schedule (append-only: nothing to change)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from rit_portal.admin_site import ReadOnlyAdmin

from .models import PersonalDataAccess, Provision, RetentionRun
from .retention import CATEGORIES


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "what", "subject"]
    list_filter = ["what"]
    list_select_related = ["by"]
    search_fields = ["by__email", "subject"]
    date_hierarchy = "at"
    fields = ["at", "by", "what", "subject", "path"]
    readonly_fields = fields


@admin.register(Provision)
class ProvisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "what", "subject", "recipient_kind", "recipient_name",
                    "recipient_country"]
    list_filter = ["what", "recipient_kind"]
    list_select_related = ["by"]
    search_fields = ["subject", "recipient_name", "people"]
    date_hierarchy = "at"
    fields = ["at", "by", "what", "subject", "items", "people", "recipient_kind",
              "recipient_name", "recipient_country"]
    readonly_fields = fields


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "total", "failed"]
    date_hierarchy = "started_at"
    fields = ["started_at", "finished_at", "per_category", "errors"]
    readonly_fields = fields

    @admin.display(description=_("records removed or anonymised"))
    def total(self, run):
        return run.total

    @admin.display(description=_("categories failed"))
    def failed(self, run):
        return len(run.errors)

    @admin.display(description=_("per category"))
    def per_category(self, run):
        return format_html_join(
            "", "<div>{}: {}</div>",
            ((CATEGORIES[key].label if key in CATEGORIES else key, count)
             for key, count in run.counts.items()))
