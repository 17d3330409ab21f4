"""The annual monitoring report's files, from the figures' tables (monitoring.tables): the
PDF (the portal's one WeasyPrint path, sponsorship.letter_pdf.html_to_pdf, with this
report's own stylesheet: "confidential" and the page number on every page, the same SVG
charts as the dashboard), the CSV (one row per figure) and the XLSX (one sheet per table).
Pure rendering: reads nothing, writes nothing."""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from rit_portal.csv_io import to_csv, write_xlsx

from .tables import FigureTable, headline, long_rows

STYLESHEET = (Path(__file__).resolve().parent / "templates" / "monitoring" / "report"
              / "annual_report.css")
TEMPLATE = "monitoring/report/annual_report.html"


def report_filename(*, fiscal_year: int, report_id: int, fmt: str) -> str:
    return f"rit-monitoring-FY{fiscal_year}-{report_id}.{fmt}"


def report_html(*, fiscal_year: int, tables: list[FigureTable], figures,
                produced_at=None) -> str:
    """The report as HTML in the active language."""
    return render_to_string(TEMPLATE, {
        "fiscal_year": fiscal_year, "tables": tables, "headline": headline(figures),
        "produced_at": timezone.localtime(produced_at or timezone.now()),
    })


def report_pdf(html: str) -> bytes:
    from sponsorship.letter_pdf import html_to_pdf

    return html_to_pdf(html, added=(STYLESHEET,))


def report_csv(tables: list[FigureTable]) -> bytes:
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    header = [_("Table"), _("Row"), _("Column"), pgettext("a figure's value", "Value")]
    return to_csv(header, long_rows(tables)).encode()


def report_xlsx(tables: list[FigureTable]) -> bytes:
    """One sheet per table, titled by number (Excel's sheet names are short)."""
    out = io.BytesIO()
    write_xlsx(out, [(f"{index} {table.key}", table.columns,
                      ([cell.value for cell in row] for row in table.rows))
                     for index, table in enumerate(tables, start=1)])
    return out.getvalue()
