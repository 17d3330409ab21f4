"""The administrator reads who looked at personal data (append-only: nothing to change)."""

from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import PersonalDataAccess, Provision


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
