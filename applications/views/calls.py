"""Call management for HQ programme staff: list, create, edit, publish, referral report."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.referrals import channel_label, share_links
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown

from .. import selectors, services
from ..forms import CallForm
from ..models import Call


def _save(request, form: CallForm, call: Call | None):
    """Hand the form's values to the service; its refusals go back to the fields."""
    values = {name: form.cleaned_data[name] for name in services.CALL_FIELDS}
    with refusal_shown(request, form):
        if call is None:
            call = services.call_create(by=request.user,
                                        focus_sectors=form.cleaned_data["focus_sectors"],
                                        **values)
            messages.success(request, _("The call was created as a draft."))
        else:
            call = services.call_update(call=call, by=request.user,
                                        focus_sectors=form.cleaned_data["focus_sectors"],
                                        **values)
            messages.success(request, _("The call was saved."))
        return call
    return None


@gate("applications.manage_calls")
def call_list(request):
    return render(request, "applications/calls/list.html",
                  {"calls": selectors.calls_for_management()})


@gate("applications.manage_calls")
def call_create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = _save(request, form, None)
        if call is not None:
            return redirect("applications:call-manage-list")
    return render(request, "applications/calls/form.html", {"form": form, "call": None})


@gate("applications.manage_calls")
def call_edit(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        if _save(request, form, call) is not None:
            return redirect("applications:call-manage-list")
        # Keep the page consistent with what was typed, not with a half-updated object.
        call.refresh_from_db()
    page_url = request.build_absolute_uri(reverse("call-detail", args=[call.pk]))
    return render(request, "applications/calls/form.html",
                  {"form": form, "call": call, "share_links": share_links(page_url)})


def _publish_action(request, pk: int, service, done: str):
    call = get_object_or_404(Call, pk=pk)
    with refusal_shown(request) as refusal:
        service(call=call, by=request.user)
    if not refusal:
        messages.success(request, done)
    return redirect("applications:call-manage-list")


@gate("applications.manage_calls")
@require_POST
def call_publish(request, pk: int):
    return _publish_action(request, pk, services.call_publish,
                           _("The call is published on the public pages."))


@gate("applications.manage_calls")
@require_POST
def call_unpublish(request, pk: int):
    return _publish_action(request, pk, services.call_unpublish,
                           _("The call is back to draft and no longer public."))


@gate("applications.manage_calls")
def call_history(request, pk: int):
    """Everything recorded about the call and its applications, newest first: changes of
    the call and its review settings, assignments, scores, agreed scores, decisions."""
    call = get_object_or_404(Call, pk=pk)
    page = paginate(selectors.call_history(call=call), params=request.GET)
    return render(request, "applications/calls/history.html", {"call": call, "page": page})


@gate("applications.manage_calls")
def referral_report(request):
    """Which promoters and channels bring applicants: per referral source, the visits
    its links brought, organisations registered, applications started and submitted
    (for one call or all), a page at a time."""
    calls = list(Call.objects.all())
    chosen = next((c for c in calls if str(c.pk) == request.GET.get("call")), None)
    page = paginate(selectors.referral_report(call=chosen), params=request.GET)
    for row in page:
        row["channel"] = channel_label(row["referral_source"])
    return render(request, "applications/calls/referrals.html",
                  {"page": page, "calls": calls, "chosen": chosen})
