"""Charts as SVG, drawn on the server: the one charting path of the dashboard page and of
the annual report's PDF (WeasyPrint draws the same inline SVG).

Hand-built rather than a charting library: pygal styles its charts with a <style> element
and loads a script, matplotlib writes `style="…"` on every element; the portal's Content
Security Policy refuses both inline. These charts use SVG presentation attributes only
(fill, stroke, font-size), which the policy and WeasyPrint both accept.

Each chart is an image with an accessible name: `role="img"`, a <title> and a <desc>
(aria-labelledby), and the figures it draws are in a table beside it on the page and in the
report, so nothing is shown only as a picture. Marks carry their own <title> (the value),
which browsers show as a tooltip.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Narrow enough that the text stays readable on a phone (about 0.8 of its size at 390 px).
WIDTH = 420
FONT = "IPAexGothic, 'Hiragino Sans', 'Noto Sans JP', system-ui, sans-serif"
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#dee2e6"
# Okabe–Ito colours: told apart with the common kinds of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    shown: str  # the value as the table shows it ("¥1,200,000", "42")
    colour: str = PALETTE[0]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int | float]
    shown: list[str]
    colour: str


def _open(key: str, title: str, description: str, height: int) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" aria-labelledby="{k}-title {k}-desc" font-family="{font}" '
        'font-size="14" fill="{text}"><title id="{k}-title">{title}</title>'
        '<desc id="{k}-desc">{desc}</desc>',
        w=WIDTH, h=height, k=key, font=FONT, text=TEXT_COLOUR, title=title, desc=description)


def _number(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(*, key: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Horizontal bars, one per row (its label above it, its value after it), scaled to the
    largest value. Empty when there is nothing to draw (no bar above zero)."""
    if not any(bar.value for bar in bars):
        return SafeString("")
    row, top, label_room = 44, 8, 100
    height = top + row * len(bars) + 4
    largest = max((bar.value for bar in bars), default=0) or 1
    usable = WIDTH - label_room
    parts = [_open(key, title, description, height)]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = max(usable * bar.value / largest, 1 if bar.value else 0)
        parts.append(format_html(
            '<g><title>{label}: {shown}</title>'
            '<text x="0" y="{ty}">{label}</text>'
            '<rect x="0" y="{ry}" width="{w}" height="18" fill="{colour}"></rect>'
            '<text x="{vx}" y="{vy}" font-size="13">{shown}</text></g>',
            label=bar.label, shown=bar.shown, ty=_number(y + 13), ry=_number(y + 19),
            w=_number(length), colour=bar.colour, vx=_number(length + 6),
            vy=_number(y + 33)))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value above went through format_html


def line_chart(*, key: str, title: str, description: str, x_labels: list[str],
               series: list[Series]) -> SafeString:
    """Lines across the x labels (fiscal years), a point per value, a horizontal grid and
    a legend below. Empty when there is nothing to draw."""
    if not x_labels or not series:
        return SafeString("")
    left, right, top, plot_height = 40, 16, 12, 180
    legend_top = top + plot_height + 34
    height = legend_top + 22 * len(series) + 4
    largest = max((max(s.values, default=0) for s in series), default=0) or 1
    step = _nice_step(largest)
    ceiling = step * -(-largest // step)
    inset = 32  # room for the first and last year's label
    width = WIDTH - left - right - 2 * inset
    dx = width / max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return left + inset + (dx * i if len(x_labels) > 1 else width / 2)

    def y(value: float) -> float:
        return top + plot_height - plot_height * value / ceiling

    parts = [_open(key, title, description, height)]
    tick = 0
    while tick <= ceiling:
        parts.append(format_html(
            '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="{grid}"></line>'
            '<text x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="{axis}">{v}</text>',
            x1=left, x2=WIDTH - right, y=_number(y(tick)), grid=GRID_COLOUR,
            tx=left - 6, ty=_number(y(tick) + 4), axis=AXIS_COLOUR, v=f"{tick:,}"))
        tick += step
    for i, label in enumerate(x_labels):
        parts.append(format_html(
            '<text x="{x}" y="{y}" font-size="12" text-anchor="middle">{label}</text>',
            x=_number(x(i)), y=top + plot_height + 18, label=label))
    for s in series:
        points = " ".join(f"{_number(x(i))},{_number(y(v))}" for i, v in enumerate(s.values))
        parts.append(format_html(
            '<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2.5">'
            '</polyline>', points=points, c=s.colour))
        for i, (value, shown) in enumerate(zip(s.values, s.shown, strict=True)):
            parts.append(format_html(
                '<circle cx="{cx}" cy="{cy}" r="4" fill="{c}"><title>{name}, {x}: {shown}'
                '</title></circle>', cx=_number(x(i)), cy=_number(y(value)), c=s.colour,
                name=s.name, x=x_labels[i], shown=shown))
    for index, s in enumerate(series):
        ly = legend_top + 22 * index
        parts.append(format_html(
            '<rect x="{x}" y="{y}" width="14" height="14" fill="{c}"></rect>'
            '<text x="{tx}" y="{ty}">{name}</text>',
            x=left, y=ly, c=s.colour, tx=left + 20, ty=ly + 12, name=s.name))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value above went through format_html


def _nice_step(largest: float) -> int:
    """A round grid step (1, 2 or 5 × a power of ten) giving four to eight lines."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if largest / step <= 5:
                return step
        magnitude *= 10

