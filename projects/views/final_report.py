"""The final report: the organisation writes and submits it, HQ accepts or returns it on
the same page, which shows the outcomes over all years, the accounts (computed) and, once
accepted, the closing letter (its status; HQ retries a failed one). HQ's list of final
reports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown, refusal_to_form

from ..enums import FinalReportStatus, ProjectLetterKind
from ..forms import FinalReportDecisionForm, FinalReportForm
from ..letters import project_letter_downloadable, project_letter_retry
from ..models import ProgressReport
from ..selectors import (
    final_report_due_on,
    final_report_for_user,
    final_reports_for_hq,
    letter_for_user,
    outcome_totals,
    project_accounts,
)
from ..services import (
    final_report_accept,
    final_report_return,
    final_report_save,
    final_report_submit,
)
from ..workflow import final_report_abilities_for


def _accounts(report):
    """The accounts as closed at acceptance, else as they stand now."""
    if report.closing_approved is not None:
        return {"approved": report.closing_approved, "paid": report.closing_paid,
                "unspent": max(report.closing_approved - report.closing_paid, 0),
                "closed": True}
    accounts = project_accounts(project=report.project)
    return {"approved": accounts.approved, "paid": accounts.paid,
            "unspent": accounts.unspent, "closed": False}


def _organisation_post(request, report, form):
    """Save the draft; with "submit", hand it in. A refused submission keeps the draft."""
    saved = refusal_to_form(form, lambda: final_report_save(
        project=report.project, by=request.user, **form.cleaned_data))
    if saved is None:
        return None
    if request.POST.get("action") != "submit":
        messages.success(request, _("Your draft is saved."))
        return redirect("projects:final-report", pk=report.project.pk)
    if refusal_to_form(form, lambda: final_report_submit(final_report=saved, by=request.user)):
        messages.success(request, _("Your final report has been sent to the programme "
                                    "office."))
        return redirect("projects:final-report", pk=report.project.pk)
    messages.warning(request, _("Your draft is saved, but it could not be submitted yet: see "
                                "the messages below."))
    return None


@gate(lookup=final_report_for_user)
def final_report_view(request, report):
    """The project's final report: written and submitted by the organisation, read and
    decided by HQ, read by the covering office."""
    project = report.project
    may = final_report_abilities_for(final_report=report, user=request.user)
    form = decision = None
    if may.edit:
        form = FinalReportForm(request.POST or None, instance=report)
        if request.method == "POST" and form.is_valid():
            done = _organisation_post(request, report, form)
            if done is not None:
                return done
    elif may.decide:
        decision = FinalReportDecisionForm(request.POST or None)
        if request.method == "POST" and decision.is_valid():
            decide = {"accept": final_report_accept,
                      "return": final_report_return}[decision.cleaned_data["decision"]]
            if refusal_to_form(decision, lambda: decide(final_report=report, by=request.user,
                                                         note=decision.cleaned_data["note"])):
                messages.success(request, _("Your decision has been recorded; the "
                                            "organisation is told by e-mail."))
                return redirect("projects:final-report", pk=project.pk)
    elif request.method == "POST":
        raise Http404
    letter = getattr(report, "letter", None) if report.pk else None
    return render(request, "projects/final_report.html", {
        "project": project, "report": report, "may": may, "form": form,
        "decision_form": decision, "due": final_report_due_on(project=project),
        "accounts": _accounts(report),
        "outcomes": [row for row in outcome_totals(reports=ProgressReport.objects.filter(
            project_year__project=project)) if row.count],
        "letter": letter,
        "letter_ready": letter is not None and project_letter_downloadable(letter),
        "letter_retryable": letter is not None and request.user.has_perm(
            "projects.follow_projects") and _retryable(letter),
        "timeline": list(report.status_changes.all()) if report.pk else []})


def _retryable(letter) -> bool:
    from sponsorship.letters import letter_retryable

    return letter_retryable(letter)


@require_POST
@gate("projects.follow_projects", lookup=letter_for_user)
def project_letter_retry_view(request, letter):
    """HQ produces a failed (or stale) letter again, or sends its e-mail again."""
    with refusal_shown(request) as refusal:
        project_letter_retry(letter=letter, by=request.user)
    if not refusal:
        messages.success(request, _("The letter has been queued again."))
    if letter.kind == ProjectLetterKind.CLOSING:
        return redirect("projects:final-report", pk=letter.project.pk)
    return redirect("projects:variation", pk=letter.project.pk, number=letter.variation.number)


@gate("projects.follow_projects")
def hq_final_report_list(request):
    """Every final report handed in: those awaiting a decision first."""
    status = request.GET.get("status", "")
    if status not in FinalReportStatus.values:
        status = ""
    return render(request, "projects/final_report_hq_list.html", {
        "page": paginate(final_reports_for_hq(status=status), params=request.GET),
        "status": status, "statuses": FinalReportStatus.choices})
