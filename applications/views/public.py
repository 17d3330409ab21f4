"""Public pages, no login: the front page with the calls, and each call's page."""

from django.shortcuts import render
from django.urls import reverse

from accounts.referrals import (
    clean_referral_source,
    counts_as_visit,
    referral_remember,
    share_links,
)

from .. import selectors
from ..forms import SelfCheckForm
from ..self_check import eligibility_self_check
from ..services import referral_visit_record


def _referral_visit(request, call=None) -> None:
    """Count the visit a promoter's `?ref=` brought to this page (once a day per visitor;
    robots and prefetches not counted)."""
    source = clean_referral_source(request.GET.get("ref", ""))
    if counts_as_visit(request, source=source, page=str(call.pk) if call else "home"):
        referral_visit_record(source=source, call=call)


def public_home(request):
    """What the programme is, with the calls that are open or about to open."""
    referral_remember(request)
    _referral_visit(request)
    return render(request, "public_home.html", {"calls": selectors.calls_public()})


def call_detail(request, pk: int):
    """A call's guidance, rules in plain words, eligibility self-check and sharing links.

    The self-check is a GET form so that it works without JavaScript and needs no session.
    """
    call = selectors.call_public_or_404(pk=pk, user=request.user)
    referral_remember(request)
    _referral_visit(request, call)
    form = SelfCheckForm(request.GET if "consortium_size" in request.GET else None)
    result = eligibility_self_check(call=call, **form.cleaned_data) if form.is_valid() else None
    page_url = request.build_absolute_uri(reverse("call-detail", args=[call.pk]))
    return render(request, "applications/public/call_detail.html", {
        "call": call, "form": form, "result": result, "share_links": share_links(page_url),
        "page_url": page_url,
    })
