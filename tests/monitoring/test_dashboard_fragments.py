"""The dashboard's figures and its exports section are rendered once per version of their
data and language ({% cache %} fragments, issue 28): a reader sees the same page as if
rendered afresh, new figures as soon as they are stored, a new call's exports at once,
and each language its own text."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from monitoring import views
from monitoring.services import figures_refresh_all
from monitoring.tables import figure_tables
from tests.factories import CallFactory
from tests.monitoring.builders import programme_world, received

pytestmark = pytest.mark.django_db


def _headline(page) -> str:
    return re.search(r'<div class="row g-2 mb-4" data-testid="headline">.*?</div>\s*</div>'
                     r'\s*</div>', page.content.decode(), re.S).group(0)


def _received(page) -> int:
    """The headline's "Applications received" (its first figure)."""
    return int(re.search(r'<div class="fs-5 fw-semibold money text-start">([\d,]+)</div>',
                         _headline(page)).group(1).replace(",", ""))


def _unmasked(page) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())


def test_the_figures_are_rendered_once_per_stored_version_and_shown_anew_after_a_refresh(
        client, hq_staff):
    world = programme_world()
    figures_refresh_all()
    client.force_login(hq_staff)
    url = reverse("monitoring:dashboard")
    first = client.get(url)
    with mock.patch.object(views, "figure_tables", wraps=figure_tables) as built:
        again = client.get(url)
    assert built.call_count == 0  # the stored version's fragment, not built again
    assert _unmasked(again) == _unmasked(first)

    received(world["calls"][1], S.SUBMITTED)
    assert _received(client.get(url)) == _received(first)  # not refreshed yet: as stored
    figures_refresh_all()
    with mock.patch.object(views, "figure_tables", wraps=figure_tables) as built:
        after = client.get(url)
    assert built.call_count == 1
    assert _received(after) == _received(first) + 1
    assert after.context["figures"].funnel.received == _received(after)


def test_each_fiscal_year_and_language_has_its_own_fragment(client, hq_staff):
    programme_world()
    figures_refresh_all()
    client.force_login(hq_staff)
    url = reverse("monitoring:dashboard")
    every_year = client.get(url)
    one_year = client.get(url + "?fy=2026")
    assert _headline(every_year) != _headline(one_year)
    assert _received(one_year) == one_year.context["figures"].funnel.received
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Applications received" in english
    assert "Exports of a call" in english
    client.cookies["django_language"] = "ja"
    japanese = client.get(url).content.decode()
    assert "Applications received" not in japanese
    assert "Exports of a call" not in japanese


def test_a_new_call_shows_in_the_exports_at_once(client, hq_staff):
    programme_world()
    figures_refresh_all()
    client.force_login(hq_staff)
    client.cookies["django_language"] = "ja"
    url = reverse("monitoring:dashboard")
    client.get(url)
    call = CallFactory(fiscal_year=2029, title_ja="2029年度 新しい募集",
                       title_en="FY2029 new call")
    page = client.get(url).content.decode()
    assert reverse("monitoring:call-money", args=[call.pk]) in page
    assert "2029年度 新しい募集" in page
