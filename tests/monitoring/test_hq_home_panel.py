"""HQ's home page shows the latest fiscal year at a glance: the dashboard's own figures
(received, eligible, approved; envelope, requested, approved, spent), in the reader's
language, linking to that year's dashboard; before the first call it says so."""

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.selectors import programme_figures
from monitoring.services import figures_refresh_all
from rit_portal.money import yen
from tests.monitoring.builders import programme_world

pytestmark = pytest.mark.django_db


def panel(client, language="en") -> str:
    client.cookies["django_language"] = language
    page = client.get(reverse("home")).content.decode()
    start = page.index('data-testid="hq-monitoring-panel"')
    return page[start:page.index("</div></div>", start)]


def test_the_latest_year_at_a_glance_with_the_dashboards_figures(client, hq_staff):
    programme_world()
    figures = programme_figures(fiscal_year=2027)
    client.force_login(hq_staff)
    html = panel(client)
    assert "FY2027" in html and f"{reverse('monitoring:dashboard')}?fy=2027" in html
    for label, value in [("Applications received", figures.funnel.received),
                         ("Eligible", figures.funnel.eligible)]:
        assert f"{label}</dt><dd class=\"fs-6 fw-semibold mb-0\">{value}</dd>" in html
    for amount in (figures.budget.envelope, figures.budget.requested,
                   figures.budget.approved, figures.budget.spent):
        assert yen(amount) in html
    with translation.override("ja"):
        assert "2027年度" in panel(client, "ja")


def test_before_the_first_call(client, hq_staff):
    client.force_login(hq_staff)
    assert "No call yet: the figures start" in panel(client)


def test_the_panel_costs_the_same_queries_whatever_the_programme(client, hq_staff,
                                                                 django_assert_max_num_queries):
    client.force_login(hq_staff)
    client.get(reverse("home"))
    programme_world()
    figures_refresh_all()  # beat's job: the panel reads the figures it stored
    with django_assert_max_num_queries(40):
        assert client.get(reverse("home")).status_code == 200
