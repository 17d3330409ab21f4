"""A person's holdings (privacy.holdings) as a file: JSON (every category, machine-
readable) and a readable PDF in the reader's language (rit_portal.pdf, the portal's one
WeasyPrint path). The same two files serve a person's own download and HQ's answer to a
request."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from rit_portal import pdf

from .holdings import Holding

STYLESHEET = Path(__file__).resolve().parent / "templates" / "privacy" / "pdf" / "holdings.css"
TEMPLATE = "privacy/pdf/holdings.html"


def _plain(value):
    """A field's value as JSON: times in Japan time, ISO text; lists as lists."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def holdings_json(holdings: list[Holding], *, about: str) -> bytes:
    """Every category, each entry as {"record": title, "fields": {label: value}} (labels
    in the active language), UTF-8 JSON."""
    document = {
        "about": about,
        "exported_at": timezone.localtime().isoformat(),
        "categories": [{
            "category": holding.category.code,
            "label": str(holding.category.label),
            "records": [{"record": entry.title,
                         "fields": {str(label): _plain(value) for label, value in entry.fields}}
                        for entry in holding.entries],
        } for holding in holdings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def holdings_html(holdings: list[Holding], *, about: str, shown: int | None = None) -> str:
    return render_to_string(TEMPLATE, {"holdings": holdings, "about": about, "shown": shown,
                                       "printed_at": timezone.localtime()})


def holdings_pdf(holdings: list[Holding], *, about: str, shown: int | None = None) -> bytes:
    """The readable PDF of `holdings` in the active language; `shown`: the holdings are the
    first that many of each category (a person's own PDF), and a category with more says
    that the JSON download lists them all."""
    return pdf.html_to_pdf(holdings_html(holdings, about=about, shown=shown),
                           stylesheets=(STYLESHEET,))
