"""HQ keeps JETRO's offices, their territories and the partner regions on the portal's own
pages: an office is added and changed (names, kind, contact), a prefecture or a country
moves from one office to another (never left uncovered: refused at the field), a partner
region is added, changed and confirmed; each change is on the page's history, in the
reader's language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.offices import (
    office_create,
    office_history,
    office_territory_set,
    office_update,
    partner_region_create,
    partner_region_history,
    partner_region_update,
)
from regions.models import (
    Country,
    DomesticTerritory,
    JetroOffice,
    OfficeTerritory,
    PartnerRegion,
    Prefecture,
)
from tests.accounts.test_office_staff import office_staff

pytestmark = pytest.mark.django_db


def office(code: str) -> JetroOffice:
    return JetroOffice.objects.get(code=code)


def covering(prefecture_code: str) -> str:
    return DomesticTerritory.objects.get(prefecture__code=prefecture_code).office.code


def texts(entries) -> list[str]:
    with translation.override("en"):
        return [entry.event_text for entry in entries]


def test_hq_adds_an_office_and_changes_its_contact_on_the_history(hq_staff):
    added = office_create(by=hq_staff, code="jp-kushiro", name_ja="ジェトロ釧路",
                          name_en="JETRO Kushiro", kind="domestic",
                          prefecture=Prefecture.objects.get(code="01"), city="Kushiro",
                          email="", phone="")
    assert added.code == "JP-KUSHIRO"
    office_update(office=added, by=hq_staff, email="kushiro@jetro.example.jp",
                  phone="0154-00-0000")
    assert texts(office_history(added)) == [
        "Office JETRO Kushiro changed: contact e-mail: — → kushiro@jetro.example.jp; "
        "contact telephone: — → 0154-00-0000.",
        "Office JETRO Kushiro added."]
    with pytest.raises(ValidationError) as refused:
        office_create(by=hq_staff, code="HQ2", name_ja="本部", name_en="HQ 2", kind="hq")
    assert refused.value.message_dict == {
        "kind": ["Choose an office in Japan or an overseas office."]}


def test_only_hq_keeps_the_offices():
    with pytest.raises(PermissionDenied):
        office_update(office=office("JP-SUWA"), by=office_staff("JP-NAGANO"), city="Suwa")


def test_a_prefecture_moves_from_one_office_to_another_and_both_histories_show_it(hq_staff):
    assert covering("20") == "JP-NAGANO"
    moved = office_territory_set(office=office("JP-SUWA"), by=hq_staff,
                                 prefectures=[Prefecture.objects.get(code="20")])
    assert (moved, covering("20")) == (1, "JP-SUWA")
    expected = ["Nagano moved from JETRO Nagano to JETRO Suwa."]
    assert texts(office_history(office("JP-SUWA"))) == expected
    assert texts(office_history(office("JP-NAGANO"))) == expected
    with translation.override("ja"):
        assert office_history(office("JP-SUWA"))[0].event_text == (
            "長野県をジェトロ長野からジェトロ諏訪に移しました。")


def test_a_prefecture_is_never_left_uncovered(hq_staff):
    with pytest.raises(ValidationError) as refused:
        office_territory_set(office=office("JP-NAGANO"), by=hq_staff, prefectures=[])
    assert refused.value.message_dict == {"prefectures": [
        "Nagano would be covered by no office. A territory moves from one office to another: "
        "add it to the office that takes it over, on that office's page."]}
    assert covering("20") == "JP-NAGANO"


def test_a_country_moves_between_overseas_offices_and_japan_is_refused(hq_staff):
    mexico = Country.objects.get(iso2="MX")
    guatemala = Country.objects.get(iso2="GT")
    office_territory_set(office=office("HOU"), by=hq_staff, countries=[guatemala])
    assert OfficeTerritory.objects.get(country=guatemala).office.code == "HOU"
    assert OfficeTerritory.objects.get(country=mexico).office.code == "MEX"
    assert texts(office_history(office("MEX"))) == [
        "Guatemala moved from JETRO Mexico City to JETRO Houston."]
    with pytest.raises(ValidationError) as refused:
        office_territory_set(office=office("HOU"), by=hq_staff,
                             countries=[guatemala, Country.objects.get(iso2="JP")])
    assert refused.value.message_dict == {"countries": [
        "Japan is covered by the offices in Japan, not by an overseas office."]}


def test_an_office_with_a_territory_keeps_its_kind(hq_staff):
    with pytest.raises(ValidationError) as refused:
        office_update(office=office("JP-NAGANO"), by=hq_staff, kind="overseas")
    assert refused.value.message_dict == {"kind": [
        "This office covers a territory: move its prefectures or countries to other offices "
        "before changing its kind."]}
    office_update(office=office("JP-SUWA"), by=hq_staff, kind="overseas")
    assert office("JP-SUWA").prefecture is None


def test_a_partner_region_is_added_changed_and_confirmed_on_its_history(hq_staff):
    region = partner_region_create(by=hq_staff, country=Country.objects.get(iso2="MX"),
                                   name_ja="ハリスコ州", name_en="Jalisco", kind="subnational",
                                   iso_code="mx-jal", is_confirmed=False)
    assert region.iso_code == "MX-JAL"
    partner_region_update(region=region, by=hq_staff, name_ja="ハリスコ州（グアダラハラ）",
                          is_confirmed=True)
    assert texts(partner_region_history(region)) == [
        "Partner region Jalisco (Mexico) changed: name (Japanese): ハリスコ州 → "
        "ハリスコ州（グアダラハラ）.",
        "Partner region Jalisco (Mexico) confirmed.",
        "Partner region Jalisco (Mexico) added."]
    with pytest.raises(ValidationError) as refused:
        partner_region_update(region=region, by=hq_staff, iso_code="BR-SP")
    assert list(refused.value.message_dict) == ["iso_code"]


# --- The pages ------------------------------------------------------------------------------

def test_the_pages_list_change_and_refuse_at_the_field(client, hq_staff):
    client.force_login(hq_staff)
    listing = client.get(reverse("offices"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert html.count('data-testid="office-row"') == JetroOffice.objects.count()
    url = reverse("office", args=["JP-NAGANO"])
    nagano = Prefecture.objects.get(code="20")
    refused = client.post(url, {"action": "territory"})
    assert refused.status_code == 200
    assert refused.context["territory"].errors == {"prefectures": [
        "Nagano would be covered by no office. A territory moves from one office to another: "
        "add it to the office that takes it over, on that office's page."]}
    assert covering("20") == "JP-NAGANO"
    moved = client.post(reverse("office", args=["JP-SUWA"]),
                        {"action": "territory", "territory-prefectures": [nagano.pk]})
    assert (moved.status_code, moved.url) == (302, reverse("office", args=["JP-SUWA"]))
    page = client.get(moved.url).content.decode()
    assert "Nagano moved from JETRO Nagano to JETRO Suwa." in page
    assert "Covers now: Nagano." in page
    changed = client.post(url, {"action": "details", "office-name_ja": "ジェトロ長野",
                                "office-name_en": "JETRO Nagano", "office-kind": "domestic",
                                "office-prefecture": nagano.pk, "office-city": "Nagano",
                                "office-email": "not an address", "office-phone": ""})
    assert changed.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert 'value="not an address"' in changed.content.decode()


def test_hq_adds_and_confirms_a_partner_region_on_its_pages(client, hq_staff):
    client.force_login(hq_staff)
    added = client.post(reverse("partner-region-new"), {
        "country": Country.objects.get(iso2="IN").pk, "name_ja": "カルナータカ州",
        "name_en": "Karnataka", "kind": "subnational", "iso_code": "IN-KA"})
    region = PartnerRegion.objects.get(name_en="Karnataka")
    assert (added.status_code, added.url) == (302, reverse("partner-region", args=[region.pk]))
    assert region.is_confirmed is False  # the box was left unticked
    client.post(added.url, {"action": "confirm"})
    region.refresh_from_db()
    assert region.is_confirmed is True
    page = client.get(added.url).content.decode()
    assert "Partner region Karnataka (India) confirmed." in page
    listing = client.get(reverse("partner-regions"), {"country": "in"})
    assert [r.name_en for r in listing.context["page"]] == ["Karnataka"]


@pytest.mark.parametrize("page", ["offices", "partner-regions"])
def test_the_lists_read_a_fixed_number_of_queries(client, hq_staff, page,
                                                  django_assert_num_queries):
    client.force_login(hq_staff)
    client.get(reverse(page))
    with django_assert_num_queries(QUERIES[page]):
        client.get(reverse(page))


QUERIES = {"offices": 9, "partner-regions": 8}
