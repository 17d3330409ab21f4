"""Countries and their subdivisions from kept libraries, not a hand-written list.

pycountry carries ISO 3166-1 (every country's alpha-2 code) and ISO 3166-2 (subdivision
codes such as MX-JAL or DE-BW, with the Debian iso-codes translations); Babel carries
the Unicode CLDR's country names, the names Japanese and English software shows. pycountry
is the list (Babel's territories include regions such as "EU" or "001" that are no
country), Babel the names (CLDR's Japanese names are complete; iso-codes' are not).
"""

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale

from rit_portal.conventions import full_width_brackets


@dataclass(frozen=True)
class CountryName:
    iso2: str
    name_ja: str
    name_en: str


@dataclass(frozen=True)
class Subdivision:
    code: str        # ISO 3166-2, e.g. "MX-JAL"
    name_en: str     # the name ISO publishes (often in the local language)
    name_ja: str     # iso-codes' Japanese name, "" when it has none
    type: str


@cache
def iso_countries() -> tuple[CountryName, ...]:
    """Every ISO 3166-1 country with its CLDR names in Japanese and English."""
    ja, en = Locale("ja").territories, Locale("en").territories
    return tuple(CountryName(c.alpha_2, full_width_brackets(ja[c.alpha_2]), en[c.alpha_2])
                 for c in sorted(pycountry.countries, key=lambda c: c.alpha_2))


@cache
def _japanese_subdivision_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ja"],
                               fallback=True)


def subdivisions_of(iso2: str) -> list[Subdivision]:
    """The ISO 3166-2 subdivisions of a country, by English name ([] when it has none)."""
    japanese = _japanese_subdivision_names()
    found = []
    for item in pycountry.subdivisions.get(country_code=iso2) or []:
        name_ja = full_width_brackets(japanese.gettext(item.name))
        found.append(Subdivision(item.code, item.name,
                                 "" if name_ja == full_width_brackets(item.name) else name_ja,
                                 item.type))
    return sorted(found, key=lambda s: s.name_en)


def subdivision(code: str) -> Subdivision | None:
    """One ISO 3166-2 subdivision by its code (case-insensitive), or None."""
    item = pycountry.subdivisions.get(code=code.strip().upper())
    if item is None:
        return None
    return next(s for s in subdivisions_of(item.country_code) if s.code == item.code)
