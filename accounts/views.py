from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from rit_portal.gates import gate
from rit_portal.refusals import refusal_shown

from . import selectors, services
from .enums import Role
from .forms import (
    InvitationAcceptForm,
    InvitationForm,
    OfficeStaffInvitationForm,
    OrganisationForm,
    OrganisationProfileForm,
    PortalAuthenticationForm,
    RegistrationPersonForm,
)
from .models import Invitation
from .referrals import referral_kept, referral_remember

HOME_TEMPLATES = {
    Role.APPLICANT: "accounts/home_applicant.html",
    Role.HQ_REVIEWER: "accounts/home_reviewer.html",
    Role.OVERSEAS_REVIEWER: "accounts/home_reviewer.html",
    Role.OFFICE_STAFF: "accounts/home_office.html",
    Role.HQ_STAFF: "accounts/home_hq.html",
    Role.SITE_ADMIN: "accounts/home_hq.html",
}
# Passwords were checked by the form; log the new user in without a second authentication.
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@gate()
def home(request):
    """Each role's landing page after login."""
    template = HOME_TEMPLATES.get(request.user.role)
    if template is None:  # a user created in the admin without a role
        return redirect("admin:index") if request.user.is_staff else redirect("public-home")
    # Each app's panels (its templatetags, named by the template) fill the page.
    return render(request, template, {"role": request.user.get_role_display(),
                                      **selectors.home_context(request.user)})


def register(request):
    """Register an applicant organisation and its first user, then log them in."""
    if request.user.is_authenticated:
        return redirect("home")
    referral_remember(request)
    org_form = OrganisationForm(request.POST or None, prefix="org")
    person_form = RegistrationPersonForm(request.POST or None, prefix="person")
    if request.method == "POST" and org_form.is_valid() and person_form.is_valid():
        person = person_form.cleaned_data
        with refusal_shown(request, org_form, person_form) as refusal:
            user = services.organisation_register(
                organisation={name: org_form.cleaned_data[name]
                              for name in services.ORGANISATION_FIELDS},
                email=person["email"], password=person["password1"],
                first_name=person["first_name"], last_name=person["last_name"],
                language=person["language"], referral_source=referral_kept(request),
            )
        if not refusal:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Your organisation is registered. Welcome to the RIT "
                                        "Portal."))
            return redirect("home")
    return render(request, "accounts/registration/register.html",
                  {"org_form": org_form, "person_form": person_form})


@gate("accounts.invite_colleague")
def colleagues(request):
    """The organisation's members and pending invitations; invite a colleague by e-mail."""
    organisation = request.user.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            invitation, _token = services.invitation_create(
                organisation=organisation, email=form.cleaned_data["email"], by=request.user)
        if not refusal:
            messages.success(request, _("An invitation was sent to %(email)s.")
                             % {"email": invitation.email})
            return redirect("colleagues")
    members = organisation.members.filter(is_active=True).order_by("last_name", "email")
    pending = Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True)
    return render(request, "accounts/registration/colleagues.html",
                  {"form": form, "members": members, "invitations": pending,
                   "organisation": organisation, "now": timezone.now()})


@gate("accounts.invite_colleague")
def organisation_profile(request):
    """The organisation's details that its members keep current, the Latin-script names
    of the organisation and its representative among them (the award letter's English page)."""
    organisation = request.user.organisation
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        with refusal_shown(request, form) as refusal:
            services.organisation_profile_update(organisation=organisation, by=request.user,
                                                 values=values)
        if not refusal:
            messages.success(request, _("The organisation's details have been saved."))
            return redirect("organisation-profile")
    return render(request, "accounts/registration/organisation.html",
                  {"form": form, "organisation": organisation})


def invitation_accept(request, token: str):
    """The invitee creates their account from the e-mailed link (no login needed)."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/registration/invitation_invalid.html",
                      {"problem": _("This invitation link is not valid. Check that you "
                                    "copied the whole link from the e-mail.")}, status=404)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "accounts/registration/invitation_invalid.html",
                      {"problem": problem}, status=410)
    if request.user.is_authenticated:
        return render(request, "accounts/registration/invitation_invalid.html",
                      {"problem": _("Log out first: this invitation creates a new account.")},
                      status=409)
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form) as refusal:
            user = services.invitation_accept(
                invitation=invitation, password=data["password1"], first_name=data["first_name"],
                last_name=data["last_name"], language=data["language"])
        if not refusal:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Your account is ready. Welcome to the RIT Portal."))
            return redirect("home")
    return render(request, "accounts/registration/invitation_accept.html",
                  {"form": form, "invitation": invitation})


class PortalLoginView(LoginView):
    """Login that switches the interface to the language the user chose last time."""

    redirect_authenticated_user = True
    authentication_form = PortalAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        translation.activate(form.get_user().language)
        # As Django's set_language sets it (Secure in production, HttpOnly).
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.get_user().language,
                            max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH,
                            domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE,
                            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response


@require_POST
def language_switch(request):
    """Django's set_language, and for a logged-in user the choice is remembered. Only the
    staff's languages (settings.LANGUAGES): a partner language (German, Korean, …) is
    for the partner's own pages, whose chooser is a link, never this cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        request.POST = request.POST.copy()
        request.POST["language"] = language = ""
    response = set_language(request)
    if request.user.is_authenticated and check_for_language(language):
        services.user_language_set(user=request.user, language=language)
    return response


@gate("accounts.manage_office_staff")
def office_staff(request):
    """HQ: every office in Japan with the prefectures it covers and its staff, pending
    invitations, and the form to invite a staff member (`?office=<code>` preselects it)."""
    offices = selectors.offices_in_japan_with_staff()
    for office in offices:
        office.prefecture_names = [t.prefecture.name for t in office.domestic_territories.all()]
    chosen = next((o for o in offices if o.code == request.GET.get("office")), None)
    form = OfficeStaffInvitationForm(request.POST or None, offices=offices,
                                     initial={"office": chosen, "language": "ja"})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            invitation, _token = services.office_staff_invite(by=request.user,
                                                              **form.cleaned_data)
        if not refusal:
            messages.success(request, _("An invitation was sent to %(email)s for %(office)s.")
                             % {"email": invitation.email, "office": invitation.office.name})
            return redirect("office-staff")
    return render(request, "accounts/office_staff.html", {
        "form": form, "offices": offices,
        "invitations": selectors.office_staff_invitations_pending()})
