"""A year's activities (the report's first section) and each activity's delegate roster,
with the travel request of the year (CSV or XLSX) and the invitation letters (PDF).

Delegates' personal data is the organisation's and HQ's only: every URL here looks the
project up for the user (a 404 for anyone else, reviewers included)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rit_portal.csv_io import TABLE_FORMATS, table_response

from ..forms import ActivityForm, DelegateForm
from ..invitation_letter import (
    invitation_letter_available,
    invitation_letter_filename,
    invitation_letter_pdf,
)
from ..sections import report_context
from ..selectors import activity_for_user, roster
from ..services import (
    activity_create,
    activity_delete,
    activity_update,
    delegate_create,
    delegate_delete,
    delegate_update,
)
from ..travel import travel_request_filename_stem, travel_request_header, travel_request_rows
from .common import apply_service, report_view


@report_view
def report_activities(request, project_year):
    """The year's activities with their participants, and the form to add one."""
    context = report_context(project_year=project_year, section="activities",
                             user=request.user)
    form = ActivityForm(request.POST or None, prefix="activity")
    if request.method == "POST" and context["may"].edit and form.is_valid() and apply_service(
            form, lambda: activity_create(project_year=project_year, by=request.user,
                                          **form.cleaned_data)):
        messages.success(request, _("The activity has been saved."))
        return redirect("projects:report-activities", pk=project_year.project_id,
                        year=project_year.number)
    activities = list(project_year.activities.prefetch_related("delegates"))
    return render(request, "projects/report/activities.html",
                  {**context, "activities": activities, "form": form})


def _activity(request, pk: int, activity_pk: int):
    activity = activity_for_user(user=request.user, pk=pk, activity_pk=activity_pk)
    if not request.user.has_perm("projects.see_delegates", activity.project_year.project):
        raise Http404
    return activity


@login_required
def activity_view(request, pk: int, activity_pk: int):
    """The activity and its roster; the form to add a traveller."""
    activity = _activity(request, pk, activity_pk)
    year = activity.project_year
    context = report_context(project_year=year, section="activities", user=request.user)
    form = DelegateForm(request.POST or None, prefix="delegate")
    if request.method == "POST" and context["may"].edit and form.is_valid() and apply_service(
            form, lambda: delegate_create(activity=activity, by=request.user, legs=form.legs(),
                                          **form.person())):
        messages.success(request, _("The traveller has been added to the roster."))
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    delegates = roster(activity=activity)
    for delegate in delegates:
        delegate.activity = activity
        delegate.letter = invitation_letter_available(delegate)
    return render(request, "projects/activity.html", {
        **context, "activity": activity, "delegates": delegates, "form": form,
        "retention_days": settings.PROJECTS_DELEGATE_RETENTION_DAYS})


@login_required
def activity_edit(request, pk: int, activity_pk: int):
    activity = _activity(request, pk, activity_pk)
    year = activity.project_year
    context = report_context(project_year=year, section="activities", user=request.user)
    if not context["may"].edit:
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    form = ActivityForm(request.POST or None, instance=activity, prefix="activity")
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        activity.refresh_from_db()
        activity.project_year = year
        if apply_service(form, lambda: activity_update(activity=activity, by=request.user,
                                                       **values)):
            messages.success(request, _("The activity has been saved."))
            return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    return render(request, "projects/activity_edit.html",
                  {**context, "activity": activity, "form": form})


@login_required
def activity_remove(request, pk: int, activity_pk: int):
    activity = _activity(request, pk, activity_pk)
    if request.method == "POST":
        try:
            activity_delete(activity=activity, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
        messages.success(request, _("The activity has been removed."))
    return redirect("projects:report-activities", pk=pk, year=activity.project_year.number)


@login_required
def delegate_edit(request, pk: int, activity_pk: int, delegate_pk: int):
    activity = _activity(request, pk, activity_pk)
    delegate = get_object_or_404(activity.delegates.prefetch_related("legs"), pk=delegate_pk)
    delegate.activity = activity
    context = report_context(project_year=activity.project_year, section="activities",
                             user=request.user)
    if not context["may"].edit:
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    form = DelegateForm(request.POST or None, initial=DelegateForm.initial_for(delegate),
                        prefix="delegate")
    if request.method == "POST" and form.is_valid() and apply_service(
            form, lambda: delegate_update(delegate=delegate, by=request.user, legs=form.legs(),
                                          **form.person())):
        messages.success(request, _("The traveller has been saved."))
        return redirect("projects:activity", pk=pk, activity_pk=activity.pk)
    return render(request, "projects/delegate_edit.html",
                  {**context, "activity": activity, "delegate": delegate, "form": form})


@login_required
def delegate_remove(request, pk: int, activity_pk: int, delegate_pk: int):
    activity = _activity(request, pk, activity_pk)
    delegate = get_object_or_404(activity.delegates, pk=delegate_pk)
    delegate.activity = activity
    if request.method == "POST":
        try:
            delegate_delete(delegate=delegate, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The traveller has been removed from the roster."))
    return redirect("projects:activity", pk=pk, activity_pk=activity.pk)


@login_required
def invitation_letter(request, pk: int, activity_pk: int, delegate_pk: int):
    """The foreign expert's invitation letter (PDF, Japanese and English)."""
    activity = _activity(request, pk, activity_pk)
    delegate = get_object_or_404(activity.delegates.select_related("nationality")
                                 .prefetch_related("legs"), pk=delegate_pk)
    delegate.activity = activity
    if not invitation_letter_available(delegate):
        raise Http404
    response = HttpResponse(invitation_letter_pdf(delegate=delegate),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{invitation_letter_filename(delegate)}"')
    return response


@report_view
def travel_request(request, project_year, fmt: str):
    """The year's consolidated travel request: one line per traveller and flight."""
    if fmt not in TABLE_FORMATS or not request.user.has_perm("projects.see_delegates",
                                                             project_year.project):
        raise Http404
    return table_response(
        fmt=fmt, filename_stem=travel_request_filename_stem(project_year=project_year),
        header=travel_request_header(), rows=travel_request_rows(project_year=project_year),
        sheet_title=_("Travel request"))
