"""Cost proposals to and from CSV, through the one CSV module (rit_portal.csv_io).

Export writes one row per line with the activity and category in the reader's language.
Import reads the same columns (the `total` column is ignored: the database computes it),
activities and categories by code or by their Japanese or English name. Parsing never
writes: the view passes the parsed rows to `cost_proposal_import`, which checks the
programme's rules per row.
"""

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext as _

from rit_portal import csv_io

from .enums import Activity, CostCategory
from .models import CostLine

COLUMNS = ["activity", "year", "category", "description", "quantity", "unit", "unit_cost",
           "total"]
REQUIRED_COLUMNS = COLUMNS[:-1]
MAX_ROWS = 200
# The model's own limits: a small integer year (the duration check follows), a positive
# integer quantity.
MAX_YEAR, MAX_QUANTITY = 32_767, 2_147_483_647


def _rows(lines: list[CostLine]):
    for line in lines:
        yield [line.get_activity_display(), line.year, line.get_category_display(),
               line.description, line.quantity, line.unit, line.unit_cost, line.total]


def cost_lines_to_csv(lines: list[CostLine]) -> str:
    """The lines as CSV text (header row first), in the active language."""
    return csv_io.to_csv(COLUMNS, _rows(lines))


def cost_lines_csv_response(*, lines: list[CostLine], filename: str) -> HttpResponse:
    return csv_io.csv_response(filename=filename, header=COLUMNS, rows=_rows(lines))


@dataclass
class ParsedCsv:
    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # file line of each row
    errors: list[tuple[int, str]] = field(default_factory=list)  # (file line, message)


def parse_cost_csv(data: bytes) -> ParsedCsv:
    """Rows of the file as service rows, or per-line errors (file line numbers, header = 1;
    0 for the file as a whole).

    Only the format is checked here (columns, numbers, known activity and category); the
    programme's rules are the service's.
    """
    result = ParsedCsv()
    try:
        table = csv_io.read_table(csv_io.decode(data), max_rows=MAX_ROWS)
    except csv_io.CsvError as exc:
        result.errors.append((0, " ".join(exc.messages)))
        return result
    missing = table.missing(REQUIRED_COLUMNS)
    if missing:
        result.errors.append((1, _("The header row lacks the column(s) %(columns)s; export "
                                   "the cost proposal to see the expected columns.")
                              % {"columns": ", ".join(missing)}))
        return result
    activities, categories = csv_io.ChoiceLookup(Activity), csv_io.ChoiceLookup(CostCategory)
    for number, values in table.rows:
        if not any(values.get(name) for name in REQUIRED_COLUMNS):
            continue  # only the total column filled in
        problems: list[str] = []
        activity = activities(values["activity"])
        if activity is None:
            problems.append(_("Unknown activity “%(value)s”.")
                            % {"value": csv_io.shortened(values["activity"])})
        category = categories(values["category"])
        if category is None:
            problems.append(_("Unknown cost category “%(value)s”.")
                            % {"value": csv_io.shortened(values["category"])})
        numbers = {}
        for name, maximum, yen in (("year", MAX_YEAR, False), ("quantity", MAX_QUANTITY, False),
                                   ("unit_cost", csv_io.MAX_YEN, True)):
            try:
                numbers[name] = csv_io.whole_number(values[name], column=name,
                                                    max_value=maximum, yen=yen)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            result.errors.append((number, " ".join(problems)))
            continue
        result.rows.append({"activity": activity, "category": category,
                            "description": values["description"], "unit": values["unit"],
                            **numbers})
        result.row_numbers.append(number)
    if not result.rows and not result.errors:
        result.errors.append((0, _("The file has no cost lines.")))
    return result
