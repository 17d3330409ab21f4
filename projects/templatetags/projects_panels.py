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
