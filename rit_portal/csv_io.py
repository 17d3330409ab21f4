"""CSV files in and out, and XLSX out: the one module every importer and export uses.

Reading, in order:
- `decode`: the bytes as text, UTF-8 (with or without a byte-order mark) or Shift_JIS as
  Japanese Excel writes it (CP932, its superset); the size is capped (`MAX_BYTES`);
- `read_table`: the header (names matched without regard to case, width or spaces) and
  the rows with their line numbers, blank rows skipped, the row count capped;
- per cell: `whole_number` (full-width digits, thousands separators, ¥ and 円; only the
  digits 0-9, a length and the field's range checked), `ChoiceLookup` (a code, or its label
  in Japanese or English).
Every problem is a `CsvError` (the whole file) or a message for one cell, in the reader's
language: an importer reports them at the row and field and never fails with an exception.

Writing: `csv_response` makes a download Japanese Excel opens correctly (UTF-8 with a
byte-order mark, CRLF) with every text cell that a spreadsheet would run as a formula
(= + - @, tab, carriage return at the start) neutralised by a leading apostrophe; reading
removes that apostrophe again, so an export imports unchanged. `xlsx_response` makes the
same table as an Excel workbook: every text cell is stored as text (never a formula, and
marked so that editing it in Excel keeps it text), numbers and dates as such, the header
bold and frozen. `table_response(fmt=...)` serves either, for pages offering both;
`table_stream_response` serves a large table (a call's 5,000 applications) in constant
memory, its rows a `QueryRows` (one `values_list` query read from a server-side cursor,
no model built), and `write_xlsx` writes a workbook of several sheets (the annual report).
"""

import csv
import datetime as dt
import io
import itertools
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Caps against files that cost the server minutes (10,000 rows took 29 s of CPU to check):
# far above any real consortium or cost proposal, and said plainly when exceeded.
MAX_BYTES = 1_000_000
DEFAULT_MAX_ROWS = 300
# No number has more digits than this (a thousand trillion yen): longer text is refused
# before it is converted at all.
MAX_DIGITS = 15
MAX_YEN = 10**MAX_DIGITS - 1
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)  # each a single character
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")


class CsvError(ValidationError):
    """The file as a whole cannot be read (encoding, size, header, row count)."""


# --- Reading ------------------------------------------------------------------------------

def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped) or Shift_JIS (CP932)."""
    if len(data) > max_bytes:
        raise CsvError(_("The file is larger than %(size)s; split it into smaller files.")
                       % {"size": _size(max_bytes)})
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvError(_("The file is neither UTF-8 nor Shift_JIS text."))


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1_000} kB"


def normalised(text: str) -> str:
    """For matching names and labels: width folded, case ignored, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def shortened(text: str, limit: int = 40) -> str:
    """A cell quoted in a message: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def unescape_cell(text: str) -> str:
    """A cell as typed: the apostrophe an export put before a formula-like text removed."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


