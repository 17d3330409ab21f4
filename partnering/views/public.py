"""The foreign region's pages: no account, English first (the reader's own partner language
when the portal offers it, with a chooser: languages.in_foreign_reader_language).
Registration, the page behind the
signed link (confirm the address, then see who expressed interest) and a new link by
e-mail. The forms' POSTs are counted per client address (PARTNER_FORM_RATE)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.throttling import client_ip
from rit_portal.refusals import refusal_to_form
from rit_portal.throttling import rate_limited

from ..enums import InterestStatus
from ..forms import AccessForm, InterestForm
from ..languages import in_foreign_reader_language, with_language
from ..links import REGION_LINK_MAX_AGE, RegionLinkExpired, RegionLinkInvalid, interest_from_token
from ..selectors import introductions_of_interest
from ..services import interest_confirm_address, interest_register, region_link_send


def _public_rate(view):
    return rate_limited(scope="partner-form", setting="PARTNER_FORM_RATE", ident=client_ip,
                        methods=("POST",))(view)


@in_foreign_reader_language
@_public_rate
def register(request):
    """The registration form; on success the contact is sent the confirmation link."""
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        interest = refusal_to_form(form, lambda: interest_register(
            language=translation.get_language(), **values))
        if interest is not None:
            return redirect(with_language(reverse("partnering:register-sent"), request))
    return render(request, "partnering/public/register.html", {"form": form})


@in_foreign_reader_language
def register_sent(request):
    return render(request, "partnering/public/register_sent.html",
                  {"valid_days": REGION_LINK_MAX_AGE.days})


@in_foreign_reader_language
@_public_rate
def access(request):
    """Ask for a new link to the region's page: the same answer whatever the address."""
    form = AccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region_link_send(email=form.cleaned_data["email"])
        messages.success(request, _("If this address registered a region's interest, a link "
                                    "to its page is on its way. Check your mailbox."))
        return redirect(with_language(reverse("partnering:access"), request))
    return render(request, "partnering/public/access.html", {"form": form})


@never_cache
@in_foreign_reader_language
def region(request, token: str):
    """The region's own page behind its signed link: confirm the address (a POST), then
    the interest's status and the Japanese organisations that asked to be introduced."""
    try:
        interest = interest_from_token(token)
    except RegionLinkExpired:
        return render(request, "partnering/public/link_refused.html",
                      {"expired": True, "valid_days": REGION_LINK_MAX_AGE.days}, status=410)
    except RegionLinkInvalid:
        return render(request, "partnering/public/link_refused.html", {"expired": False},
                      status=404)
    if request.method == "POST":
        if interest.status == InterestStatus.UNCONFIRMED:
            interest_confirm_address(interest=interest)
            messages.success(request, _("Thank you: your address is confirmed. The JETRO "
                                        "office covering your country will review your "
                                        "registration before it is published."))
        return redirect(with_language(request.path, request))
    return render(request, "partnering/public/region.html", {
        "interest": interest,
        "unconfirmed": interest.status == InterestStatus.UNCONFIRMED,
        "published": interest.status == InterestStatus.PUBLISHED,
        "introductions": introductions_of_interest(interest=interest)})
