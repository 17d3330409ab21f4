"""Loading of the reference data shipped in regions/data/*.yaml.

`reference_data_load` is idempotent: records are matched on their natural key (JIS code,
ISO code, office code, sector code, country + English name) and updated in place, so it is
safe to run on every deploy. HQ staff's own additions in the admin are left alone.
"""

from pathlib import Path

import yaml
from django.apps import apps as global_apps
from django.db import transaction

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
    Sector = apps.get_model("regions", "Sector")

    prefectures = {}
    for code, name_ja, name_en, block in _read("prefectures.yaml"):
        prefectures[_code2(code)], _ = Prefecture.objects.update_or_create(
            code=_code2(code), defaults={"name_ja": name_ja, "name_en": name_en, "block": block}
        )

    countries = {}
    for iso2, name_ja, name_en in _read("countries.yaml"):
        countries[iso2], _ = Country.objects.update_or_create(
            iso2=iso2, defaults={"name_ja": name_ja, "name_en": name_en}
        )

    offices = _read("offices.yaml")
    office_count = 0
    for code, name_ja, name_en, kind, pref, city in offices["headquarters"] + offices["domestic"]:
        JetroOffice.objects.update_or_create(
            code=code,
            defaults={"name_ja": name_ja, "name_en": name_en, "kind": kind,
                      "prefecture": prefectures[_code2(pref)], "city": city},
        )
        office_count += 1
    for code, name_ja, name_en, iso_codes in offices["overseas"]:
        office, _ = JetroOffice.objects.update_or_create(
            code=code, defaults={"name_ja": name_ja, "name_en": name_en, "kind": "overseas"}
        )
        office_count += 1
        for iso2 in iso_codes:
            OfficeTerritory.objects.update_or_create(
                country=countries[iso2], defaults={"office": office}
            )

    region_count = 0
    for iso2, name_ja, name_en, kind in _read("partner_regions.yaml"):
        PartnerRegion.objects.update_or_create(
            country=countries[iso2], name_en=name_en,
            defaults={"name_ja": name_ja, "kind": kind, "is_confirmed": True},
        )
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
