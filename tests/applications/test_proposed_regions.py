"""HQ confirms partner regions that applicants proposed (not in the reference data)."""

import pytest
from django.urls import reverse

from applications.models import ProposedPartnerRegion
from applications.selectors import proposed_regions_pending
from regions.models import Country, PartnerRegion
from regions.selectors import office_covering
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
URL = reverse("applications:proposed-regions")


@pytest.fixture
def proposal():
    application = ApplicationFactory(partner_region=None)
    return ProposedPartnerRegion.objects.create(
        application=application, country=Country.objects.get(iso2="DE"), name="Thuringia")


def test_hq_creates_the_proposed_region_and_the_application_uses_it(client, hq_staff, proposal):
    client.force_login(hq_staff)
    prefix = f"p{proposal.pk}"
    response = client.post(URL, {"proposal": proposal.pk, f"{prefix}-partner_region": "",
                                 f"{prefix}-name_ja": "テューリンゲン州",
                                 f"{prefix}-name_en": "Thuringia"})
    assert response.status_code == 302
    region = PartnerRegion.objects.get(name_en="Thuringia")
    proposal.refresh_from_db()
    proposal.application.refresh_from_db()
    assert (region.name_ja, region.country.iso2, region.is_confirmed) == (
        "テューリンゲン州", "DE", True)
    assert proposal.resolved_region == region
    assert proposal.application.partner_region == region
    assert office_covering(partner_region=region).code == "DUS"
    assert list(proposed_regions_pending()) == []


def test_hq_matches_the_proposal_to_an_existing_region(client, hq_staff, proposal):
    saxony = PartnerRegion.objects.get(name_en="Saxony")
    client.force_login(hq_staff)
    client.post(URL, {"proposal": proposal.pk, f"p{proposal.pk}-partner_region": saxony.pk})
    proposal.application.refresh_from_db()
    assert proposal.application.partner_region == saxony
    assert PartnerRegion.objects.filter(name_en="Thuringia").exists() is False


def test_region_of_another_country_is_not_offered(client, hq_staff, proposal):
    scotland = PartnerRegion.objects.get(name_en="Scotland")
    client.force_login(hq_staff)
    response = client.post(URL, {"proposal": proposal.pk,
                                 f"p{proposal.pk}-partner_region": scotland.pk})
    assert response.status_code == 200
    form = dict(response.context["rows"])[proposal]
    assert form.errors["partner_region"] == [
        f"Select a valid choice. {scotland.pk} is not one of the available choices."]


def test_neither_a_region_nor_names_gives_a_field_message_and_keeps_input(
        client, hq_staff, proposal):
    client.force_login(hq_staff)
    response = client.post(URL, {"proposal": proposal.pk, f"p{proposal.pk}-name_ja": "テュ"})
    form = dict(response.context["rows"])[proposal]
    assert form.errors["name_ja"] == [
        "Choose an existing region, or enter both names of the new one."]
    assert form["name_ja"].value() == "テュ"
    proposal.application.refresh_from_db()
    assert proposal.application.partner_region is None


def test_hq_home_announces_pending_proposals(client, hq_staff, proposal):
    client.force_login(hq_staff)
    response = client.get(reverse("home"))
    assert response.context["proposed_regions_pending"] == 1
    assert "1 partner region proposed by an applicant awaits confirmation." in \
        response.content.decode()


@pytest.mark.parametrize("role_fixture", ["applicant", "hq_reviewer", "overseas_reviewer"])
def test_only_hq_may_confirm(client, request, role_fixture, proposal):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"proposal": proposal.pk}).status_code == 404


def test_page_query_count_does_not_grow_with_proposals(client, hq_staff, proposal,
                                                       django_assert_num_queries):
    client.force_login(hq_staff)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for name in ("Thuringia-2", "Thuringia-3", "Thuringia-4"):
        ProposedPartnerRegion.objects.create(application=ApplicationFactory(partner_region=None),
                                             country=proposal.country, name=name)
    with django_assert_num_queries(len(one)):
        client.get(URL)


def test_hq_creates_the_region_from_its_iso_3166_2_subdivision(client, hq_staff, proposal):
    client.force_login(hq_staff)
    prefix = f"p{proposal.pk}"
    response = client.post(URL, {"proposal": proposal.pk, f"{prefix}-iso_code": "DE-TH",
                                 f"{prefix}-name_ja": "テューリンゲン州", f"{prefix}-name_en": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    region = proposal.resolved_region
    assert (region.iso_code, region.name_ja, region.name_en) == (
        "DE-TH", "テューリンゲン州", "Thüringen")


def test_a_subdivision_of_another_country_is_not_offered(client, hq_staff, proposal):
    client.force_login(hq_staff)
    response = client.post(URL, {"proposal": proposal.pk, f"p{proposal.pk}-iso_code": "MX-JAL"})
    form = dict(response.context["rows"])[proposal]
    assert form.errors["iso_code"] == [
        "Select a valid choice. MX-JAL is not one of the available choices."]
