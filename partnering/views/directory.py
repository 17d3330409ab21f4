"""The applicant organisations' pages: the directory of published interests (filters,
pages of 50), one interest with the request to be introduced, and an application started
from an introduction."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown

from ..forms import DirectoryFilterForm, IntroductionForm, StartApplicationForm
from ..selectors import (
    introduction_for_applicant,
    introduction_of_organisation,
    introductions_of_organisation,
    published_interest,
    published_interests,
)
from ..services import application_from_introduction, introduction_create


@gate("partnering.browse_directory")
def directory(request):
    filters = DirectoryFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = paginate(published_interests(sector=chosen.get("sector"),
                                        country=chosen.get("country"),
                                        seeking=chosen.get("seeking") or ""),
                    params=request.GET)
    return render(request, "partnering/directory/list.html", {
        "filters": filters, "page": page,
        "introductions": introductions_of_organisation(
            organisation_id=request.user.organisation_id)[:20]})


@gate("partnering.browse_directory", lookup=published_interest)
def directory_detail(request, interest):
    introduction = introduction_of_organisation(interest=interest,
                                                organisation_id=request.user.organisation_id)
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and introduction is None and form.is_valid():
        with refusal_shown(request, form) as refusal:
            introduction_create(interest=interest, by=request.user, **form.cleaned_data)
        if not refusal:
            messages.success(request, _("Your interest has been sent: the region, your "
                                        "organisation and the JETRO office covering the "
                                        "region receive the introduction by e-mail."))
            return redirect("partnering:directory-detail", pk=interest.pk)
    return render(request, "partnering/directory/detail.html", {
        "interest": interest, "form": form, "introduction": introduction})


@gate("partnering.start_application", lookup=introduction_for_applicant)
def introduction_start(request, introduction):
    """Start a draft application from an introduction (in a call open now)."""
    if introduction.application_id is not None:
        messages.info(request, _("An application has already been started from this "
                                 "introduction."))
        return redirect("applications:partner-request", pk=introduction.application_id)
    form = StartApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            application = application_from_introduction(
                introduction=introduction, by=request.user, call=form.cleaned_data["call"],
                title_ja=form.cleaned_data["title"])
        if not refusal:
            messages.success(request, _("Your draft application has been created with the "
                                        "partner region and the introduction as its prior "
                                        "contact. Ask the region to confirm its interest "
                                        "below."))
            return redirect("applications:partner-request", pk=application.pk)
    return render(request, "partnering/directory/start.html", {
        "introduction": introduction, "interest": introduction.interest, "form": form,
        "no_open_call": not form.fields["call"].queryset.exists()})
