from django.contrib.auth import views as auth_views
from django.urls import path

from . import office_views, two_factor_views, views
from .forms import PortalPasswordChangeForm, PortalPasswordResetForm, PortalSetPasswordForm

urlpatterns = [
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        form_class=PortalPasswordChangeForm), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        form_class=PortalPasswordResetForm), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=PortalSetPasswordForm),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("register/", views.register, name="register"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("organisation/", views.organisation_profile, name="organisation-profile"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("office-staff/", views.office_staff, name="office-staff"),
    # HQ keeps JETRO's offices, their territories and the partner regions.
    path("offices/", office_views.office_list, name="offices"),
    path("offices/new/", office_views.office_new, name="office-new"),
    path("offices/<str:code>/", office_views.office_view, name="office"),
    path("partner-regions/", office_views.partner_region_list, name="partner-regions"),
    path("partner-regions/new/", office_views.partner_region_new, name="partner-region-new"),
    path("partner-regions/<int:pk>/", office_views.partner_region_view,
         name="partner-region"),
    # Second factor for HQ staff and the administrator (accounts/two_factor.py).
    path("two-factor/", two_factor_views.two_factor_manage, name="two-factor"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", two_factor_views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes_renew,
         name="two-factor-recovery-codes"),
]
