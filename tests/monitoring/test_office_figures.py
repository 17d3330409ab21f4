"""A domestic office's monitoring view: HQ's figures (monitoring.selectors.programme_figures)
limited to the organisations of the prefectures the office covers, not a copy of them;
stored and refreshed as the dashboard's are."""

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import FiguresSnapshot
from monitoring.selectors import figures_from_json, office_figures, programme_figures
from monitoring.services import figures_refresh_all
from regions.models import JetroOffice, Prefecture
from tests.accounts.test_office_staff import office_staff
from tests.factories import CallFactory, OrganisationFactory
from tests.projects.builders import published_project
from tests.reviews.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def _organisation(code):
    return OrganisationFactory(prefecture=Prefecture.objects.get(code=code))


@pytest.mark.parametrize("fiscal_year", [None, 2026])
def test_an_office_s_figures_equal_hq_s_with_only_its_prefectures_data(fiscal_year):
    call = CallFactory(fiscal_year=2026)
    ibaraki, aichi = _organisation("08"), _organisation("23")
    published_project(application__call=call, application__organisation=ibaraki)
    SubmittedApplicationFactory(call=call, organisation=ibaraki)
    hq_with_ibaraki_only = programme_figures(fiscal_year=fiscal_year)

    published_project(application__call=call, application__organisation=aichi)
    SubmittedApplicationFactory(call=call, organisation=aichi)
    SubmittedApplicationFactory(call=call, organisation=aichi)

    office = JetroOffice.objects.get(code="JP-IBARAKI")
    assert office_figures(office=office, fiscal_year=fiscal_year) == hq_with_ibaraki_only
    assert programme_figures(fiscal_year=fiscal_year).funnel.received == 5
    assert hq_with_ibaraki_only.funnel.received == 2


def test_hq_opens_any_office_and_staff_only_their_own(client, hq_staff):
    url = reverse("monitoring:office", args=["JP-IBARAKI"])
    client.force_login(hq_staff)
    page = client.get(url)
    assert (page.status_code, page.context["office"].code) == (200, "JP-IBARAKI")
    assert [o.code for o in page.context["offices"]][:2] == ["JP-AKITA", "JP-AOMORI"]
    client.force_login(office_staff("JP-IBARAKI"))
    assert client.get(url).status_code == 200
    client.force_login(office_staff("JP-NAGOYA"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:office", args=["DUS"])).status_code == 404


def test_an_office_s_figures_are_stored_when_first_opened_and_refreshed_by_the_job(client):
    """Like the dashboard's: the office's page reads stored figures (one row per office,
    year and language, stored on the first opening), which beat's job computes again; after
    the refresh they equal a fresh computation. Offices nobody opened cost the job nothing."""
    call = CallFactory(fiscal_year=2026)
    ibaraki = _organisation("08")
    published_project(application__call=call, application__organisation=ibaraki)
    SubmittedApplicationFactory(call=call, organisation=ibaraki)
    office = JetroOffice.objects.get(code="JP-IBARAKI")
    client.force_login(office_staff("JP-IBARAKI"))
    client.cookies["django_language"] = "en"
    url = reverse("monitoring:office", args=["JP-IBARAKI"])

    def fresh(fiscal_year=None):
        with translation.override("en"):
            return office_figures(office=office, fiscal_year=fiscal_year)

    page = client.get(url)
    assert page.context["figures"] == fresh()
    assert "Figures as of" in page.content.decode()
    assert list(FiguresSnapshot.objects.exclude(office="").values_list(
        "office", "fiscal_year", "language")) == [("JP-IBARAKI", 0, "en")]

    SubmittedApplicationFactory(call=call, organisation=ibaraki)
    stored = client.get(url).context["figures"]
    assert stored.funnel.received == 2  # as stored, until the job runs
    assert fresh().funnel.received == 3
    figures_refresh_all()
    assert client.get(url).context["figures"] == fresh()
    assert client.get(url + "?fy=2026").context["figures"] == fresh(2026)
    figures_refresh_all()
    assert set(FiguresSnapshot.objects.exclude(office="").values_list(
        "office", "fiscal_year", "language")) == {("JP-IBARAKI", 0, "en"),
                                                  ("JP-IBARAKI", 2026, "en")}
    for row in FiguresSnapshot.objects.exclude(office=""):
        assert figures_from_json(row.figures) == fresh(row.fiscal_year or None)
