"""The showcase's map, drawn on the server as SVG (no tiles, no script, nothing fetched):
the partner countries on a world panel, Japan's prefectures on an enlarged panel beside
it, and one line per tie-up from its prefecture to its partner country.

Points and lines only (positions: places.py, GeoNames): a schematic map, like the
monitoring charts drawn with presentation attributes only (CSP, WeasyPrint). It is an
image with an accessible name; the table under it on the page lists the same tie-ups."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from monitoring.charts import FONT, PALETTE, TEXT_COLOUR

from . import places

WIDTH, HEIGHT = 960, 440
# The world panel: longitude −180…180, latitude −60…80 (equirectangular).
WORLD = {"x": 10, "y": 40, "w": 600, "h": 390, "lon": (-180.0, 180.0), "lat": (-60.0, 80.0)}
# Japan, enlarged: longitude 127…147, latitude 25.5…46.
JAPAN = {"x": 640, "y": 40, "w": 310, "h": 390, "lon": (127.0, 147.0), "lat": (25.5, 46.0)}
LAND = "#e9ecef"
LINE = PALETTE[0]


def _xy(panel: dict, latitude: float, longitude: float) -> tuple[float, float]:
    (lon0, lon1), (lat0, lat1) = panel["lon"], panel["lat"]
    x = panel["x"] + (longitude - lon0) / (lon1 - lon0) * panel["w"]
    y = panel["y"] + (lat1 - latitude) / (lat1 - lat0) * panel["h"]
    return round(x, 1), round(y, 1)


def _panel(panel: dict, label: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#adb5bd"/>'
        '<text x="{}" y="{}" font-size="15" font-weight="bold">{}</text>',
        panel["x"], panel["y"], panel["w"], panel["h"], LAND, panel["x"], panel["y"] - 10,
        label)


def tie_up_map(tie_ups: list) -> SafeString:
    """The SVG of the tie-ups given (showcase.selectors.TieUp): a dot per prefecture and
    per partner country that has one, a line per tie-up. A tie-up whose place is unknown
    is left off the picture (the table lists it)."""
    prefectures, countries, lines = {}, {}, []
    for tie_up in tie_ups:
        start = places.prefecture_position(tie_up.prefecture.code)
        end = places.country_position(tie_up.country.iso2) if tie_up.country else None
        if start is None or end is None:
            continue
        p = prefectures.setdefault(tie_up.prefecture.code,
                                   [_xy(JAPAN, *start), tie_up.prefecture.name, 0])
        c = countries.setdefault(tie_up.country.iso2,
                                 [_xy(WORLD, *end), tie_up.country.name, 0])
        p[2] += 1
        c[2] += 1
        lines.append((p[0], c[0], f"{tie_up.prefecture.name} – {tie_up.country.name}: "
                                  f"{tie_up.title}"))
    title = _("Map of the tie-ups")
    description = _("%(n)s tie-ups between Japanese prefectures and partner countries; the "
                    "table below lists them.") % {"n": len(lines)}
    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="showcase-map" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-labelledby="map-title map-desc" font-family="{}" '
        'font-size="13" fill="{}"><title id="map-title">{}</title><desc id="map-desc">{}'
        '</desc>', WIDTH, HEIGHT, FONT, TEXT_COLOUR, title, description),
        _panel(WORLD, _("Partner countries")), _panel(JAPAN, _("Japan"))]
    # Where Japan is on the world panel, and the frame that joins it to the Japan panel.
    (jx0, jy0), (jx1, jy1) = _xy(WORLD, 46.0, 127.0), _xy(WORLD, 25.5, 147.0)
    parts.append(format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#6c757d" '
        'stroke-dasharray="3 2"/>', jx0, jy0, round(jx1 - jx0, 1), round(jy1 - jy0, 1)))
    parts.append(format_html_join("", (
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" '
        'stroke-opacity="0.6"><title>{}</title></line>'),
        ((a[0], a[1], b[0], b[1], LINE, label) for a, b, label in lines)))
    for (x, y), name, count in [*prefectures.values(), *countries.values()]:
        parts.append(format_html(
            '<g><title>{name} ({count})</title><circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" '
            'stroke="#fff"/><text x="{tx}" y="{ty}" font-size="12">{name}</text></g>',
            name=name, count=count, x=x, y=y, r=4 + min(count, 6), fill=PALETTE[1],
            tx=round(x + 8, 1), ty=round(y + 4, 1)))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))
