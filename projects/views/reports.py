"""The progress report's sections (outcomes, firms, spend, survey, summary), its submission,
and HQ's acceptance or return. The activities section is in activities.py.

Every page is readable by the organisation and HQ; the forms appear while the workflow
lets the user act (`may`, projects.workflow.abilities_for)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rit_portal.gates import gate
from rit_portal.refusals import refusal_shown, refusal_to_form
from rit_portal.stored_files import stored_file_response

from ..forms import (
    OutcomeForm,
    ReceiptForm,
    ReportFirmsForm,
    ReviewForm,
    SpendLineForm,
    SummaryForm,
)
from ..models import Receipt
from ..sections import report_context
from ..selectors import (
    report_timeline,
    spend_against_approved,
    spend_lines_of,
    survey_invitations_of,
    survey_summary,
)
from ..services import (
    outcome_create,
    outcome_delete,
    receipt_add,
    receipt_delete,
    report_accept,
    report_firms_set,
    report_return,
    report_submit,
    report_summary_update,
    spend_line_create,
    spend_line_delete,
    survey_send,
)
from .common import report_view, report_year


def _back(project_year, section: str):
    return redirect(f"projects:report-{section}", pk=project_year.project_id,
                    year=project_year.number)


def _post_only(request, project_year, section: str, action, done: str):
    """Run `action()` for a POST (a removal); show its refusal as a message; go back."""
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            action()
        if not refusal:
            messages.success(request, done)
    return _back(project_year, section)


@report_view
def report_outcomes(request, project_year):
    context = report_context(project_year=project_year, section="outcomes", user=request.user)
    report = project_year.report
    form = OutcomeForm(request.POST or None, prefix="outcome")
    if request.method == "POST" and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: outcome_create(report=report, by=request.user, **form.cleaned_data)):
        messages.success(request, _("The outcome has been recorded."))
        return _back(project_year, "outcomes")
    return render(request, "projects/report/outcomes.html",
                  {**context, "outcomes": list(report.outcomes.all()), "form": form})


@report_view
def outcome_remove(request, project_year, outcome_pk: int):
    outcome = get_object_or_404(project_year.report.outcomes, pk=outcome_pk)
    outcome.report = project_year.report
    return _post_only(request, project_year, "outcomes",
                      lambda: outcome_delete(outcome=outcome, by=request.user),
                      _("The outcome has been removed."))


@report_view
def report_firms(request, project_year):
    context = report_context(project_year=project_year, section="firms", user=request.user)
    report = project_year.report
    project_firms = project_year.project.firms.all()
    form = ReportFirmsForm(request.POST or None, firms=project_firms,
                           initial={"firms": list(report.firms.all())})
    if request.method == "POST" and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: report_firms_set(report=report, by=request.user,
                                           firms=form.cleaned_data["firms"])):
        messages.success(request, _("Saved as a draft."))
        return _back(project_year, "firms")
    return render(request, "projects/report/firms.html", {
        **context, "form": form, "firms": list(project_firms),
        "ticked": set(report.firms.values_list("pk", flat=True))})


def _spend_page(request, project_year, *, posted_spend: bool, receipt_form=None,
                receipt_line=None):
    """The spend section; `receipt_form` is a refused receipt upload for `receipt_line`, its
    errors shown at that line's file field (and the spend form kept empty)."""
    context = report_context(project_year=project_year, section="spend", user=request.user)
    report = project_year.report
    rows = spend_against_approved(project_year=project_year)
    form = SpendLineForm(request.POST if posted_spend else None,
                         request.FILES if posted_spend else None, prefix="spend",
                         lines=project_year.approved_lines.filter(approved_amount__gt=0),
                         remaining={row.pk: max(row.remaining, 0) for row in rows})
    if posted_spend and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: spend_line_create(report=report, by=request.user,
                                            **form.cleaned_data)):
        messages.success(request, _("The spend has been recorded."))
        return _back(project_year, "spend")
    return render(request, "projects/report/spend.html", {
        **context, "rows": rows, "lines": spend_lines_of(report=report), "form": form,
        "receipt_line_pk": receipt_line.pk if receipt_line else None, "receipt_form": receipt_form,
        "receipt_errors": receipt_form.errors.get("receipt", []) if receipt_form else [],
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
        "approved_total": sum(row.approved_amount for row in rows),
        "spent_total": sum(row.spent for row in rows)},
        status=400 if receipt_form is not None else 200)


@report_view
def report_spend(request, project_year):
    """Spend against each approved line of the year, the spend lines and their receipts."""
    return _spend_page(request, project_year, posted_spend=request.method == "POST")


@report_view
def spend_remove(request, project_year, line_pk: int):
    line = get_object_or_404(project_year.report.spend_lines, pk=line_pk)
    line.report = project_year.report
    return _post_only(request, project_year, "spend",
                      lambda: spend_line_delete(spend_line=line, by=request.user),
                      _("The spend line has been removed."))


