"""The panel the showcase adds to a sponsored project's page (projects/detail.html)."""

from django import template

from ..selectors import entry_for_project

register = template.Library()


@register.inclusion_tag("showcase/_project_panel.html", takes_context=True)
def showcase_project_panel(context, project):
    """Whether the tie-up is on the public showcase (consent, by whom and when; the story's
    approval), with the organisation's link to change it."""
    user = context["user"]
    return {"project": project, "entry": entry_for_project(project=project),
            "may_manage": user.has_perm("showcase.manage_entry", project)}
