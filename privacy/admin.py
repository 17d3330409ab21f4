"""The administrator reads who looked at personal data (append-only: nothing to change)."""

from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "what", "subject"]
    list_filter = ["what"]
    list_select_related = ["by"]
    search_fields = ["by__email", "subject"]
    date_hierarchy = "at"
    fields = ["at", "by", "what", "subject", "path"]
    readonly_fields = fields
