"""Changes to a project (variations): the project's list of changes, the organisation's
request (and its resubmission once returned), one change's page with HQ's decision, HQ's
list of changes awaiting a decision, and the amendment letters' download."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_to_form
from rit_portal.stored_files import stored_file_response

from ..enums import VariationKind, VariationStatus
from ..forms import VariationDecisionForm, VariationForm
from ..letters import project_letter_downloadable, project_letter_filename
from ..models import ApprovedLine
from ..selectors import (
    letter_for_user,
    project_for_user,
    variation_for_user,
    variations_for_hq,
    variations_of,
)
from ..services import (
    variation_approve,
    variation_refuse,
    variation_request,
    variation_resubmit,
    variation_return,
)
from ..services.variations import spent_by_line
from ..workflow import project_abilities_for, variation_abilities_for


def _lines(project):
    return list(ApprovedLine.objects.filter(project_year__project=project)
                .select_related("project_year")
                .order_by("project_year__number", "activity", "category"))


def _to_changes(request, obj):
    project = getattr(obj, "project", obj)
    return redirect("projects:variations", pk=project.pk)


@gate(lookup=project_for_user)
def variation_list(request, project):
    """The project's changes and their state; the organisation chooses what to change."""
    return render(request, "projects/variations/list.html", {
        "project": project, "variations": variations_of(project=project),
        "may": project_abilities_for(project=project, user=request.user),
        "kinds": VariationKind.choices})


def _form_page(request, project, form, variation=None):
    lines = _lines(project)
    spent = spent_by_line(project=project)
    return render(request, "projects/variations/request.html", {
        "project": project, "form": form, "variation": variation,
        "kind_label": VariationKind(form.kind).label,
        "rows": [(line, form[f"line_{line.pk}"], spent.get(line.pk, 0)) for line in lines]
        if form.kind == VariationKind.REALLOCATION else [],
        "approved_total": sum(line.approved_amount for line in lines)})


@gate("projects.work_on_project", lookup=project_for_user, otherwise=_to_changes)
def variation_new(request, project):
    """The organisation asks for a change of the kind chosen (?kind=)."""
    kind = request.GET.get("kind", "")
    if kind not in VariationKind.values:
        return redirect("projects:variations", pk=project.pk)
    form = VariationForm(request.POST or None, project=project, kind=kind, lines=_lines(project))
    if request.method == "POST" and form.is_valid():
        variation = refusal_to_form(form, lambda: variation_request(
            project=project, by=request.user, **form.service_values()))
        if variation is not None:
            messages.success(request, _("Your request has been sent to the programme office."))
            return redirect("projects:variation", pk=project.pk, number=variation.number)
    return _form_page(request, project, form)


@gate(lookup=variation_for_user)
def variation_view(request, variation):
    """One change: what it asks (before/after per line), its history, HQ's decision."""
    may = variation_abilities_for(variation=variation, user=request.user)
    form = None
    if may.decide:
        form = VariationDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decide = {"approve": variation_approve, "return": variation_return,
                      "refuse": variation_refuse}[form.cleaned_data["decision"]]
            if refusal_to_form(form, lambda: decide(variation=variation, by=request.user,
                                                    note=form.cleaned_data["note"])):
                messages.success(request, _("Your decision has been recorded; the "
                                            "organisation is told by e-mail."))
                return redirect("projects:variation", pk=variation.project.pk,
                                number=variation.number)
    elif request.method == "POST":
        raise Http404
    letter = getattr(variation, "letter", None)
    return render(request, "projects/variations/detail.html", {
        "project": variation.project, "variation": variation, "may": may, "form": form,
        "lines": list(variation.lines.all()), "letter": letter,
        "letter_ready": letter is not None and project_letter_downloadable(letter),
        "timeline": list(variation.status_changes.all())})


@gate(lookup=variation_for_user)
def variation_edit(request, variation):
    """The organisation changes a returned request and sends it again."""
    project = variation.project
    if not variation_abilities_for(variation=variation, user=request.user).edit:
        return redirect("projects:variation", pk=project.pk, number=variation.number)
    form = VariationForm(request.POST or None, project=project, kind=variation.kind,
                         lines=_lines(project), variation=variation)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        values.pop("kind")
        if refusal_to_form(form, lambda: variation_resubmit(variation=variation,
                                                            by=request.user, **values)):
            messages.success(request, _("Your request has been sent to the programme office "
                                        "again."))
            return redirect("projects:variation", pk=project.pk, number=variation.number)
    return _form_page(request, project, form, variation)


@gate(lookup=letter_for_user)
def project_letter_download(request, letter):
    """The amendment letter's PDF, for the organisation and HQ."""
    if not project_letter_downloadable(letter):
        raise Http404
    return stored_file_response(letter.file, filename=project_letter_filename(letter))


@gate("projects.follow_projects")
def hq_variation_list(request):
    """Every change to a project, those awaiting HQ's decision first."""
    status = request.GET.get("status", "")
    if status not in VariationStatus.values:
        status = ""
    return render(request, "projects/variations/hq_list.html", {
        "page": paginate(variations_for_hq(status=status), params=request.GET),
        "status": status, "statuses": VariationStatus.choices})
