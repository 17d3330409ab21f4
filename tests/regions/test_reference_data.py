import pytest
from django.utils import translation

from regions.enums import OfficeKind
from regions.models import Country, JetroOffice, OfficeTerritory, PartnerRegion, Prefecture, Sector
from regions.selectors import office_covering
from regions.services import reference_data_load

pytestmark = pytest.mark.django_db

# DOMAIN.md's real partner pairs: partner region -> the overseas office that assesses it.
PARTNER_PAIR_OFFICES = {
    "Baden-Württemberg": "DUS",
    "Nordrhein-Westfalen": "DUS",
    "Saxony": "DUS",
    "Cosmetic Valley": "PAR",
    "Île-de-France": "PAR",
    "Scotland": "LON",
    "Korea, Republic of": "SEL",
    "Vietnam Trade Promotion Agency": "HAN",
    "Oulu Region": "HEL",
    "Helsinki-Uusimaa": "HEL",
    "Taiwan": "TPE",
}


def test_all_47_prefectures_with_jis_codes_and_both_names():
    assert Prefecture.objects.count() == 47
    assert list(Prefecture.objects.values_list("code", flat=True)) == [
        f"{n:02d}" for n in range(1, 48)]
    tokyo = Prefecture.objects.get(code="13")
    assert (tokyo.name_ja, tokyo.name_en, tokyo.block) == ("東京都", "Tokyo", "kanto")
    assert Prefecture.objects.get(code="47").name_ja == "沖縄県"


def test_head_offices_and_institute():
    kinds = dict(JetroOffice.objects.filter(code__in=["HQ", "OSAKA", "IDE"])
                 .values_list("code", "kind"))
    assert kinds == {"HQ": OfficeKind.HQ, "OSAKA": OfficeKind.OSAKA, "IDE": OfficeKind.IDE}


@pytest.mark.parametrize(("region", "office"), PARTNER_PAIR_OFFICES.items())
def test_partner_pair_region_is_covered_by_exactly_one_overseas_office(region, office):
    partner = PartnerRegion.objects.get(name_en=region)
    assert OfficeTerritory.objects.filter(country=partner.country).count() == 1
    assert office_covering(partner_region=partner).code == office


def test_every_country_with_a_partner_region_is_covered():
    uncovered = Country.objects.filter(partner_regions__isnull=False,
                                       territory__isnull=True).distinct()
    assert list(uncovered) == []


def test_sectors_have_three_focus_areas_with_sub_areas_and_other():
    areas = Sector.objects.filter(is_focus=True, parent=None)
    assert sorted(areas.values_list("code", flat=True)) == [
        "environment-energy", "life-science", "machinery"]
    assert sorted(Sector.objects.get(code="machinery").children.values_list("code", flat=True)) == [
        "aircraft-parts", "industrial-machinery", "manufacturing-materials"]
    assert Sector.objects.get(code="other").is_focus is False


def test_names_follow_the_active_language():
    bw = PartnerRegion.objects.get(name_en="Baden-Württemberg")
    with translation.override("ja"):
        assert bw.name == "バーデン＝ヴュルテンベルク州"
    with translation.override("en"):
        assert bw.name == "Baden-Württemberg"


def test_loading_again_changes_nothing():
    before = (Prefecture.objects.count(), Country.objects.count(), JetroOffice.objects.count(),
              PartnerRegion.objects.count(), Sector.objects.count(),
              OfficeTerritory.objects.count())
    counts = reference_data_load()
    after = (Prefecture.objects.count(), Country.objects.count(), JetroOffice.objects.count(),
             PartnerRegion.objects.count(), Sector.objects.count(),
             OfficeTerritory.objects.count())
    assert before == after
    assert counts["prefectures"] == 47
