"""HQ's decision pages, in the order of the work: the call's selection board (filters,
budget, bulk actions, publication; the last two run as board jobs, each with its progress
page: board_jobs.py) and one application's decision page (the selection
decision and the sponsorship level). Thin: permission, form, service (decisions.py),
redirect or render. Everything here is a 404 for anyone but HQ programme staff.
"""

from django.contrib import messages
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applications.models import Call
from applications.selectors import application_for_user
from applications.workflow import abilities_for, decisions_open
from reviews.enums import FeedbackItem
from reviews.selectors import application_scores
from rit_portal.gates import gate
from rit_portal.lifecycle import May
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown

from .board_jobs import (
    JOB_STALE_AFTER,
    board_action_start,
    board_job_is_stale,
    board_job_retry,
    board_job_retryable,
    decisions_publication_start,
)
from .decisions import application_decide, sponsorship_decide
from .enums import DECISION_TARGETS, BoardJobItemStatus, BoardJobKind, DecisionMode
from .filters import BoardFilter
from .forms import DECISION_ACTIONS, BulkActionForm, SelectionDecisionForm, SponsorshipLevelForm
from .models import BoardJob
from .selectors import (
    BOARD_SORTS,
    board_applications,
    board_job_outcomes,
    board_job_progress,
    board_jobs_to_show,
    board_page,
    call_budget_summary,
    cost_lines_for,
    current_decision,
    decidable_applications,
    decision_history,
    decision_year_activity_totals,
    requested_year_activity_totals,
    unpublished_decisions_count,
)


def decision_actions(may: May) -> list[tuple[str, str]]:
    """(action, label) of the selection decisions open to the user now (abilities_for):
    the board's row and the application's decision page offer exactly these."""
    return [(action, DECISION_ACTIONS[action]) for action, to in DECISION_TARGETS.items()
            if to in decisions_open(may)]


# --- The call's selection board ------------------------------------------------------------

# Sorts whose first click shows the highest first (figures); the others start at A.
_HIGHEST_FIRST = ("value", "requested", "approved")


def _sort_links(sort: str) -> dict[str, dict]:
    """Per sortable column of the board: the sort its header link asks for (the other
    direction when the column is the current sort) and the arrow it shows."""
    links = {}
    for name in (s for s in BOARD_SORTS if not s.startswith("-")):
        if sort.lstrip("-") == name:
            links[name] = {"sort": name if sort.startswith("-") else f"-{name}",
                           "arrow": " ↓" if sort.startswith("-") else " ↑"}
        else:
            links[name] = {"sort": f"-{name}" if name in _HIGHEST_FIRST else name,
                           "arrow": ""}
    return links


def _board_page(request, call: Call, params: QueryDict, bulk_form: BulkActionForm):
    board_filter = BoardFilter(params or None, queryset=board_applications(call=call))
    sort = params.get("sort", "reference")
    if sort not in BOARD_SORTS:
        sort = "reference"
    page = board_page(call=call, queryset=board_filter.qs, user=request.user, sort=sort,
                      params=params)
    for row in page.object_list:
        row.actions = decision_actions(row.may)
    return render(request, "sponsorship/board.html", {
        "call": call, "filter": board_filter, "page": page, "sort": sort,
        "sort_links": _sort_links(sort), "params": params,
        "budget": call_budget_summary(call=call),
        "unpublished": unpublished_decisions_count(call=call),
        "bulk_form": bulk_form, "feedback_items": len(FeedbackItem),
        "jobs": board_jobs_to_show(call=call),
        "selected": set(bulk_form.data.getlist("applications")) if bulk_form.is_bound else set(),
    })


@gate("sponsorship.decide")
def board(request, pk: int):
    """HQ: the call's selection board with filters, sort, budget and bulk actions."""
    call = get_object_or_404(Call, pk=pk)
    return _board_page(request, call, request.GET, BulkActionForm(call=call))


