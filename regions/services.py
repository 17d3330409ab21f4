"""Loading of the reference data: countries from kept libraries, the rest from regions/data.

`reference_data_load` is idempotent and runs on every deploy (scripts/serve.sh):
- prefectures and sectors are matched on their codes and updated in place;
- countries are every ISO 3166-1 country (pycountry) with CLDR's Japanese and English
  names (Babel), updated in place when a new library release renames one;
- offices, their territories and partner regions are *added* when missing and otherwise
  left as they are: after the first load HQ keeps them on the portal's pages (a territory
  HQ moved stays moved), and a new office or region in the files reaches every portal.
Codes never change: demo data and tests rely on them.
"""

from pathlib import Path

import yaml
from django.apps import apps as global_apps
from django.db import transaction

from .countries import iso_countries

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _code2(value) -> str:
    # YAML reads 01..07 as integers; JIS codes are two-character strings.
    return str(value).zfill(2)


@transaction.atomic
def reference_data_load(*, apps=global_apps) -> dict[str, int]:
    """Create or update every shipped reference record; return counts per model.

    `apps` is the app registry to take models from, so that a data migration can pass its
    historical registry.
    """
    Prefecture = apps.get_model("regions", "Prefecture")
    Country = apps.get_model("regions", "Country")
    PartnerRegion = apps.get_model("regions", "PartnerRegion")
    JetroOffice = apps.get_model("regions", "JetroOffice")
    OfficeTerritory = apps.get_model("regions", "OfficeTerritory")
    DomesticTerritory = apps.get_model("regions", "DomesticTerritory")
    Sector = apps.get_model("regions", "Sector")

    prefectures = {}
    for code, name_ja, name_en, block in _read("prefectures.yaml"):
        prefectures[_code2(code)], _ = Prefecture.objects.update_or_create(
            code=_code2(code), defaults={"name_ja": name_ja, "name_en": name_en, "block": block}
        )

    countries = {}
    for country in iso_countries():
        countries[country.iso2], _ = Country.objects.update_or_create(
            iso2=country.iso2, defaults={"name_ja": country.name_ja, "name_en": country.name_en}
        )

    offices = _read("offices.yaml")
    office_count = 0
    covered_prefectures = set(DomesticTerritory.objects.values_list("prefecture_id", flat=True))
    for code, name_ja, name_en, kind, pref, city, covers in (offices["headquarters"]
                                                             + offices["domestic"]):
        office, _ = JetroOffice.objects.get_or_create(
            code=code,
            defaults={"name_ja": name_ja, "name_en": name_en, "kind": kind,
                      "prefecture": prefectures[_code2(pref)], "city": city},
        )
        office_count += 1
        for covered in covers:
            prefecture = prefectures[_code2(covered)]
            if prefecture.pk not in covered_prefectures:
                DomesticTerritory.objects.create(office=office, prefecture=prefecture)
                covered_prefectures.add(prefecture.pk)
    covered_countries = set(OfficeTerritory.objects.values_list("country_id", flat=True))
    for code, name_ja, name_en, _home, iso_codes in offices["overseas"]:
        office, _ = JetroOffice.objects.get_or_create(
            code=code, defaults={"name_ja": name_ja, "name_en": name_en, "kind": "overseas"}
        )
        office_count += 1
        for iso2 in iso_codes:
            country = countries[iso2]
            if country.pk not in covered_countries:
                OfficeTerritory.objects.create(office=office, country=country)
                covered_countries.add(country.pk)

    region_count = 0
    for iso2, name_ja, name_en, kind, iso_code in _read("partner_regions.yaml"):
        region, created = PartnerRegion.objects.get_or_create(
            country=countries[iso2], name_en=name_en,
            defaults={"name_ja": name_ja, "kind": kind, "is_confirmed": True,
                      "iso_code": iso_code or ""},
        )
        if not created and iso_code and not region.iso_code:
            region.iso_code = iso_code
            region.save(update_fields=["iso_code"])
        region_count += 1

    sectors = _read("sectors.yaml")
    position = 0
    for area in sectors["focus"]:
        position += 1
        parent, _ = Sector.objects.update_or_create(
            code=area["code"],
            defaults={"name_ja": area["names"][0], "name_en": area["names"][1],
                      "is_focus": True, "parent": None, "position": position},
        )
        for code, name_ja, name_en in area["children"]:
            position += 1
            Sector.objects.update_or_create(
                code=code,
                defaults={"name_ja": name_ja, "name_en": name_en, "is_focus": True,
                          "parent": parent, "position": position},
            )
    for code, name_ja, name_en in sectors["other"]:
        position += 1
        Sector.objects.update_or_create(
            code=code,
            defaults={"name_ja": name_ja, "name_en": name_en, "is_focus": False,
                      "parent": None, "position": position},
        )

    return {
        "prefectures": len(prefectures),
        "countries": len(countries),
        "offices": office_count,
        "partner_regions": region_count,
        "sectors": position,
    }