@dataclass
class Table:
    """A CSV file read: the header's names (normalised) and each non-blank row with its
    file line (the header is line 1), its cells keyed by those names."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def missing(self, columns: Iterable[str]) -> list[str]:
        """The columns of `columns` that the header does not name."""
        return [name for name in columns if name not in self.header]


def read_table(text: str, *, max_rows: int = DEFAULT_MAX_ROWS,
               max_chars: int = MAX_BYTES) -> Table:
    """The rows of `text` (header first). CsvError when a line cannot be read (a NUL
    character, a cell of over 131,072 characters) or the file has more than `max_rows`
    rows. The importer checks the columns it needs with `Table.missing`."""
    if len(text) > max_chars:
        raise CsvError(_("The text is longer than %(n)s characters; split it into smaller "
                         "files.") % {"n": f"{max_chars:,}"})
    text = text.removeprefix(BOM)
    if "\x00" in text:  # no text file has one, and the database refuses it
        raise CsvError(_("Line %(line)d contains a NUL character: this is not a CSV text "
                         "file.") % {"line": text.count("\n", 0, text.index("\x00")) + 1})
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        names = [normalised(name) for name in header]
        table = Table(header=names)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(table.rows) >= max_rows:
                raise CsvError(_("The file has more than %(n)d rows; at most %(n)d can be "
                                 "imported at once.") % {"n": max_rows})
            values = {name: unescape_cell(cells[i].strip()) if i < len(cells) else ""
                      for i, name in enumerate(names) if name}
            table.rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise CsvError(_("Line %(line)d cannot be read as CSV: %(problem)s.")
                       % {"line": reader.line_num, "problem": exc}) from exc
    return table


def whole_number(raw: str, *, column: str, max_value: int, yen: bool = False) -> int:
    """A whole number as people type it: full-width digits, thousands separators (1,200),
    and for yen a ¥ before or 円 after. Raises ValueError with the message for the cell,
    naming `column` (empty, not a whole number in the digits 0-9, negative, too long,
    above `max_value`); never anything else."""
    shown = {"column": column, "value": shortened(raw.strip())}
    text = unicodedata.normalize("NFKC", raw).strip()
    if yen:
        text = text.removeprefix("¥").removesuffix("円").strip()
    if not text:
        raise ValueError(_("%(column)s is empty.") % shown)
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif text.startswith("-") and _DIGITS.fullmatch(text[1:].replace(",", "")):
        raise ValueError(_("%(column)s cannot be negative: “%(value)s”.") % shown)
    if not _DIGITS.fullmatch(text):
        raise ValueError((_("%(column)s must be a whole number of yen (yen have no decimals): "
                            "“%(value)s”.") if yen else
                          _("%(column)s must be a whole number: “%(value)s”.")) % shown)
    if len(text.lstrip("0")) > MAX_DIGITS or int(text) > max_value:
        raise ValueError(_("%(column)s must be at most %(max)s: “%(value)s”.")
                         % {**shown, "max": f"{max_value:,}"})
    return int(text)


class ChoiceLookup:
    """A choice of a TextChoices class found by its code or by its label in Japanese or
    English (width, case and spaces ignored)."""

    def __init__(self, choices):
        self._by_text: dict[str, str] = {}
        for value in choices.values:
            self._by_text[normalised(value)] = value
            for language in ("ja", "en"):
                with translation.override(language):
                    self._by_text.setdefault(normalised(str(choices(value).label)), value)

    def __call__(self, text: str) -> str | None:
        return self._by_text.get(normalised(text))


# --- Writing ------------------------------------------------------------------------------

def formula_safe(value) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe
    (numbers are left as they are)."""
    if isinstance(value, str) and value[:1] in _FORMULA_FIRST:
        return "'" + value
    return value


def _csv_row(row: Iterable) -> list:
    """A row's cells as a CSV writes them: `formula_safe` and `_csv_text` in one pass, for
    the large streamed tables (the same rule, without two calls per cell)."""
    return [("'" + cell if cell[:1] in _FORMULA_FIRST else cell) if (kind := cell.__class__) is str
            else cell if kind is int or cell is None
            else (cell.isoformat() if isinstance(cell, dt.date) else cell) for cell in row]


def to_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    """CSV text with a byte-order mark and CRLF line ends, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([formula_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return BOM + out.getvalue()


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download (see `to_csv`)."""
    response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit of a sheet name, and the characters it refuses in one.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_REFUSED = re.compile(r"[\\/*?:\[\]]")
_XLSX_WIDTH_MAX = 60
# Column widths are fitted to the header and this many first rows (the rest is streamed).
_XLSX_WIDTH_SAMPLE = 200


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_REFUSED.sub(" ", title).strip()[:_SHEET_TITLE_MAX]


