"""XLSX downloads (rit_portal.csv_io): text stays text whatever it starts with, numbers and
dates keep their type, one header row; `table_response` serves CSV or XLSX alike."""

import datetime as dt
import io

import openpyxl
import pytest

from rit_portal.csv_io import XLSX_CONTENT_TYPE, table_response, to_xlsx


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_text_that_looks_like_a_formula_is_stored_as_text():
    sheet = _sheet(to_xlsx(["name", "note"], [["=cmd|' /C calc'!A0", "+81 3 1234"],
                                              ["@SUM(A1)", "-1"]]))
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["=cmd|' /C calc'!A0", "+81 3 1234"], ["@SUM(A1)", "-1"]]
    assert {c.data_type for row in sheet.iter_rows(min_row=2) for c in row} == {"s"}
    assert all(c.quotePrefix for row in sheet.iter_rows(min_row=2) for c in row)


def test_numbers_dates_and_empty_cells_keep_their_type_and_the_header_is_frozen():
    when = dt.datetime(2027, 4, 30, 9, 0, tzinfo=dt.UTC)
    sheet = _sheet(to_xlsx(["n", "day", "at", "none"],
                           [[1_200_000, dt.date(2027, 4, 30), when, None]],
                           sheet_title="Travel: FY2027/1"))
    assert [c.value for c in sheet[2]] == [1_200_000, dt.datetime(2027, 4, 30),
                                            dt.datetime(2027, 4, 30, 9, 0), None]
    assert (sheet.title, sheet.freeze_panes, sheet["A1"].font.bold) == (
        "Travel  FY2027 1", "A2", True)


@pytest.mark.parametrize("fmt,content_type", [("csv", "text/csv; charset=utf-8"),
                                              ("xlsx", XLSX_CONTENT_TYPE)])
def test_one_table_as_csv_or_xlsx(fmt, content_type):
    response = table_response(fmt=fmt, filename_stem="travel", header=["day"],
                              rows=[[dt.date(2027, 4, 30)]])
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="travel.{fmt}"'
    if fmt == "csv":
        assert response.content.decode() == "\ufeffday\r\n2027-04-30\r\n"


def test_an_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        table_response(fmt="pdf", filename_stem="x", header=[], rows=[])
