"""The administration site, held to the portal's rules.

- It has no login of its own: its login page sends to the portal's, which throttles
  failures and asks HQ staff and the administrator for their second factor.
- A page someone may not use does not exist for them (404), as everywhere on the portal:
  logged-in people without admin access, and staff without the model permission
  (rit_portal.views.permission_denied).
"""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# django-axes names its models through gettext but ships no Japanese catalogue: listed here,
# they are in the portal's (searched first), and its pages' headings read in Japanese too.
AXES_MODEL_NAMES = (gettext_noop("access attempt"), gettext_noop("access attempts"),
                    gettext_noop("access log"), gettext_noop("access logs"),
                    gettext_noop("access failure"), gettext_noop("access failures"))

# The libraries' apps and models, named in the reader's language on the administration's
# index and menus (their own names are English only, some not translatable at all; their
# models' options cannot change without a migration inside the library).
THIRD_PARTY_NAMES = {
    "axes": _("Login attempts (throttling)"),
    "otp_totp": _("Two-factor: authenticator apps"),
    "otp_totp.totpdevice": _("Authenticator apps"),
}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through the apps' services (which record them on the history):
    the administration shows them, nothing more."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())  # the portal's login
            if not self.has_permission(request):
                raise Http404
            # A missing model permission raises PermissionDenied: urls.handler403 makes
            # it the same 404.
            return inner(request, *args, **kwargs)

        return guarded

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["name"] = THIRD_PARTY_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name'].lower()}"
                model["name"] = THIRD_PARTY_NAMES.get(label, model["name"])
        return apps

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise Http404
            return super().login(request, extra_context)  # redirects to the index
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
