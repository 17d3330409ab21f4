"""Panels the reviews app adds to the application page (applications/detail.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("reviews/_application_panel.html", takes_context=True)
def review_panel(context, application):
    return {"application": application, "user": context["user"]}
