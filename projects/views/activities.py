"""A year's activities (the report's first section) and each activity's delegate roster,
with the travel request of the year (CSV or XLSX) and the invitation letters (PDF).

Delegates' personal data is the organisation's and HQ's only: every URL here looks the
project up for the user (a 404 for anyone else, reviewers included)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.selectors import office_of_organisation
from privacy.enums import AccessKind
from rit_portal.csv_io import TABLE_FORMATS, table_response
from rit_portal.gates import gate
from rit_portal.refusals import refusal_shown, refusal_to_form

from ..forms import (
    ActivityForm,
    DelegateConsentAskForm,
    DelegateConsentForm,
    DelegateForm,
    TravelRequestRecipientForm,
)
from ..invitation_letter import (
    invitation_letter_available,
    invitation_letter_english,
    invitation_letter_filename,
    invitation_letter_pdf,
)
from ..sections import report_context
from ..selectors import activity_for_user, roster
from ..services import (
    CONSENT_LINK,
    activity_create,
    activity_delete,
    activity_update,
    consent_information,
    delegate_consent_ask,
    delegate_consent_record,
    delegate_create,
    delegate_delete,
    delegate_update,
    invitation_letter_provide,
    travel_request_provide,
)
from ..travel import travel_request_filename_stem, travel_request_header, travel_request_rows
from .common import hq_looked, report_view, report_year


@report_view
def report_activities(request, project_year):
    """The year's activities with their participants, and the form to add one."""
    context = report_context(project_year=project_year, section="activities",
                             user=request.user)
    # An activity in Japan is co-organised by default by the office covering the
    # organisation's prefecture.
    form = ActivityForm(request.POST or None, prefix="activity", initial={
        "co_organising_office": office_of_organisation(project_year.project.organisation)})
    if request.method == "POST" and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: activity_create(project_year=project_year, by=request.user,
                                          **form.cleaned_data)):
        messages.success(request, _("The activity has been saved."))
        return redirect("projects:report-activities", pk=project_year.project_id,
                        year=project_year.number)
    activities = list(project_year.activities.prefetch_related("delegates"))
    return render(request, "projects/report/activities.html",
                  {**context, "activities": activities, "form": form})


def _project_of(activity_or_year):
    year = getattr(activity_or_year, "project_year", activity_or_year)
    return year.project


# An activity's pages: its roster is personal data, the organisation's and HQ's only.
activity_view_gate = gate("projects.see_delegates", lookup=activity_for_user, on=_project_of)


@activity_view_gate
def activity_view(request, activity):
    """The activity and its roster; the form to add a traveller."""
    pk = activity.project_year.project_id
    year = activity.project_year
    context = report_context(project_year=year, section="activities", user=request.user)
    form = DelegateForm(request.POST or None, prefix="delegate")
    if request.method == "POST" and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: delegate_create(activity=activity, by=request.user, legs=form.legs(),
                                          **form.person())):
        messages.success(request, _("The traveller has been added to the roster."))
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    delegates = roster(activity=activity)
    hq_looked(request, what=AccessKind.ROSTER, project=activity.project_year.project,
              about=activity.title)
    letter_gaps = []
    for delegate in delegates:
        delegate.activity = activity
        delegate.letter = invitation_letter_available(delegate)
        if delegate.letter:
            letter_gaps += [gap for gap in invitation_letter_english(delegate)[1]
                            if gap not in letter_gaps]
    return render(request, "projects/activity.html", {
        **context, "activity": activity, "delegates": delegates, "form": form,
        "letter_gaps": letter_gaps,
        "retention_days": settings.PRIVACY_RETENTION["delegates"]})


@activity_view_gate
def activity_edit(request, activity):
    year = activity.project_year
    pk = year.project_id
    context = report_context(project_year=year, section="activities", user=request.user)
    if not context["may"].edit:
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    form = ActivityForm(request.POST or None, instance=activity, prefix="activity")
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        activity.refresh_from_db()
        activity.project_year = year
        if refusal_to_form(form, lambda: activity_update(activity=activity, by=request.user,
                                                       **values)):
            messages.success(request, _("The activity has been saved."))
            return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    return render(request, "projects/activity_edit.html",
                  {**context, "activity": activity, "form": form})


@activity_view_gate
def activity_remove(request, activity):
    pk = activity.project_year.project_id
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            activity_delete(activity=activity, by=request.user)
        if refusal:
            return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
        messages.success(request, _("The activity has been removed."))
    return redirect("projects:report-activities", pk=pk, year=activity.project_year.number)


