"""The charts: server-drawn SVG with an accessible name and description, no inline style
(the CSP refuses it), the same numbers as the table beside them; on the page and in the
report alike."""

import re

import pytest
from django.urls import reverse

from monitoring.charts import Bar, Series, bar_chart, line_chart
from tests.monitoring.builders import programme_world


def test_a_bar_chart_is_an_image_with_a_name_a_description_and_its_values():
    svg = bar_chart(key="chart-x", title="By sector <b>", description="Projects per sector",
                    bars=[Bar("Automotive", 3, "3"), Bar("Cosmetics", 1, "1")])
    assert 'role="img" aria-labelledby="chart-x-title chart-x-desc"' in svg
    assert '<title id="chart-x-title">By sector &lt;b&gt;</title>' in svg
    assert '<desc id="chart-x-desc">Projects per sector</desc>' in svg
    assert re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)"', svg) == ["320", "106.7"]
    assert "<title>Automotive: 3</title>" in svg
    assert "style" not in svg and "<script" not in svg


def test_a_line_chart_marks_each_value_and_names_each_series():
    svg = line_chart(key="chart-t", title="Trend", description="Per year",
                     x_labels=["FY2026", "FY2027"],
                     series=[Series("Received", [6, 3], ["6", "3"], "#0072B2")])
    assert svg.count("<circle") == 2
    assert "<title>Received, FY2026: 6</title>" in svg
    assert ">Received</text>" in svg and "style" not in svg


def test_nothing_to_draw_draws_nothing():
    assert bar_chart(key="k", title="t", description="d", bars=[]) == ""
    assert bar_chart(key="k", title="t", description="d", bars=[Bar("x", 0, "0")]) == ""
    assert line_chart(key="k", title="t", description="d", x_labels=[], series=[]) == ""


@pytest.mark.django_db
def test_the_dashboard_has_no_inline_style_or_script(client, hq_staff):
    programme_world()
    client.force_login(hq_staff)
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert html.count('role="img"') == 4  # budget, sectors, countries, the trend
    assert not re.search(r"\sstyle=\"", html) and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
