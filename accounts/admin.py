from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApplicantOrganisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "organisation", "office",
                    "is_active"]
    list_filter = ["role", "is_active", "office"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["organisation", "office"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (_("Role"), {"fields": ("role", "organisation", "office")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "role", "organisation", "office", "password1", "password2")}),
    )


@admin.register(ApplicantOrganisation)
class ApplicantOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "name_en", "org_type", "prefecture", "contact_email",
                    "referral_source", "created_at"]
    list_filter = ["org_type", "prefecture", "referral_source"]
    search_fields = ["name_ja", "name_en", "corporate_number"]
    list_select_related = ["prefecture"]
