from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .enums import Role

HOME_TEMPLATES = {
    Role.APPLICANT: "accounts/home_applicant.html",
    Role.HQ_REVIEWER: "accounts/home_reviewer.html",
    Role.OVERSEAS_REVIEWER: "accounts/home_reviewer.html",
    Role.HQ_STAFF: "accounts/home_hq.html",
    Role.SITE_ADMIN: "accounts/home_hq.html",
}


@login_required
def home(request):
    """Each role's landing page after login."""
    template = HOME_TEMPLATES.get(request.user.role)
    if template is None:  # a user created in the admin without a role
        return redirect("admin:index") if request.user.is_staff else redirect("public-home")
    return render(request, template, {"role": request.user.get_role_display()})
