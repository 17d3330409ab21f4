"""The one CSV module (rit_portal.csv_io) and both importers that use it.

Besides the rules one by one, both importers are fed random and hostile files
(hypothesis): whatever comes in, the answer is field or row errors, never an exception.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.enums import Industry
from applications.services import ConsortiumCsvError, consortium_import_csv
from rit_portal import csv_io
from sponsorship.csv_io import REQUIRED_COLUMNS, parse_cost_csv
from sponsorship.enums import Activity
from sponsorship.services import CostProposalError, cost_proposal_import
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory

CONSORTIUM_HEADER = ["name", "corporate_number", "industry", "capital_yen", "employees",
                     "interest"]
COST_HEADER = [*REQUIRED_COLUMNS, "total"]


# --- Decoding -------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    "名前,数\r\n株式会社,1\r\n".encode(),
    "\ufeff名前,数\r\n株式会社,1\r\n".encode(),
    "名前,数\r\n株式会社,1\r\n".encode("cp932"),
    "名前,数\r\n株式会社,1\r\n".encode("shift_jis"),
])
def test_utf8_with_or_without_bom_and_shift_jis_read_the_same(data):
    assert csv_io.decode(data) == "名前,数\r\n株式会社,1\r\n"


def test_unreadable_or_too_large_files_are_refused_with_a_message():
    with pytest.raises(csv_io.CsvError) as exc:
        csv_io.decode(b"\xff\xfe\x00\x81")
    assert exc.value.messages == ["The file is neither UTF-8 nor Shift_JIS text."]
    with pytest.raises(csv_io.CsvError) as exc:
        csv_io.decode(b"a" * (csv_io.MAX_BYTES + 1))
    assert exc.value.messages == ["The file is larger than 1 MB; split it into smaller files."]


def test_the_row_count_is_capped_and_unreadable_lines_are_named():
    text = "a,b\n" + "1,2\n" * 11
    with pytest.raises(csv_io.CsvError) as exc:
        csv_io.read_table(text, max_rows=10)
    assert exc.value.messages == [
        "The file has more than 10 rows; at most 10 can be imported at once."]
    with pytest.raises(csv_io.CsvError) as exc:
        csv_io.read_table("a,b\n1,2\n3,\x00\n")
    assert exc.value.messages == [
        "Line 3 contains a NUL character: this is not a CSV text file."]
    with pytest.raises(csv_io.CsvError) as exc:
        csv_io.read_table("a,b\n1,2\n3," + "x" * 200_000 + "\n")
    assert exc.value.messages[0].startswith("Line 3 cannot be read as CSV: field larger")


def test_header_names_match_without_case_width_or_spaces():
    table = csv_io.read_table(" Ｎａｍｅ ,CAPITAL_YEN\nA,1\n\n , \nB,2\n")
    assert (table.header, table.rows) == (["name", "capital_yen"], [
        (2, {"name": "A", "capital_yen": "1"}), (5, {"name": "B", "capital_yen": "2"})])
    assert table.missing(["name", "employees"]) == ["employees"]


# --- Numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "yen", "value"), [
    ("1200", False, 1200), ("1,200", False, 1200), ("１，２００", False, 1200),
    ("  45 ", False, 45), ("1,200 円", True, 1200), ("1200円", True, 1200),
    ("¥1,234,567", True, 1_234_567), ("￥200000", True, 200_000), ("０", False, 0),
])
def test_numbers_as_people_type_them(raw, yen, value):
    assert csv_io.whole_number(raw, column="amount", max_value=10**12, yen=yen) == value


@pytest.mark.parametrize(("raw", "yen", "message"), [
    ("", False, "amount is empty."),
    ("abc", False, "amount must be a whole number: “abc”."),
    ("1.5", True, "amount must be a whole number of yen (yen have no decimals): “1.5”."),
    ("1,5", False, "amount must be a whole number: “1,5”."),  # a decimal comma, not 1,500
    ("፩", False, "amount must be a whole number: “፩”."),  # an Ethiopic digit: isdigit() is True
    ("١٢", False, "amount must be a whole number: “١٢”."),  # Arabic-Indic digits
    ("-5", False, "amount cannot be negative: “-5”."),
    ("1e9", False, "amount must be a whole number: “1e9”."),
    ("1" * 5000, False, "amount must be at most 1,000: “" + "1" * 39 + "…”."),
    ("1001", False, "amount must be at most 1,000: “1001”."),
])
def test_anything_else_is_a_message_for_the_cell(raw, yen, message):
    with pytest.raises(ValueError) as exc:
        csv_io.whole_number(raw, column="amount", max_value=1000, yen=yen)
    assert str(exc.value) == message


def test_choices_by_code_or_by_label_in_either_language():
    lookup = csv_io.ChoiceLookup(Activity)
    with translation.override("ja"):
        japanese = str(Activity.SEMINAR_ABROAD.label)
    assert [lookup(text) for text in ("seminar_abroad", "Seminar or Symposium ABROAD",
                                      japanese, "ｓｅｍｉｎａｒ＿ａｂｒｏａｄ", "cooking")] == [
        "seminar_abroad", "seminar_abroad", "seminar_abroad", "seminar_abroad", None]


# --- Writing --------------------------------------------------------------------------------

def test_exports_neutralise_formulas_and_carry_a_bom():
    text = csv_io.to_csv(["a", "b"], [["=1+1", 5], ["+81 3", "-x"], ["@SUM(A1)", "\tx"],
                                      ["\rcmd", "plain"], [-5, "a=b"]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows == [["a", "b"], ["'=1+1", "5"], ["'+81 3", "'-x"], ["'@SUM(A1)", "'\tx"],
                    ["'\rcmd", "plain"], ["-5", "a=b"]]
    # Reading removes the apostrophe again: an export imports unchanged.
    table = csv_io.read_table(text)
    assert [values["a"] for _line, values in table.rows][:2] == ["=1+1", "+81 3"]


# --- Both importers, with whatever comes in ----------------------------------------------

hostile_cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "=cmd|' /C calc'!A0", "+1", "-1", "@x", "\x00", "\r", "\t",
                     "1" * 40, "9" * 400, "１，２００", "1,200 円", "¥", "円", "፩", "1.5", "NaN",
                     "manufacturing", "製造業", "matching_japan", "venue", '"', '""', "\ufeff",
                     "株式会社テスト", "x" * 400, "4", "0"]),
)


def _csv_text(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def cost_files():
    rows = st.lists(st.lists(hostile_cells, min_size=0, max_size=10), max_size=8)
    return st.one_of(
        st.binary(max_size=300),
        st.builds(lambda r: _csv_text(COST_HEADER, r).encode("utf-8"), rows),
        st.builds(lambda r: _csv_text(COST_HEADER, r).encode("utf-8", "replace"), rows),
        st.builds(lambda h, r: _csv_text(h, r).encode("utf-8"),
                  st.lists(hostile_cells, max_size=9), rows),
    )


def consortium_texts():
    rows = st.lists(st.lists(hostile_cells, min_size=0, max_size=8), max_size=8)
    return st.one_of(
        st.text(max_size=300),
        st.builds(lambda r: _csv_text(CONSORTIUM_HEADER, r), rows),
        st.builds(lambda h, r: _csv_text(h, r), st.lists(hostile_cells, max_size=7), rows),
    )


HYPOTHESIS = settings(max_examples=150, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


@pytest.mark.django_db
@HYPOTHESIS
@given(data=cost_files())
def test_the_cost_importer_answers_any_file_with_errors_never_an_exception(data):
    application = ApplicationFactory(duration_years=3)
    parsed = parse_cost_csv(data)
    assert all(isinstance(line, int) and isinstance(message, str) and message
               for line, message in parsed.errors)
    if parsed.errors:
        return
    try:
        cost_proposal_import(application=application, by=applicant_of(application.organisation),
                             rows=parsed.rows, append=False)
    except CostProposalError as exc:
        assert exc.row_errors and all(exc.row_errors.values())


@pytest.mark.django_db
@HYPOTHESIS
@given(content=consortium_texts())
def test_the_consortium_importer_answers_any_file_with_errors_never_an_exception(content):
    application = ApplicationFactory()
    try:
        consortium_import_csv(application=application, by=applicant_of(application.organisation),
                              content=content)
    except ConsortiumCsvError as exc:
        assert exc.errors and all(error.messages for error in exc.errors)


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    b"\x00\x01\x02", b"a,b\n1,\x00\n", ("name\n" + "x" * 200_000 + "\n").encode(),
    b"\xef\xbb\xbf", ("," * 10_000).encode(),
])
def test_hostile_uploads_get_a_page_with_the_errors(client, body):
    application = ApplicationFactory(duration_years=3)
    client.force_login(applicant_of(application.organisation))
    firms = client.post(reverse("applications:consortium-csv", args=[application.pk]),
                        {"csv-file": SimpleUploadedFile("f.csv", body)})
    costs = client.post(reverse("sponsorship:cost-proposal-import", args=[application.pk]),
                        {"mode": "replace", "file": SimpleUploadedFile("c.csv", body)})
    assert (firms.status_code, costs.status_code) == (200, 200)
    assert application.consortium_members.count() == application.cost_lines.count() == 0


@pytest.mark.django_db
def test_ten_thousand_rows_are_refused_before_any_row_is_checked():
    application = ApplicationFactory()
    content = _csv_text(CONSORTIUM_HEADER, [[f"Firm {i}", "", Industry.RETAIL, "1", "1", "x"]
                                            for i in range(10_000)])
    with pytest.raises(ConsortiumCsvError) as exc:
        consortium_import_csv(application=application, by=applicant_of(application.organisation),
                              content=content)
    assert [(e.row, e.messages) for e in exc.value.errors] == [
        (0, ["The file has more than 300 rows; at most 300 can be imported at once."])]
    costs = parse_cost_csv(_csv_text(COST_HEADER, [["matching_japan", 1, "venue", "x", 1, "日",
                                                    1, ""]] * 10_000).encode())
    assert costs.errors == [
        (0, "The file has more than 200 rows; at most 200 can be imported at once.")]


@pytest.mark.django_db
def test_a_line_total_beyond_the_database_column_is_a_row_error():
    application = ApplicationFactory(duration_years=3)
    parsed = parse_cost_csv(_csv_text(COST_HEADER, [
        ["matching_japan", 1, "venue", "x", "2147483647", "日", "999,999,999,999,999", ""]
    ]).encode())
    assert parsed.errors == []
    with pytest.raises(CostProposalError) as exc:
        cost_proposal_import(application=application, by=applicant_of(application.organisation),
                             rows=parsed.rows, append=False)
    assert exc.value.row_errors == {0: {"unit_cost": [
        "The line total (quantity × unit cost) may be at most ¥999,999,999,999,999."]}}