def _xlsx_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    """One cell: text always text (never a formula, and marked so that editing it in Excel
    keeps it text), numbers and dates typed, None empty, times without a zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _xlsx_value(sheet, value):
    """What a row gives openpyxl for `value`: the value itself where openpyxl stores it as
    `_xlsx_cell` would (text that cannot be taken for a formula, whole numbers, None), so
    that the large exports build no cell object for most cells; `_xlsx_cell` otherwise."""
    kind = value.__class__
    if (kind is str and value[:1] not in _FORMULA_FIRST) or kind is int or value is None:
        return value
    return _xlsx_cell(sheet, value)


def write_xlsx(out, sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> None:
    """Write an .xlsx workbook to the binary file `out`: one sheet per (title, header,
    rows), the header bold and frozen, every cell as `_xlsx_cell` makes it. Written in
    openpyxl's write-only mode, so rows go to disk as they come: memory stays bounded
    whatever the number of rows (the exports of a call of 5,000 applications)."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title) or None)
        rows = iter(rows)
        sample = [list(row) for row in itertools.islice(rows, _XLSX_WIDTH_SAMPLE)]
        widths = [len(str(name)) for name in header]
        for row in sample:
            for column, value in enumerate(row):
                if column >= len(widths):
                    widths.append(0)
                widths[column] = max(widths[column], len(str(value or "")))
        for column, width in enumerate(widths, start=1):
            # East Asian characters are about twice as wide as Latin ones.
            sheet.column_dimensions[get_column_letter(column)].width = min(
                width * 1.6 + 2, _XLSX_WIDTH_MAX)
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, name, bold=True) for name in header])
        for row in itertools.chain(sample, rows):
            sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(out)


def to_xlsx(header: list[str], rows: Iterable[Iterable], *, sheet_title: str = "") -> bytes:
    """An .xlsx workbook of one sheet: `header` in bold (frozen), then `rows`. Text is
    stored as text even when it starts like a formula (= + - @); numbers, dates and times
    keep their type; None is an empty cell."""
    out = io.BytesIO()
    write_xlsx(out, [(sheet_title, header, rows)])
    return out.getvalue()


