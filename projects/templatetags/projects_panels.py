"""The panel the projects app adds to the application page (applications/detail.html)."""

from django import template

from ..selectors import projects_visible_to

register = template.Library()


@register.inclusion_tag("projects/_application_panel.html", takes_context=True)
def project_panel(context, application):
    """A link to the sponsored project, for those who may open it (the organisation, HQ)."""
    project = (projects_visible_to(context["user"]).filter(application=application)
               .prefetch_related("years__report").first())
    return {"project": project}


@register.inclusion_tag("projects/_applicant_home.html", takes_context=True)
def projects_home_panel(context):
    """The applicant's sponsored projects with each year's report (none: no panel)."""
    from ..selectors import projects_of_organisation

    user = context["user"]
    return {"projects": list(projects_of_organisation(organisation_id=user.organisation_id))}


@register.inclusion_tag("projects/_hq_home.html")
def projects_hq_panel():
    """HQ: how many progress reports are late, and awaiting acceptance (one query)."""
    from ..selectors import report_standing_counts

    return {"counts": report_standing_counts()}


@register.inclusion_tag("projects/_office_home.html", takes_context=True)
def office_projects_panel(context):
    """A domestic office's staff member: the sponsored projects of their prefectures'
    organisations (one query)."""
    from ..selectors import projects_visible_to

    return {"projects": list(projects_visible_to(context["user"])
                             .order_by("-application__call__fiscal_year", "pk"))}
