from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor_views, views
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
    # Second factor for HQ staff and the administrator (accounts/two_factor.py).
    path("two-factor/", two_factor_views.two_factor_manage, name="two-factor"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", two_factor_views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes_renew,
         name="two-factor-recovery-codes"),
]