@gate("sponsorship.decide")
@require_POST
def board_action(request, pk: int):
    """A bulk action on the selected rows, recorded as a board job (its page follows it); a
    refused form shows the board again with the errors at their fields and the selection
    kept."""
    call = get_object_or_404(Call, pk=pk)
    form = BulkActionForm(request.POST, call=call)
    if not form.is_valid():
        return _board_page(request, call, QueryDict(request.POST.get("query", "")), form)
    job = board_action_start(
        call=call, applications=list(form.cleaned_data["applications"].order_by("reference")),
        by=request.user, action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"])
    return redirect("sponsorship:board-job", pk=job.pk)


@gate("sponsorship.decide")
@require_POST
def publish(request, pk: int):
    """Publication of the call's decisions, recorded as a board job (its page follows it);
    a refusal (nothing to publish, feedback missing) is shown on the board."""
    call = get_object_or_404(Call, pk=pk)
    with refusal_shown(request) as refusal:
        job = decisions_publication_start(call=call, by=request.user)
    if refusal:
        return redirect("sponsorship:board", call.pk)
    return redirect("sponsorship:board-job", pk=job.pk)


def _job_summary(job: BoardJob, counts: dict) -> str:
    """What the job has done, in a sentence."""
    done = counts[BoardJobItemStatus.DONE]
    if job.kind == BoardJobKind.PUBLISH:
        return ngettext("%(n)d decision published; the applicants are being notified.",
                        "%(n)d decisions published; the applicants are being notified.",
                        done) % {"n": done}
    return ngettext("%(n)d application updated.", "%(n)d applications updated.",
                    done) % {"n": done}


@gate("sponsorship.decide")
def board_job(request, pk: int):
    """HQ: a publication or bulk action of the board: its progress (followed by
    sponsorship/progress.js, or a refresh without JavaScript), what became of each
    application not done, and its retry when it failed or its task was lost."""
    job = get_object_or_404(BoardJob.objects.select_related("call", "requested_by"), pk=pk)
    outcomes = board_job_outcomes(job)
    return render(request, "sponsorship/board_job.html", {
        "job": job, "call": job.call, "progress": board_job_progress(job),
        "outcomes": outcomes, "summary": _job_summary(job, outcomes["counts"]),
        "stale": board_job_is_stale(job), "retryable": board_job_retryable(job),
        "stale_minutes": max(1, round(JOB_STALE_AFTER.total_seconds() / 60)),
    })


@gate("sponsorship.decide")
def board_job_progress_json(request, pk: int):
    return JsonResponse(board_job_progress(get_object_or_404(BoardJob, pk=pk)))


@gate("sponsorship.decide")
@require_POST
def board_job_retry_view(request, pk: int):
    job = get_object_or_404(BoardJob, pk=pk)
    with refusal_shown(request) as refusal:
        board_job_retry(job=job, by=request.user)
    if not refusal:
        messages.success(request, _("The job has been queued again; what was done already is "
                                    "not done twice."))
    return redirect("sponsorship:board-job", pk=job.pk)


# --- One application's decision --------------------------------------------------------------

@gate("sponsorship.decide", lookup=application_for_user)
def decide(request, application):
    """HQ: the selection decision (eligible, ineligible, waitlist, reject) and the
    sponsorship level, with the scores and the envelope in view."""
    lines = list(cost_lines_for(application=application))
    decision = current_decision(application=application)
    approved_by_line = ({line.cost_line_id: line.approved_amount for line in decision.lines.all()}
                        if decision else {})
    initial = {"conditions": decision.conditions_ja if decision else "",
               "conditions_en": decision.conditions_en if decision else "",
               "mode": decision.mode if decision else
               SponsorshipLevelForm.base_fields["mode"].initial,
               "percentage": decision.percentage if decision else None}
    initial.update({SponsorshipLevelForm.line_field(line): approved_by_line.get(line.pk,
                                                                                line.total)
                    for line in lines})
    may = abilities_for(application=application, user=request.user)
    can_decide = may.set_sponsorship_level and bool(lines)
    selecting = request.method == "POST" and "decide" in request.POST
    decision_form = SelectionDecisionForm(request.POST if selecting else None,
                                          initial={"action": request.GET.get("action")})
    form = SponsorshipLevelForm(request.POST if request.method == "POST" and not selecting
                                else None, lines=lines, initial=initial)
    if selecting and decision_form.is_valid():
        with refusal_shown(request, decision_form) as refusal:
            application_decide(application=application, by=request.user,
                               **decision_form.cleaned_data)
        if not refusal:
            messages.success(request, _("Decision recorded."))
            return redirect("sponsorship:decide", pk=application.pk)
    elif request.method == "POST" and not selecting and can_decide and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form) as refusal:
            sponsorship_decide(application=application, by=request.user, mode=data["mode"],
                               percentage=data["percentage"], line_amounts=form.line_amounts(),
                               conditions=data["conditions"],
                               conditions_en=data["conditions_en"])
        if not refusal:
            messages.success(request, _("The sponsorship level has been recorded."))
            return redirect("sponsorship:decide", pk=application.pk)
    rows = [{"line": line, "field": form[SponsorshipLevelForm.line_field(line)],
             "approved": approved_by_line.get(line.pk)} for line in lines]
    return render(request, "sponsorship/decide.html", {
        "application": application, "form": form, "rows": rows, "decision": decision,
        "may": may, "actions": decision_actions(may), "decision_form": decision_form,
        "scores": application_scores(application=application),
        "can_decide": can_decide, "rate": application.call.eur_rate,
        "per_line_label": DecisionMode.PER_LINE.label,
        "budget": call_budget_summary(call=application.call),
        "side_by_side": (decision_year_activity_totals(decision=decision) if decision
                         else requested_year_activity_totals(application=application)),
        "requested_total": sum(line.total for line in lines),
        "history": decision_history(application=application),
    })


@gate("sponsorship.decide")
def decision_list(request):
    """HQ: a call's applications that can be or have been given a sponsorship level."""
    calls = list(Call.objects.order_by("-fiscal_year", "-opens_at"))
    call = next((c for c in calls if str(c.pk) == request.GET.get("call")),
                calls[0] if calls else None)
    return render(request, "sponsorship/decision_list.html", {
        "calls": calls, "call": call,
        "budget": call_budget_summary(call=call) if call else None,
        "page": paginate(decidable_applications(call=call), params=request.GET)
        if call else None,
        "rate": call.eur_rate if call else None,
    })
