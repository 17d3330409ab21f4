"""Public pages, no login: the front page with the calls, and each call's page."""

from django.shortcuts import render
from django.urls import reverse

from accounts.referrals import referral_remember, share_links

from .. import selectors
from ..forms import SelfCheckForm
from ..self_check import eligibility_self_check


def public_home(request):
    """What the programme is, with the calls that are open or about to open."""
    referral_remember(request)
    return render(request, "public_home.html", {"calls": selectors.calls_public()})


def call_detail(request, pk: int):
    """A call's guidance, rules in plain words, eligibility self-check and sharing links.

    The self-check is a GET form so that it works without JavaScript and needs no session.
    """
    call = selectors.call_public_or_404(pk=pk, user=request.user)
    referral_remember(request)
    form = SelfCheckForm(request.GET if "consortium_size" in request.GET else None)
    result = eligibility_self_check(call=call, **form.cleaned_data) if form.is_valid() else None
    page_url = request.build_absolute_uri(reverse("call-detail", args=[call.pk]))
    return render(request, "applications/public/call_detail.html", {
        "call": call, "form": form, "result": result, "share_links": share_links(page_url),
        "page_url": page_url,
    })
