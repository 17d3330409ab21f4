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


# --- Complete reference data (issue 23) -----------------------------------------------------


def test_every_iso_country_is_loaded_with_cldr_names_in_both_languages():
    import pycountry

    assert Country.objects.count() == len(pycountry.countries) == 249
    mexico = Country.objects.get(iso2="MX")
    assert (mexico.name_ja, mexico.name_en) == ("メキシコ", "Mexico")
    assert Country.objects.get(iso2="KR").name_en == "South Korea"
    assert Country.objects.filter(name_ja="").count() == 0


def test_every_country_but_japan_is_covered_by_exactly_one_overseas_office():
    covered = list(OfficeTerritory.objects.values_list("country__iso2", flat=True))
    assert len(covered) == len(set(covered))
    assert set(Country.objects.values_list("iso2", flat=True)) - set(covered) == {"JP", "AQ"}
    assert set(OfficeTerritory.objects.values_list("office__kind", flat=True)) == {
        OfficeKind.OVERSEAS}


def test_every_prefecture_is_covered_by_exactly_one_office_in_japan():
    from regions.models import DomesticTerritory

    rows = list(DomesticTerritory.objects.values_list("prefecture__code", "office__kind"))
    assert sorted(code for code, _kind in rows) == [f"{n:02d}" for n in range(1, 48)]
    assert OfficeKind.OVERSEAS not in {kind for _code, kind in rows}
    assert DomesticTerritory.objects.get(prefecture__code="40").office.code == "JP-FUKUOKA"
    assert DomesticTerritory.objects.get(prefecture__code="27").office.code == "OSAKA"


def test_the_shipped_office_list_is_complete_and_keeps_the_old_codes():
    old_codes = {"HQ", "OSAKA", "IDE", "JP-HOKKAIDO", "JP-MIYAGI", "JP-YAMAGATA",
                 "JP-FUKUSHIMA", "JP-IBARAKI", "JP-YOKOHAMA", "JP-TOYAMA", "JP-NAGOYA",
                 "JP-KOBE", "JP-HIROSHIMA", "JP-YAMAGUCHI", "JP-FUKUOKA", "JP-KITAKYUSHU",
                 "JP-SAGA", "JP-NAGASAKI", "JP-OITA", "JP-OKINAWA", "DUS", "PAR", "LON", "GVA",
                 "HEL", "STO", "AMS", "BRU", "MIL", "MAD", "VIE", "PRG", "WAW", "SEL", "TPE",
                 "PEK", "HAN", "BKK", "SIN", "KUL", "JKT", "MNL", "NDL", "NYC", "TOR", "MEX",
                 "SAO", "SYD"}
    codes = set(JetroOffice.objects.values_list("code", flat=True))
    assert old_codes <= codes
    assert JetroOffice.objects.filter(kind=OfficeKind.OVERSEAS).count() == 78
    assert JetroOffice.objects.exclude(kind=OfficeKind.OVERSEAS).count() == 52


@pytest.mark.parametrize(("iso2", "office"), [("MX", "MEX"), ("IN", "NDL"), ("BR", "SAO"),
                                              ("GT", "MEX"), ("RE", "PAR"), ("GU", "NYC")])
def test_countries_the_old_list_lacked_have_their_office(iso2, office):
    assert Country.objects.get(iso2=iso2).territory.office.code == office


def test_partner_regions_carry_their_iso_3166_2_code():
    assert PartnerRegion.objects.get(name_en="Baden-Württemberg").iso_code == "DE-BW"
    assert PartnerRegion.objects.get(name_en="Taiwan").iso_code == ""


def test_a_partner_region_code_must_be_a_subdivision_of_its_country():
    from django.core.exceptions import ValidationError

    region = PartnerRegion(country=Country.objects.get(iso2="MX"), name_ja="ハリスコ州",
                           name_en="Jalisco", iso_code="de-bw")
    with pytest.raises(ValidationError) as refused:
        region.full_clean()
    assert list(refused.value.message_dict) == ["iso_code"]
    region.iso_code = "mx-jal"
    region.full_clean()
    assert region.iso_code == "MX-JAL"


def test_loading_keeps_what_hq_changed_and_adds_what_is_missing():
    from regions.models import DomesticTerritory

    moved = OfficeTerritory.objects.get(country__iso2="HU")
    moved.office = JetroOffice.objects.get(code="VIE")
    moved.save()
    DomesticTerritory.objects.filter(prefecture__code="09").delete()
    JetroOffice.objects.filter(code="AKL").update(name_en="JETRO Auckland (renamed by HQ)")
    reference_data_load()
    assert OfficeTerritory.objects.get(country__iso2="HU").office.code == "VIE"
    assert DomesticTerritory.objects.get(prefecture__code="09").office.code == "JP-TOCHIGI"
    assert JetroOffice.objects.get(code="AKL").name_en == "JETRO Auckland (renamed by HQ)"


def test_the_prefectures_are_iso_3166_2_jp_and_every_region_code_is_a_subdivision():
    """The sources the data files name: JIS X 0401 codes are ISO 3166-2:JP's, and every
    partner region's code is a subdivision of its country in pycountry's ISO 3166-2."""
    import pycountry

    iso = {s.code: s for s in pycountry.subdivisions.get(country_code="JP")}
    assert sorted(iso) == [f"JP-{p.code}" for p in Prefecture.objects.order_by("code")]
    for region in PartnerRegion.objects.exclude(iso_code="").select_related("country"):
        subdivision = pycountry.subdivisions.get(code=region.iso_code)
        assert subdivision is not None and subdivision.country_code == region.country.iso2, (
            region.name_en)