def xlsx_response(*, filename: str, header: list[str], rows: Iterable[Iterable],
                  sheet_title: str = "") -> HttpResponse:
    """An .xlsx download (see `to_xlsx`)."""
    response = HttpResponse(to_xlsx(header, rows, sheet_title=sheet_title),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


TABLE_FORMATS = ("csv", "xlsx")


def table_response(*, fmt: str, filename_stem: str, header: list[str],
                   rows: Iterable[Iterable], sheet_title: str = "") -> HttpResponse:
    """The table as `fmt` ("csv" or "xlsx"): `<filename_stem>.<fmt>`. CSV cells are
    written as text (dates ISO, numbers plain)."""
    if fmt == "xlsx":
        return xlsx_response(filename=f"{filename_stem}.xlsx", header=header, rows=rows,
                             sheet_title=sheet_title)
    if fmt == "csv":
        text_rows = ([_csv_text(value) for value in row] for row in rows)
        return csv_response(filename=f"{filename_stem}.csv", header=header, rows=text_rows)
    raise ValueError(f"Unknown table format {fmt!r}")


def _csv_text(value) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- Streaming large tables ---------------------------------------------------------------

class QueryRows:
    """The rows of a large table read straight from the database: `queryset` is a
    `values_list` (one query, no model built, no query per row), read from a server-side
    cursor in chunks of `chunk_size` rows when iterated (not before: a streamed download
    sends its header first), each tuple turned into the table's cells by `row` (None: the
    tuple as read). What the large exports give `table_stream_response`; `queryset` is
    also the query that bench/exports.py reads with COPY to compare.

    On PostgreSQL the rows come from psycopg2's named cursor as it gives them (its C loop
    fetching `chunk_size` rows a round trip), not through Django's iterator: Django's
    converters run only for the columns that have one (a sum's Decimal made an int),
    so the values are the ones `queryset.iterator()` gives, at less cost per row; and the
    query is planned for all its rows, as COPY plans it."""

    def __init__(self, queryset, row: Callable[[tuple], list] | None = None, *,
                 chunk_size: int = 1000):
        self.queryset, self.row, self.chunk_size = queryset, row, chunk_size

    def __iter__(self) -> Iterator:
        if connections[self.queryset.db].vendor == "postgresql":
            rows = self._server_side()
        else:
            rows = self.queryset.iterator(chunk_size=self.chunk_size)
        return rows if self.row is None else map(self.row, rows)

    def _server_side(self) -> Iterator[tuple]:
        connection = connections[self.queryset.db]
        compiler = self.queryset.query.get_compiler(using=self.queryset.db)
        sql, params = compiler.as_sql()
        converted = [(index, functions, expression) for index, (functions, expression)
                     in compiler.get_converters(
                         [column[0] for column in compiler.select[:compiler.col_count]]
                     ).items()]
        cursor = connection.chunked_cursor()  # a named (server-side) cursor
        try:
            cursor.cursor.itersize = self.chunk_size
            # A cursor is planned to return its first tenth fast (cursor_tuple_fraction
            # 0.1), which for these queries is a slower plan for all the rows, the only
            # way an export reads them: planned as COPY plans it (a third faster at
            # 5,000 applications, docs/benchmarks.md), then back to the default.
            with connection.cursor() as setting:
                setting.execute("SET cursor_tuple_fraction = 1.0")
            try:
                cursor.execute(sql, params)  # through Django's wrapper: logged, counted
            finally:
                with connection.cursor() as setting:
                    setting.execute("RESET cursor_tuple_fraction")
            raw = cursor.cursor
            if not converted:
                yield from raw
                return
            for values in raw:
                values = list(values)
                for index, functions, expression in converted:
                    value = values[index]
                    for function in functions:
                        value = function(value, expression, connection)
                    values[index] = value
                yield values
        finally:
            cursor.close()


# Rows per chunk of a streamed CSV: large enough to cost little per chunk, small enough
# that a chunk is a few hundred kilobytes at most.
_STREAM_ROWS = 500


def csv_chunks(header: list[str], rows: Iterable[Iterable]):
    """The CSV of `to_csv` as UTF-8 byte chunks, rows read as they come: each chunk of
    `_STREAM_ROWS` rows written by one `writerows` call (the csv module's C loop)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([formula_safe(cell) for cell in header])
    yield (BOM + out.getvalue()).encode()
    cells = map(_csv_row, rows)
    while True:
        out.seek(0)
        out.truncate()
        writer.writerows(itertools.islice(cells, _STREAM_ROWS))
        text = out.getvalue()
        if not text:
            return
        yield text.encode()


def write_table(out, *, fmt: str, header: list[str], rows: Iterable[Iterable],
                sheet_title: str = "") -> None:
    """Write the table to the binary file `out` as `fmt`, exactly as
    `table_stream_response` sends it (a large export produced by the worker)."""
    if fmt == "csv":
        for chunk in csv_chunks(header, rows):
            out.write(chunk)
    elif fmt == "xlsx":
        write_xlsx(out, [(sheet_title, header, rows)])
    else:
        raise ValueError(f"Unknown table format {fmt!r}")


def table_stream_response(*, fmt: str, filename_stem: str, header: list[str],
                          rows: Iterable[Iterable], sheet_title: str = ""):
    """A large table as a download in bounded memory: CSV streamed as the rows are read
    (same cells as `table_response`), XLSX written row by row to a temporary file that is
    then sent and deleted. `rows` should be an iterator over the database
    (`QuerySet.iterator()`), never a list."""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(header, rows),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename_stem}.csv"'
        return response
    if fmt == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
        write_xlsx(spool, [(sheet_title, header, rows)])
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{filename_stem}.xlsx",
                            content_type=XLSX_CONTENT_TYPE)
    raise ValueError(f"Unknown table format {fmt!r}")
