"""The pages of HQ and of the overseas office covering a country: the interests to review
(edit, publish, refuse with a reason), an interest registered on a region's behalf, and
every introduction with its outcome."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown, refusal_to_messages

from ..enums import InterestStatus, IntroductionOutcome
from ..forms import InterestEditForm, OnBehalfForm, OutcomeForm, RejectForm
from ..selectors import (
    interest_for_staff,
    interests_for_staff,
    introduction_for_staff,
    introductions_for_staff,
)
from ..services import (
    interest_publish,
    interest_register_on_behalf,
    interest_reject,
    interest_update,
    introduction_outcome_record,
)
from ..workflow import interest_abilities_for


@gate("partnering.follow_interests")
def interest_list(request):
    status = request.GET.get("status", "")
    page = paginate(interests_for_staff(user=request.user, status=status), params=request.GET)
    return render(request, "partnering/staff/interest_list.html", {
        "page": page, "status": status if status in InterestStatus.values else "",
        "statuses": InterestStatus.choices})


def _initial(interest) -> dict:
    return {"organisation_name": interest.organisation_name,
            "organisation_kind": interest.organisation_kind, "country": interest.country_id,
            "partner_region": interest.partner_region_id, "region_name": interest.region_name,
            "sectors": list(interest.sectors.all()), "seeking": interest.seeking,
            "prefectures": list(interest.prefectures.all()),
            "description": interest.description, "contact_name": interest.contact_name}


@gate("partnering.review_interest", lookup=interest_for_staff)
def interest_detail(request, interest):
    """One interest: edit it, publish it, or refuse it with a reason (`action`)."""
    action = request.POST.get("action") if request.method == "POST" else None
    edit_form = InterestEditForm(request.POST if action == "edit" else None,
                                 initial=_initial(interest))
    reject_form = RejectForm(request.POST if action == "reject" else None)
    if action == "edit" and edit_form.is_valid():
        with refusal_shown(request, edit_form) as refusal:
            interest_update(interest=interest, by=request.user, **edit_form.values())
        if not refusal:
            messages.success(request, _("The changes have been saved."))
            return redirect("partnering:interest", pk=interest.pk)
    elif action == "reject" and reject_form.is_valid():
        with refusal_shown(request, reject_form) as refusal:
            interest_reject(interest=interest, by=request.user,
                            reason=reject_form.cleaned_data["reason"])
        if not refusal:
            messages.success(request, _("The region has been told, with your reason."))
            return redirect("partnering:interest", pk=interest.pk)
    return render(request, "partnering/staff/interest_detail.html", {
        "interest": interest, "edit_form": edit_form, "reject_form": reject_form,
        "may": interest_abilities_for(interest=interest, user=request.user),
        "history": interest.status_changes.select_related("by"),
        "introductions": interest.introductions.select_related("organisation", "sector")})


@gate("partnering.review_interest", lookup=interest_for_staff)
@require_POST
def interest_publish_view(request, interest):
    if refusal_to_messages(request, lambda: interest_publish(interest=interest,
                                                             by=request.user)):
        messages.success(request, _("The interest is published in the directory; the region "
                                    "has been told."))
    return redirect("partnering:interest", pk=interest.pk)


@gate("partnering.register_on_behalf")
def interest_new(request):
    """Register an interest on a region's behalf after a visit."""
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        language = values.pop("contact_language")
        with refusal_shown(request, form) as refusal:
            interest = interest_register_on_behalf(by=request.user, language=language,
                                                   **values)
        if not refusal:
            messages.success(request, _("The interest has been registered."))
            return redirect("partnering:interest", pk=interest.pk)
    return render(request, "partnering/staff/interest_new.html", {"form": form})


@gate("partnering.follow_interests")
def introduction_list(request):
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in IntroductionOutcome.values else ""
    page = paginate(introductions_for_staff(user=request.user, outcome=outcome),
                    params=request.GET)
    return render(request, "partnering/staff/introduction_list.html", {
        "page": page, "outcome": outcome, "outcomes": IntroductionOutcome.choices})


@gate("partnering.record_outcome", lookup=introduction_for_staff)
def introduction_detail(request, introduction):
    form = OutcomeForm(request.POST or None, initial={"outcome": introduction.outcome,
                                                      "note": introduction.outcome_note})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            introduction_outcome_record(introduction=introduction, by=request.user,
                                        **form.cleaned_data)
        if not refusal:
            messages.success(request, _("The outcome has been recorded."))
            return redirect("partnering:introduction", pk=introduction.pk)
    return render(request, "partnering/staff/introduction_detail.html", {
        "introduction": introduction, "interest": introduction.interest, "form": form})
