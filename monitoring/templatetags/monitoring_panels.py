"""The panel the monitoring app adds to HQ's home page (accounts/home_hq.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("monitoring/_hq_home.html")
def monitoring_hq_panel():
    """HQ: the latest fiscal year at a glance (received, eligible, approved; envelope,
    requested, approved, spent), linking to the dashboard and the annual report."""
    from ..selectors import programme_glance
    from ..tables import glance_rows

    glance = programme_glance()
    if glance is None:
        return {"glance": None}
    funnel, budget = glance_rows(glance)
    return {"glance": glance, "funnel": funnel, "budget": budget}