@report_view
def receipt_upload(request, project_year, line_pk: int):
    line = get_object_or_404(project_year.report.spend_lines, pk=line_pk)
    line.report = project_year.report
    if request.method == "POST":
        # Its field's id is that of this line's file input (the error summary links to it).
        form = ReceiptForm(request.POST, request.FILES, auto_id=f"receipt-{line.pk}-%s")
        if form.is_valid() and refusal_to_form(
                form, lambda: receipt_add(spend_line=line, by=request.user,
                                          uploaded=form.cleaned_data["receipt"])):
            messages.success(request, _("The receipt has been attached."))
        else:
            # Refused: the page again, the reason at this line's file field.
            if not form.errors.get("receipt"):  # a refusal without a field (permission)
                form.add_error("receipt", form.non_field_errors())
            return _spend_page(request, project_year, posted_spend=False, receipt_form=form,
                               receipt_line=line)
    return _back(project_year, "spend")


def _receipt(project_year, receipt_pk: int) -> Receipt:
    receipt = get_object_or_404(
        Receipt.objects.select_related("spend_line"),
        spend_line__report=project_year.report, pk=receipt_pk)
    receipt.spend_line.report = project_year.report
    return receipt


@report_view
def receipt_download(request, project_year, receipt_pk: int):
    receipt = _receipt(project_year, receipt_pk)
    return stored_file_response(receipt.file, filename=receipt.original_name)


@report_view
def receipt_remove(request, project_year, receipt_pk: int):
    receipt = _receipt(project_year, receipt_pk)
    return _post_only(request, project_year, "spend",
                      lambda: receipt_delete(receipt=receipt, by=request.user),
                      _("The receipt has been removed."))


@report_view
def report_survey(request, project_year):
    """Who was sent the year's survey, who answered; the button that sends it."""
    context = report_context(project_year=project_year, section="survey", user=request.user)
    if request.method == "POST" and context["may"].send_survey:
        with refusal_shown(request) as refusal:
            sent = survey_send(project_year=project_year, by=request.user)
        if not refusal:
            messages.success(request, _("The survey has been sent to %(n)d participant(s).")
                             % {"n": len(sent)})
        return _back(project_year, "survey")
    report = project_year.report
    invited = {i.firm_id for i in survey_invitations_of(project_year=project_year)}
    return render(request, "projects/report/survey.html", {
        **context, "invitations": survey_invitations_of(project_year=project_year),
        "summary": survey_summary(invitations=project_year.survey_invitations.all()),
        "not_sent": [firm for firm in report.firms.all() if firm.pk not in invited]})


@report_view
def report_summary(request, project_year):
    context = report_context(project_year=project_year, section="summary", user=request.user)
    report = project_year.report
    form = SummaryForm(request.POST or None, initial={"summary": report.summary})
    if request.method == "POST" and context["may"].edit and form.is_valid() and refusal_to_form(
            form, lambda: report_summary_update(report=report, by=request.user,
                                                summary=form.cleaned_data["summary"])):
        messages.success(request, _("Saved as a draft."))
        if "continue" in request.POST:
            return redirect("projects:report-submit", pk=project_year.project_id,
                            year=project_year.number)
        return _back(project_year, "summary")
    return render(request, "projects/report/summary.html", {**context, "form": form})


@report_view
def report_submit_view(request, project_year):
    """The checklist and the submit button for the organisation; for HQ, accept or return.
    Both see the report's timeline."""
    report = project_year.report
    problems = []
    if request.method == "POST":
        try:
            report_submit(report=report, by=request.user)
        except ValidationError as exc:
            problems = exc.messages
        except PermissionDenied as exc:
            problems = [str(exc)]
        else:
            messages.success(request, _("The progress report has been submitted to the "
                                        "programme office."))
            return _back(project_year, "submit")
    context = report_context(project_year=project_year, section="submit", user=request.user)
    return render(request, "projects/report/submit.html", {
        **context, "problems": problems, "timeline": report_timeline(report=report),
        "review_form": ReviewForm()})


@gate("projects.follow_projects", lookup=report_year)
def report_review(request, project_year):
    """HQ accepts the report or returns it with a comment."""
    report = project_year.report
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        action = form.cleaned_data["action"]
        if refusal_to_form(form, lambda: (report_accept if action == "accept" else report_return)(
                report=report, by=request.user, note=note)):
            messages.success(request, _("The report has been accepted.") if action == "accept"
                             else _("The report has been returned to the organisation."))
            return _back(project_year, "submit")
    context = report_context(project_year=project_year, section="submit", user=request.user)
    return render(request, "projects/report/submit.html", {
        **context, "problems": [], "timeline": report_timeline(report=report),
        "review_form": form})
