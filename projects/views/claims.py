"""Claims and payments: the project's claims, the organisation's claim of a held activity's
spend (and its resubmission once returned), one claim's page with HQ's decision per line
and the payment, HQ's list of claims and the accounting office's export of payments."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rit_portal.csv_io import TABLE_FORMATS, QueryRows, table_stream_response
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_to_form

from ..enums import ActivityStatus, ClaimStatus
from ..forms import ClaimDecisionForm, ClaimForm, PaymentForm
from ..models import ProjectActivity
from ..selectors import (
    claim_for_user,
    claims_for_hq,
    claims_of,
    payments_for_accounting,
    project_for_user,
)
from ..services import claim_approve, claim_pay, claim_resubmit, claim_return, claim_submit
from ..services.claims import claim_lines_for, receipts_for, remaining_ceilings
from ..workflow import claim_abilities_for, project_abilities_for


def _to_claims(request, obj):
    project = getattr(obj, "project", obj)
    return redirect("projects:claims", pk=project.pk)


@gate(lookup=project_for_user)
def claim_list(request, project):
    """The project's claims and their state; the organisation's held activities to claim."""
    may = project_abilities_for(project=project, user=request.user)
    held = (list(ProjectActivity.objects.filter(project_year__project=project,
                                                status=ActivityStatus.HELD)
                 .select_related("project_year").order_by("starts_on"))
            if may.work_on else [])
    return render(request, "projects/claims/list.html", {
        "project": project, "claims": claims_of(project=project), "may": may, "held": held})


def _claim_form_page(request, project, activity, form, claim=None):
    lines = form.lines
    remaining = remaining_ceilings(lines, excluding=claim, with_pending=True)
    return render(request, "projects/claims/request.html", {
        "project": project, "activity": activity, "form": form, "claim": claim,
        "rows": [(line, amount, receipts, remaining[line.pk])
                 for line, amount, receipts in form.rows()]})


@gate("projects.work_on_project", lookup=project_for_user, otherwise=_to_claims)
def claim_new(request, project):
    """The organisation claims the spend of a held activity (?activity=)."""
    activity_id = request.GET.get("activity", "")
    activity = get_object_or_404(
        ProjectActivity.objects.select_related("project_year"), project_year__project=project,
        status=ActivityStatus.HELD, pk=int(activity_id) if activity_id.isdigit() else 0)
    form = ClaimForm(request.POST or None, lines=claim_lines_for(activity),
                     receipts_of=receipts_for)
    if request.method == "POST" and form.is_valid():
        claim = refusal_to_form(form, lambda: claim_submit(
            project=project, by=request.user, activity=activity, **form.service_values()))
        if claim is not None:
            messages.success(request, _("Your claim has been sent to the programme office."))
            return redirect("projects:claim", pk=project.pk, number=claim.number)
    return _claim_form_page(request, project, activity, form)


@gate(lookup=claim_for_user)
def claim_edit(request, claim):
    """The organisation changes a returned claim and sends it again."""
    project = claim.project
    if not claim_abilities_for(claim=claim, user=request.user).edit:
        return redirect("projects:claim", pk=project.pk, number=claim.number)
    form = ClaimForm(request.POST or None, lines=claim_lines_for(claim.activity),
                     receipts_of=receipts_for, claim=claim)
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: claim_resubmit(claim=claim, by=request.user,
                                         **form.service_values())):
        messages.success(request, _("Your claim has been sent to the programme office again."))
        return redirect("projects:claim", pk=project.pk, number=claim.number)
    return _claim_form_page(request, project, claim.activity, form, claim)


@gate(lookup=claim_for_user)
def claim_view(request, claim):
    """One claim: its lines (claimed, approved, receipts), its history; HQ approves per line
    or returns it, then records the payment."""
    may = claim_abilities_for(claim=claim, user=request.user)
    rows = list(claim.lines.all())
    deciding = request.method == "POST" and "pay" not in request.POST
    decision = ClaimDecisionForm(request.POST if deciding else None, rows=rows,
                                 prefix="decide") if may.decide else None
    payment = PaymentForm(request.POST if "pay" in request.POST else None,
                          prefix="pay") if may.pay else None
    if request.method == "POST":
        if decision is not None and decision.is_bound and decision.is_valid():
            if decision.cleaned_data["decision"] == "approve":
                done = refusal_to_form(decision, lambda: claim_approve(
                    claim=claim, by=request.user, amounts=decision.amounts(),
                    note=decision.cleaned_data["note"]))
            else:
                done = refusal_to_form(decision, lambda: claim_return(
                    claim=claim, by=request.user, note=decision.cleaned_data["note"]))
            if done:
                messages.success(request, _("Your decision has been recorded; the "
                                            "organisation is told by e-mail."))
                return redirect("projects:claim", pk=claim.project.pk, number=claim.number)
        elif payment is not None and payment.is_bound and payment.is_valid():
            if refusal_to_form(payment, lambda: claim_pay(claim=claim, by=request.user,
                                                          **payment.cleaned_data)):
                messages.success(request, _("The payment has been recorded; the organisation "
                                            "is told by e-mail."))
                return redirect("projects:claim", pk=claim.project.pk, number=claim.number)
        elif decision is None and payment is None:
            raise Http404
    return render(request, "projects/claims/detail.html", {
        "project": claim.project, "claim": claim, "rows": rows, "may": may,
        "decision_form": decision, "payment_form": payment,
        "decision_rows": [(row, decision[f"line_{row.pk}"]) for row in rows] if decision
        else [],
        "claimed_total": sum(row.claimed for row in rows),
        "approved_total": sum(row.approved or 0 for row in rows),
        "payment": getattr(claim, "payment", None),
        "timeline": list(claim.status_changes.all())})


@gate("projects.follow_projects")
def hq_claim_list(request):
    """Every claim: those awaiting a decision first, then those to be paid."""
    status = request.GET.get("status", "")
    if status not in ClaimStatus.values:
        status = ""
    return render(request, "projects/claims/hq_list.html", {
        "page": paginate(claims_for_hq(status=status), params=request.GET),
        "status": status, "statuses": ClaimStatus.choices})


PAYMENT_HEADER = ["paid_on", "amount_yen", "payment_reference", "project_reference",
                  "claim_number", "organisation", "activity", "approved_at"]


@gate("projects.follow_projects")
def payments_export(request, fmt: str):
    """The payments recorded, for the accounting office (CSV or XLSX), streamed from one
    query as a call's exports are (rit_portal.csv_io.QueryRows)."""
    if fmt not in TABLE_FORMATS:
        raise Http404
    rows = QueryRows(payments_for_accounting().values_list(
        "paid_on", "amount", "reference", "claim__project__application__reference",
        "claim__number", "claim__project__organisation__name_ja", "claim__activity__title_ja",
        "claim__approved_at"))
    return table_stream_response(fmt=fmt, filename_stem="rit-payments", header=PAYMENT_HEADER,
                                 rows=rows, sheet_title="payments")
