"""The project pages: the list, one project's page (approved sponsorship, years and their
reports, spend against approved, its timeline; HQ ends it there), the partner's contact
and the firms of the project."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown, refusal_to_form

from ..enums import ProjectStatus
from ..forms import FirmForm, PartnerContactForm, ProjectEndForm
from ..models import FinalReport
from ..selectors import (
    final_report_due_on,
    project_detail,
    project_for_user,
    project_timeline,
    projects_for_hq,
    projects_of_organisation,
    spend_against_approved,
)
from ..services import (
    project_end,
    project_firm_create,
    project_firm_delete,
    project_firm_update,
    project_partner_contact_update,
)
from ..workflow import abilities_for, project_abilities_for


@gate("projects.list_projects")
def project_list(request):
    """The organisation's sponsored projects; every project for HQ (by fiscal year and by
    status: the running ones, or how they ended)."""
    user = request.user
    if user.has_perm("projects.follow_projects"):
        fiscal_year = request.GET.get("fy", "")
        status = request.GET.get("status", "")
        if status not in ProjectStatus.values:
            status = ""
        projects = projects_for_hq(fiscal_year=int(fiscal_year)
                                   if fiscal_year.isascii() and fiscal_year.isdigit()
                                   and len(fiscal_year) <= 4 else None, status=status)
        return render(request, "projects/list.html", {
            "page": paginate(projects, params=request.GET), "is_hq": True,
            "fiscal_year": fiscal_year, "status": status,
            "statuses": ProjectStatus.choices})
    return render(request, "projects/list.html", {
        "page": paginate(projects_of_organisation(organisation_id=user.organisation_id),
                         params=request.GET)})


def _project_page(request, project, end_form=None):
    years = list(project.years.all())
    for year in years:
        year.may = abilities_for(report=year.report, user=request.user)
    rows = spend_against_approved(project=project)
    may = project_abilities_for(project=project, user=request.user)
    return render(request, "projects/detail.html", {
        "project": project, "years": years, "spend_rows": rows,
        "approved_total": sum(row.approved_amount for row in rows),
        "spent_total": sum(row.spent for row in rows),
        "may": may, "timeline": project_timeline(project=project, user=request.user),
        "end_form": (end_form or ProjectEndForm()) if may.end else None,
        "final_report": FinalReport.objects.filter(project=project).first(),
        "final_report_due": final_report_due_on(project=project),
    })


@gate(lookup=project_detail)
def project_view(request, project):
    return _project_page(request, project)


@gate("projects.follow_projects", lookup=project_detail)
def project_end_view(request, project):
    """HQ closes the project early or cancels it, with a reason (the form on its page)."""
    if request.method != "POST":
        return redirect("projects:detail", pk=project.pk)
    form = ProjectEndForm(request.POST)
    if form.is_valid() and refusal_to_form(form, lambda: project_end(
            project=project, by=request.user, to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"])):
        messages.success(request, _("The project is now “%(status)s”; the organisation is "
                                    "told by e-mail.")
                         % {"status": ProjectStatus(form.cleaned_data["to"]).label})
        return redirect("projects:detail", pk=project.pk)
    return _project_page(request, project, end_form=form)


def _to_project(request, project):
    return redirect("projects:detail", pk=project.pk)


def _to_firms(request, project):
    return redirect("projects:firms", pk=project.pk)


@gate("projects.work_on_project", lookup=project_for_user, otherwise=_to_project)
def partner_contact(request, project):
    form = PartnerContactForm(request.POST or None, initial={
        "name": project.partner_contact_name, "email": project.partner_contact_email,
        "organisation": project.partner_contact_organisation,
        "language": project.partner_contact_language})
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: project_partner_contact_update(project=project, by=request.user,
                                                         **form.cleaned_data)):
        messages.success(request, _("The partner's contact has been saved."))
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/partner_contact.html", {"project": project, "form": form})


@gate(lookup=project_for_user)
def firms(request, project):
    """The project's firms (consortium members first) and the form to add another one."""
    can_change = request.user.has_perm("projects.work_on_project", project)
    form = FirmForm(request.POST or None, prefix="firm")
    if request.method == "POST" and can_change and form.is_valid() and refusal_to_form(
            form, lambda: project_firm_create(project=project, by=request.user,
                                              **form.cleaned_data)):
        messages.success(request, _("The firm has been added."))
        return redirect("projects:firms", pk=project.pk)
    return render(request, "projects/firms.html", {
        "project": project, "firms": list(project.firms.all()), "form": form,
        "can_change": can_change})


@gate("projects.work_on_project", lookup=project_for_user, otherwise=_to_firms)
def firm_edit(request, project, firm_pk: int):
    firm = get_object_or_404(project.firms, pk=firm_pk)
    form = FirmForm(request.POST or None, instance=firm, contact_only=firm.from_consortium,
                    prefix="firm")
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        firm.refresh_from_db()  # the ModelForm changed the instance; the service decides
        if refusal_to_form(form, lambda: project_firm_update(firm=firm, by=request.user,
                                                           **values)):
            messages.success(request, _("“%(name)s” has been saved.") % {"name": firm.name})
            return redirect("projects:firms", pk=project.pk)
    return render(request, "projects/firm_edit.html",
                  {"project": project, "firm": firm, "form": form})


@gate(lookup=project_for_user)
def firm_delete(request, project, firm_pk: int):
    firm = get_object_or_404(project.firms, pk=firm_pk)
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            project_firm_delete(firm=firm, by=request.user)
        if not refusal:
            messages.success(request, _("“%(name)s” has been removed.") % {"name": firm.name})
    return redirect("projects:firms", pk=project.pk)
