"""Cost proposal (the application form's `costs` section) and its CSV. Thin: scope,
permission, form, service, redirect. The decision pages are in decision_views.py.

Applications are looked up through `applications.selectors.application_for_user`, so an
application the user may not see is a 404 on every URL here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.sections import next_section_url, section_context
from applications.selectors import application_for_user
from rit_portal.gates import gate

from .coverage import NOT_A_COST_LINE, guidance_rows
from .csv_io import cost_lines_csv_response, parse_cost_csv
from .enums import CostCategory
from .forms import CostCsvImportForm, CostLineFormSet
from .selectors import (
    cost_lines_for,
    cost_totals,
)
from .services import (
    CostProposalError,
    cost_proposal_import,
    cost_proposal_save,
)

SECTION = "costs"
MAX_BLANK_ROWS = 10


def _proposal_context(application) -> dict:
    return {
        "application": application, "totals": cost_totals(application=application),
        "rate": application.call.eur_rate, "guidance": guidance_rows(),
        "categories": CostCategory.labels, "not_a_cost_line": NOT_A_COST_LINE,
    }


def _render_proposal(request, application, *, formset=None, csv_form=None, csv_errors=None):
    """The editable section (inside the application form) or, for anyone else who may see
    the application, the read-only table."""
    context = _proposal_context(application)
    if formset is None:
        context["lines"] = list(cost_lines_for(application=application))
        context["can_export"] = True
        return render(request, "sponsorship/cost_proposal_readonly.html", context)
    return render(request, "sponsorship/cost_proposal.html", {
        **context, **section_context(application=application, section=SECTION),
        "formset": formset, "csv_form": csv_form or CostCsvImportForm(),
        "csv_errors": csv_errors or [],
    })


def _blank_rows(request) -> int:
    try:
        return max(1, min(int(request.GET.get("add", 1)), MAX_BLANK_ROWS))
    except ValueError:
        return 1


def _read_only(request, application):
    if request.method == "POST":
        messages.error(request, _("The cost proposal can no longer be changed."))
        return redirect("sponsorship:cost-proposal", pk=application.pk)
    return _render_proposal(request, application)


@gate("sponsorship.change_cost_proposal", lookup=application_for_user, otherwise=_read_only)
def cost_proposal(request, application):
    """The applicant edits the lines in one table; everyone else who may see the
    application reads it."""

    if request.method != "POST":
        formset = CostLineFormSet(application=application)
        formset.extra = _blank_rows(request)
        return _render_proposal(request, application, formset=formset)

    formset = CostLineFormSet(request.POST, application=application)
    if formset.is_valid():
        try:
            cost_proposal_save(application=application, by=request.user, rows=formset.rows())
        except CostProposalError as exc:
            formset.add_service_errors(exc)
        except PermissionDenied:
            messages.error(request, _("The cost proposal can no longer be changed."))
            return redirect("sponsorship:cost-proposal", pk=application.pk)
        else:
            messages.success(request, _("Saved as a draft."))
            if "continue" in request.POST:
                return redirect(next_section_url(application=application, current=SECTION))
            url = reverse("sponsorship:cost-proposal", kwargs={"pk": application.pk})
            return redirect(f"{url}?add=2" if "add_row" in request.POST else url)
    messages.error(request, _("Nothing was saved: correct the marked lines (what you typed "
                              "is kept)."))
    return _render_proposal(request, application, formset=formset)


@gate(lookup=application_for_user)
def cost_proposal_csv_export(request, application):
    return cost_lines_csv_response(
        lines=list(cost_lines_for(application=application)),
        filename=f"cost-proposal-{application.reference or application.pk}.csv")


@gate("sponsorship.change_cost_proposal", lookup=application_for_user, otherwise=_read_only)
@require_POST
def cost_proposal_csv_import(request, application):
    """Read a CSV; on any problem list them by file line and change nothing."""
    form = CostCsvImportForm(request.POST, request.FILES)
    errors: list[tuple[int, str]] = []
    if form.is_valid():
        parsed = parse_cost_csv(form.cleaned_data["file"].read())
        errors = parsed.errors
        if not errors:
            try:
                cost_proposal_import(application=application, by=request.user,
                                     rows=parsed.rows,
                                     append=form.cleaned_data["mode"] == CostCsvImportForm.APPEND)
            except CostProposalError as exc:
                # File line of each refused row; 0 (no line) for a current line's problem.
                errors = [(parsed.row_numbers[index] if index >= 0 else 0,
                           " ".join(sum(row.values(), [])))
                          for index, row in sorted(exc.row_errors.items())]
            else:
                messages.success(request, _("%(n)d line(s) imported.") % {"n": len(parsed.rows)})
                return redirect("sponsorship:cost-proposal", pk=application.pk)
    formset = CostLineFormSet(application=application)
    messages.error(request, _("The file was not imported; nothing was changed."))
    return _render_proposal(request, application, formset=formset, csv_form=form,
                            csv_errors=errors)
