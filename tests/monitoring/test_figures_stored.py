"""The dashboard's figures stored (monitoring.models.FiguresSnapshot), refreshed by beat's
job and by each annual report: after each kind of event that changes them, the refreshed
figures equal a fresh computation (`programme_figures`) for every fiscal year and for
every year together, in both languages; the dashboard, the API, HQ's home page and the
annual report all read the stored figures (one home), in a few queries."""

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus as S
from applications.models import Application
from monitoring.api import _tables as api_tables
from monitoring.enums import ReportLanguage
from monitoring.models import AnnualReport, FiguresSnapshot
from monitoring.selectors import figures_from_json, fiscal_years, programme_figures, stored_figures
from monitoring.services import figures_current, figures_refresh_all
from monitoring.tables import figure_tables
from projects.enums import ReportStatus
from projects.models import Project
from tests.monitoring.builders import (
    SME,
    answer,
    hand_in,
    held,
    programme_world,
    received,
    spend,
    sponsored,
)

pytestmark = pytest.mark.django_db

SCOPES = [None, 2026, 2027]


def _fresh(fiscal_year, language):
    with translation.override(language):
        return programme_figures(fiscal_year=fiscal_year)


def _stored(fiscal_year, language):
    return stored_figures(fiscal_year=fiscal_year, language=language).figures


def _accepted_report(world):
    report = hand_in(world["projects"][2], 1, ReportStatus.ACCEPTED)
    spend(report, 320_000)
    return report


# Each kind of event that changes the figures, as the monitoring tests' builders make it.
EVENTS = {
    "application received": lambda w: received(w["calls"][1], S.SUBMITTED,
                                               referral="chamber-ibaraki"),
    "eligibility decided": lambda w: Application.objects.filter(
        pk=w["others"][4].pk).update(status=S.ELIGIBLE),
    "decision published (project created)": lambda w: sponsored(
        w["calls"][1], firms=[("新会社", "9555555555555", SME)], objectives=["export"]),
    "progress report accepted": _accepted_report,
    "activity held": lambda w: held(_accepted_report(w), foreign_experts=2,
                                    participants_total=15),
    "survey answered": lambda w: answer(
        Project.objects.get(pk=w["projects"][0].pk).years.get(number=1), "z@example.jp",
        overall=2, matching=3),
}


@pytest.mark.parametrize("event", EVENTS)
def test_refreshed_figures_equal_a_fresh_computation_after_each_kind_of_event(event):
    world = programme_world()
    figures_refresh_all()
    before = {(year, language): _stored(year, language)
              for year in SCOPES for language in ReportLanguage.values}
    EVENTS[event](world)
    assert _fresh(None, "en") != before[(None, "en")]  # the event changed a figure
    figures_refresh_all()
    for year in SCOPES:
        for language in ReportLanguage.values:
            assert _stored(year, language) == _fresh(year, language), (year, language)


def test_the_dashboard_the_api_the_home_page_and_the_report_read_the_stored_figures(
        client, hq_staff):
    world = programme_world()
    figures_refresh_all()
    received(world["calls"][1], S.SUBMITTED)  # after the refresh: not shown yet
    stored = _stored(2027, "en")
    assert _fresh(2027, "en").funnel.received == stored.funnel.received + 1

    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("monitoring:dashboard") + "?fy=2027")
    assert page.context["figures"] == stored
    assert "Figures as of" in page.content.decode()
    api = client.get("/api/v1/dashboard?fiscal_year=2027", HTTP_ACCEPT_LANGUAGE="en").json()
    with translation.override("en"):
        assert api["tables"] == api_tables(figure_tables(stored))
    home = client.get(reverse("home")).content.decode()
    assert f"<dd class=\"fs-6 fw-semibold mb-0\">{stored.funnel.received}</dd>" in home

    # The annual report computes the figures again and stores them: from then on the
    # dashboard shows what the report says.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("monitoring:reports"), {"fiscal_year": 2027, "language": "en"})
    report = AnnualReport.objects.latest("pk")
    now = _stored(2027, "en")
    assert now == _fresh(2027, "en")
    assert now.funnel.received == stored.funnel.received + 1
    with translation.override("en"):
        tables = figure_tables(now)
    assert report.figures["tables"][0]["rows"] == [[cell.text for cell in row]
                                                   for row in tables[0].rows]
    assert client.get(reverse("monitoring:dashboard") + "?fy=2027").context["figures"] == now


def test_the_dashboard_reads_its_figures_in_a_few_queries(client, hq_staff,
                                                          django_assert_max_num_queries):
    programme_world()
    figures_refresh_all()
    client.force_login(hq_staff)
    client.get(reverse("monitoring:dashboard"))  # warm caches (session, content types)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitoring:dashboard")).status_code == 200


def test_figures_never_stored_or_no_longer_readable_are_computed_and_stored():
    programme_world()
    assert not FiguresSnapshot.objects.exists()
    with translation.override("ja"):
        first = figures_current(fiscal_year=2026)
    assert first.figures == _fresh(2026, "ja") == _stored(2026, "ja")
    FiguresSnapshot.objects.update(figures={"calls": 1})  # a release changed `Figures`
    assert figures_from_json({"calls": 1}) is None
    assert figures_current(fiscal_year=2026, language="ja").figures == _fresh(2026, "ja")


def test_a_year_without_data_any_more_loses_its_stored_figures():
    world = programme_world()
    figures_refresh_all()
    years = {0, *fiscal_years()}  # every year together, and each year with data
    assert set(FiguresSnapshot.objects.values_list("fiscal_year", flat=True)) == years
    FiguresSnapshot.objects.create(fiscal_year=2031, language="en", figures={},
                                   computed_at=world["calls"][0].opens_at)
    figures_refresh_all()
    assert set(FiguresSnapshot.objects.values_list("fiscal_year", flat=True)) == years
