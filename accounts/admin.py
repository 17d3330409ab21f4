from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodeSet, User


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
    # Recorded by the portal, not typed (and the split date/time inputs have no labels).
    readonly_fields = ("last_login", "date_joined")
    # A plain labelled list (the two-pane widget's icons carry ARIA their role forbids).
    filter_horizontal = ()
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "role", "organisation", "office", "password1", "password2")}),
    )

    # Accounts and their rights are a superuser's alone: HQ staff manage reviewers on the
    # portal's pages, and only a superuser grants staff or superuser status. Whatever
    # permissions a group is given later, nobody else sees this page (a 404).
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password, a superuser neither: people set their own
        (the e-mailed reset link)."""
        if str(id) != str(request.user.pk):
            raise Http404
        return super().user_change_password(request, id, form_url)

# ApplicantOrganisation's administration is in applications/admin.py: every correction there
# goes on the history (applications.services.corrections).


# Second-factor devices: the administrator sees who has enrolled and resets a lost one
# (deletes it; the person sets up again at the next login). django-otp's own admin pages
# would show the secret key and QR code of anyone's app: not registered.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AppDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecoveryCodeSet)
class RecoveryCodesAdmin(AppDeviceAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