@activity_view_gate
def delegate_edit(request, activity, delegate_pk: int):
    pk = activity.project_year.project_id
    delegate = get_object_or_404(activity.delegates.prefetch_related("legs"), pk=delegate_pk)
    delegate.activity = activity
    context = report_context(project_year=activity.project_year, section="activities",
                             user=request.user)
    if not context["may"].edit:
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    form = DelegateForm(request.POST or None, initial=DelegateForm.initial_for(delegate),
                        prefix="delegate")
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: delegate_update(delegate=delegate, by=request.user, legs=form.legs(),
                                          **form.person())):
        messages.success(request, _("The traveller has been saved."))
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    return render(request, "projects/delegate_edit.html",
                  {**context, "activity": activity, "delegate": delegate, "form": form})


@activity_view_gate
def delegate_remove(request, activity, delegate_pk: int):
    pk = activity.project_year.project_id
    delegate = get_object_or_404(activity.delegates, pk=delegate_pk)
    delegate.activity = activity
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            delegate_delete(delegate=delegate, by=request.user)
        if not refusal:
            messages.success(request, _("The traveller has been removed from the roster."))
    return redirect("projects:activity", pk=pk, activity_pk=activity.pk)


@activity_view_gate
def invitation_letter(request, activity, delegate_pk: int):
    """The foreign expert's invitation letter (PDF, Japanese and English)."""
    delegate = get_object_or_404(activity.delegates.select_related("nationality")
                                 .prefetch_related("legs"), pk=delegate_pk)
    delegate.activity = activity
    if not invitation_letter_available(delegate):
        raise Http404
    with refusal_shown(request) as refusal:  # no consent: the roster says so
        invitation_letter_provide(delegate=delegate, by=request.user)
    if refusal:
        return redirect("projects:activity", pk=activity.project_year.project_id,
                        activity_pk=activity.pk)
    hq_looked(request, what=AccessKind.INVITATION_LETTER, project=activity.project_year.project,
              about=delegate.passport_name)
    response = HttpResponse(invitation_letter_pdf(delegate=delegate),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{invitation_letter_filename(delegate)}"')
    return response


@gate("projects.see_delegates", lookup=report_year, on=_project_of)
def travel_request(request, project_year, fmt: str):
    """The year's consolidated travel request: one line per traveller and flight. Who
    receives it is asked first (the provision is recorded; refused while a traveller on it
    has not consented)."""
    if fmt not in TABLE_FORMATS:
        raise Http404
    form = TravelRequestRecipientForm(request.GET if "recipient_kind" in request.GET else None)
    if not (form.is_valid() and refusal_to_form(form, lambda: travel_request_provide(
            project_year=project_year, by=request.user, **form.cleaned_data))):
        context = report_context(project_year=project_year, section="activities",
                                 user=request.user)
        return render(request, "projects/travel_request.html",
                      {**context, "form": form, "fmt": fmt})
    hq_looked(request, what=AccessKind.TRAVEL_REQUEST, project=project_year.project,
              about=f"Y{project_year.number}")
    return table_response(
        fmt=fmt, filename_stem=travel_request_filename_stem(project_year=project_year),
        header=travel_request_header(), rows=travel_request_rows(project_year=project_year),
        sheet_title=_("Travel request"))


@activity_view_gate
def delegate_consent(request, activity, delegate_pk: int):
    """The Art. 28 information the traveller is told (the country, its system, the
    recipients' measures), where their consent stands, the organisation's record of their
    consent and its request to the traveller to give it themselves (by e-mail)."""
    pk = activity.project_year.project_id
    delegate = get_object_or_404(activity.delegates.select_related("consent_country",
                                                                    "consent_by"),
                                 pk=delegate_pk)
    delegate.activity = activity
    context = report_context(project_year=activity.project_year, section="activities",
                             user=request.user)
    posted = request.POST if request.method == "POST" else None
    asking = posted is not None and "ask" in posted
    form = DelegateConsentForm(None if asking else posted)
    ask_form = DelegateConsentAskForm(posted if asking else None, prefix="ask", initial={
        "language": delegate.consent_language
        or ("ja" if delegate.nationality.iso2 == "JP" else "en")})
    information = refusal = None
    try:
        _country, information = consent_information(project=activity.project_year.project)
    except ValidationError as exc:
        refusal = exc.messages[0]
    if posted is not None and context["may"].edit:
        if asking:
            if ask_form.is_valid() and refusal_to_form(ask_form, lambda: delegate_consent_ask(
                    delegate=delegate, by=request.user,
                    language=ask_form.cleaned_data["language"])):
                messages.success(request, _("The request has been sent to %(email)s.")
                                 % {"email": delegate.email})
                return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
        elif form.is_valid() and refusal_to_form(form, lambda: delegate_consent_record(
                delegate=delegate, by=request.user, consented=form.cleaned_data["consented"])):
            messages.success(request, _("The traveller's consent has been recorded."))
            return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    return render(request, "projects/delegate_consent.html", {
        **context, "activity": activity, "delegate": delegate, "form": form,
        "ask_form": ask_form, "information": information, "refusal": refusal,
        "valid_days": CONSENT_LINK.max_age.days})
