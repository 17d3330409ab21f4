"""The panel the monitoring app adds to HQ's home page (accounts/home_hq.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("monitoring/_hq_home.html")
def monitoring_hq_panel():
    """HQ: the latest fiscal year at a glance (received, eligible, approved; envelope,
    requested, approved, spent), linking to the dashboard and the annual report."""
    from ..selectors import Glance, latest_fiscal_year
    from ..services import figures_current
    from ..tables import glance_rows

    year = latest_fiscal_year()
    if year is None:
        return {"glance": None}
    figures = figures_current(fiscal_year=year).figures  # the dashboard's, as stored
    glance = Glance(year, figures.funnel, figures.budget)
    funnel, budget = glance_rows(glance)
    return {"glance": glance, "funnel": funnel, "budget": budget}
