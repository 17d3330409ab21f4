"""Cost proposals to and from CSV.

Export writes one row per line with the activity and category in the reader's language
(UTF-8 with a byte-order mark, so that Excel opens Japanese text correctly). Import reads
the same columns (the `total` column is ignored: the database computes it) and accepts
activities and categories by code or by their Japanese or English name, and files in
UTF-8 or Shift_JIS (Excel's default in Japan). Parsing never writes: the view passes the
parsed rows to `cost_proposal_save`, which checks the programme's rules per row.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from .enums import Activity, CostCategory
from .models import CostLine

COLUMNS = ["activity", "year", "category", "description", "quantity", "unit", "unit_cost",
           "total"]
REQUIRED_COLUMNS = COLUMNS[:-1]
MAX_ROWS = 200


def cost_lines_to_csv(lines: list[CostLine]) -> str:
    """The lines as CSV text (header row first), in the active language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([line.get_activity_display(), line.year, line.get_category_display(),
                         line.description, line.quantity, line.unit, line.unit_cost,
                         line.total])
    return "\ufeff" + out.getvalue()


def _choice_lookup(choices) -> dict[str, str]:
    """Code, Japanese label and English label (case- and space-insensitive) → code."""
    lookup = {}
    for value in choices.values:
        lookup[value.lower()] = value
        for language in ("ja", "en"):
            with translation.override(language):
                lookup[" ".join(str(choices(value).label).split()).lower()] = value
    return lookup


@dataclass
class ParsedCsv:
    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # file line of each row
    errors: list[tuple[int, str]] = field(default_factory=list)  # (file line, message)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _whole_number(raw: str, label: str, errors: list[str], *, yen: bool = False) -> int | None:
    text = raw.strip().replace(",", "")
    if yen:
        text = text.replace("¥", "").replace("￥", "").replace("円", "")
    if not text:
        errors.append(_("%(column)s is empty.") % {"column": label})
        return None
    if not text.isdigit():
        message = (_("%(column)s must be a whole number of yen (yen have no decimals): "
                     "“%(value)s”.") if yen else
                   _("%(column)s must be a whole number: “%(value)s”."))
        errors.append(message % {"column": label, "value": raw.strip()})
        return None
    return int(text)


def parse_cost_csv(data: bytes) -> ParsedCsv:
    """Rows of the file as service rows, or per-line errors (file line numbers, header = 1).

    Only the format is checked here (columns, numbers, known activity and category); the
    programme's rules are the service's.
    """
    result = ParsedCsv()
    text = _decode(data)
    if text is None:
        result.errors.append((0, _("The file is neither UTF-8 nor Shift_JIS text.")))
        return result
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.errors.append((1, _("The header row lacks the column(s) %(columns)s; export "
                                   "the cost proposal to see the expected columns.")
                              % {"columns": ", ".join(missing)}))
        return result
    reader.fieldnames = header
    activities, categories = _choice_lookup(Activity), _choice_lookup(CostCategory)
    for number, record in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in record.items() if k}
        if not any(values.get(name) for name in REQUIRED_COLUMNS):
            continue  # a blank line
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append((number, _("A cost proposal has at most %(n)d lines.")
                                  % {"n": MAX_ROWS}))
            break
        problems: list[str] = []
        activity = activities.get(" ".join(values["activity"].split()).lower())
        if activity is None:
            problems.append(_("Unknown activity “%(value)s”.") % {"value": values["activity"]})
        category = categories.get(" ".join(values["category"].split()).lower())
        if category is None:
            problems.append(_("Unknown cost category “%(value)s”.")
                            % {"value": values["category"]})
        year = _whole_number(values["year"], "year", problems)
        quantity = _whole_number(values["quantity"], "quantity", problems)
        unit_cost = _whole_number(values["unit_cost"], "unit_cost", problems, yen=True)
        if problems:
            result.errors.append((number, " ".join(problems)))
            continue
        result.rows.append({"activity": activity, "year": year, "category": category,
                            "description": values["description"], "quantity": quantity,
                            "unit": values["unit"], "unit_cost": unit_cost})
        result.row_numbers.append(number)
    if not result.rows and not result.errors:
        result.errors.append((0, _("The file has no cost lines.")))
    return result
