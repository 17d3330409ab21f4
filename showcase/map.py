"""The showcase's map, drawn on the server as SVG (no tiles, no script, nothing fetched):
the partner countries on a world panel, Japan's prefectures on an enlarged panel beside
it, and one line per tie-up from its prefecture to its partner country.

Positions: places.py (GeoNames). Outlines: outlines.json, Natural Earth's countries
(public domain) from the world-atlas npm package (ISC), pre-projected into the panels'
coordinates by scripts/showcase_outlines.py (re-run it when WORLD or JAPAN change). Drawn
with presentation attributes only (CSP, WeasyPrint), like the monitoring charts. It is an
image with an accessible name; the table under it on the page lists the same tie-ups."""

import json
from functools import cache
from pathlib import Path

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
SEA = "#eef3f7"
LAND = "#dee2e6"
JAPAN_LAND = "#ced4da"
LINE = PALETTE[0]
LABEL_SIZE = 12  # font size of a place's name
LABEL_HEIGHT = 15  # a label's box: the font size and a little leading
LABEL_GAP = 8  # from a dot's centre to its label


def label_width(name: str) -> float:
    """A generous estimate of a label's width at LABEL_SIZE: the server has no font
    metrics, so a wide character (kana, kanji) counts a full em and any other 0.62 em."""
    return round(sum(LABEL_SIZE if ord(ch) > 0x2E7F else LABEL_SIZE * 0.62 for ch in name), 1)


def layout_labels(dots: list[tuple[float, float, str]], right: float) -> list[dict]:
    """Where each place's name goes: right of its dot (left of it where the name would
    cross the panel's right edge `right`), pushed down below any label it
    would overlap (the dots taken from top to bottom, then left to right), so that no two
    labels' boxes overlap. Each result holds the dot (x, y), the name, the box (left, top,
    right, bottom) and `moved`: whether the label left its dot's side (then the map draws a
    short leader line from the dot to it)."""
    placed: list[dict] = []
    for x, y, name in sorted(dots, key=lambda dot: (dot[1], dot[0])):
        width = label_width(name)
        left = x + LABEL_GAP if x + LABEL_GAP + width <= right else x - LABEL_GAP - width
        top = y - LABEL_HEIGHT / 2
        while True:
            clash = [box for box in (label["box"] for label in placed)
                     if left < box[2] and box[0] < left + width
                     and top < box[3] and box[1] < top + LABEL_HEIGHT]
            if not clash:
                break
            top = max(box[3] for box in clash) + 1
        box = (round(left, 1), round(top, 1), round(left + width, 1),
               round(top + LABEL_HEIGHT, 1))
        placed.append({"x": x, "y": y, "name": name, "box": box,
                       "moved": abs(top - (y - LABEL_HEIGHT / 2)) > 1})
    return placed


def _xy(panel: dict, latitude: float, longitude: float) -> tuple[float, float]:
    (lon0, lon1), (lat0, lat1) = panel["lon"], panel["lat"]
    x = panel["x"] + (longitude - lon0) / (lon1 - lon0) * panel["w"]
    y = panel["y"] + (lat1 - latitude) / (lat1 - lat0) * panel["h"]
    return round(x, 1), round(y, 1)


@cache
def outlines() -> dict:
    """The countries' outlines, as SVG path data in each panel's coordinates."""
    return json.loads((Path(__file__).parent / "outlines.json").read_text())


def _panel(panel: dict, name: str, label: str, shapes: list[tuple[str, str]]) -> SafeString:
    """A panel: the sea, the countries' outlines clipped to it, its frame and title."""
    return format_html(
        '<clipPath id="clip-{name}"><rect x="{x}" y="{y}" width="{w}" height="{h}"/>'
        '</clipPath><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{sea}"/>'
        '<g clip-path="url(#clip-{name})" stroke="#fff" stroke-width="0.6" '
        'stroke-linejoin="round">{shapes}</g>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="#adb5bd"/>'
        '<text x="{x}" y="{ty}" font-size="15" font-weight="bold">{label}</text>',
        name=name, x=panel["x"], y=panel["y"], w=panel["w"], h=panel["h"], sea=SEA,
        shapes=format_html_join("", '<path class="outline" d="{}" fill="{}"/>', shapes),
        ty=panel["y"] - 10, label=label)


def map_labels(prefectures, countries) -> list[dict]:
    """The labels of both panels (each [(x, y), name, count]), laid out panel by panel."""
    return [*layout_labels([(x, y, name) for (x, y), name, _count in prefectures],
                           right=JAPAN["x"] + JAPAN["w"] - 4),
            *layout_labels([(x, y, name) for (x, y), name, _count in countries],
                           right=WORLD["x"] + WORLD["w"] - 4)]


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
        _panel(WORLD, "world", _("Partner countries"),
               [(d, LAND) for d in outlines()["world"]]),
        _panel(JAPAN, "japan", _("Japan"),
               [(shape["d"], JAPAN_LAND if shape["japan"] else LAND)
                for shape in outlines()["japan"]])]
    # Where Japan is on the world panel, and the frame that joins it to the Japan panel.
    (jx0, jy0), (jx1, jy1) = _xy(WORLD, 46.0, 127.0), _xy(WORLD, 25.5, 147.0)
    parts.append(format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#6c757d" '
        'stroke-dasharray="3 2"/>', jx0, jy0, round(jx1 - jx0, 1), round(jy1 - jy0, 1)))
    parts.append(format_html_join("", (
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" '
        'stroke-opacity="0.6"><title>{}</title></line>'),
        ((a[0], a[1], b[0], b[1], LINE, label) for a, b, label in lines)))
    # The dots first (a bigger dot for more tie-ups, white-rimmed so that neighbours stay
    # apart), then the leaders and labels above every dot.
    dots = [*prefectures.values(), *countries.values()]
    for (x, y), name, count in sorted(dots, key=lambda dot: -dot[2]):
        parts.append(format_html(
            '<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="#fff" '
            'stroke-width="1.5"><title>{name} ({count})</title></circle>',
            name=name, count=count, x=x, y=y, r=4 + min(count, 6), fill=PALETTE[1]))
    for label in map_labels(prefectures.values(), countries.values()):
        left, top, right, bottom = label["box"]
        middle = round((top + bottom) / 2, 1)
        if label["moved"]:
            end = left - 1 if left > label["x"] else right + 1
            parts.append(format_html(
                '<path d="M{} {}L{} {}" stroke="#495057" stroke-width="0.8" fill="none"/>',
                label["x"], label["y"], round(end, 1), middle))
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="{}" dominant-baseline="central" stroke="#fff" '
            'stroke-width="3" stroke-opacity="0.85" paint-order="stroke">{}</text>',
            left, middle, LABEL_SIZE, label["name"]))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))
