"""CSV export and import of the cost proposal: round trip, row-by-row errors, encodings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sponsorship.csv_io import cost_lines_to_csv, parse_cost_csv
from sponsorship.enums import Activity, CostCategory
from sponsorship.models import CostLine
from tests.factories import ApplicationFactory
from tests.sponsorship.factories import CostLineFactory

HEADER = "activity,year,category,description,quantity,unit,unit_cost,total\r\n"
FIELDS = ("activity", "year", "category", "description", "quantity", "unit", "unit_cost",
          "total", "position")


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(organisation=applicant.organisation, duration_years=3)


def make_lines(application):
    specs = [
        (1, Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE, "招へい専門家の航空券",
         3, "名", 180_000),
        (1, Activity.MATCHING_IN_JAPAN, CostCategory.ACCOMMODATION, 'Hotel "Mito", 4 nights',
         12, "人泊", 14_000),
        (2, Activity.NETWORKING_ABROAD, CostCategory.INTERPRETATION, "通訳, 3日間", 3, "日",
         90_000),
        (3, Activity.SEMINAR_ABROAD, CostCategory.OTHER, "資料印刷\n（日英）", 200, "部", 800),
    ]
    for position, (year, activity, category, description, quantity, unit, cost) in enumerate(
            specs):
        CostLineFactory(application=application, year=year, activity=activity,
                        category=category, description=description, quantity=quantity,
                        unit=unit, unit_cost=cost, position=position)


def snapshot(application):
    return list(CostLine.objects.filter(application=application).order_by("position")
                .values_list(*FIELDS))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_round_trip_keeps_every_line(client, applicant, draft, language):
    make_lines(draft)
    before = snapshot(draft)
    client.force_login(applicant)
    with translation.override(language):
        exported = client.get(reverse("sponsorship:cost-proposal-export",
                                      kwargs={"pk": draft.pk}),
                              HTTP_ACCEPT_LANGUAGE=language)
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported.content.startswith("\ufeff".encode())

    response = client.post(
        reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
        {"mode": "replace", "file": SimpleUploadedFile("costs.csv", exported.content)})

    assert response.status_code == 302
    assert snapshot(draft) == before


def test_export_text(db):
    application = ApplicationFactory()
    CostLineFactory(application=application, description='a "quoted", text', quantity=2,
                    unit_cost=1_500)
    with translation.override("en"):
        text = cost_lines_to_csv(list(application.cost_lines.all()))
    assert text == ("\ufeff" + HEADER + 'Business matching in Japan,1,Accommodation,'
                    '"a ""quoted"", text",2,人泊,1500,3000\r\n')


def test_import_accepts_codes_and_both_languages_and_shift_jis(client, applicant, draft):
    body = (HEADER
            + "matching_japan,1,venue,会場,1,日,\"150,000\",\r\n"
            + "国内での商談会（専門家招へい）,2,宿泊費,宿泊,4,泊,12000,\r\n"
            + "networking in the foreign region,3,International airfare,航空券,2,名,￥200000,\r\n"
            + ",,,,,,,\r\n")
    client.force_login(applicant)
    with translation.override("ja"):
        activity_ja = str(Activity.MATCHING_IN_JAPAN.label)
    assert activity_ja == "国内での商談会（専門家招へい）"

    response = client.post(
        reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
        {"mode": "replace", "file": SimpleUploadedFile("c.csv", body.encode("cp932"))})

    assert response.status_code == 302
    assert list(CostLine.objects.filter(application=draft).values_list(
        "activity", "year", "category", "quantity", "unit_cost", "total")) == [
        ("matching_japan", 1, "venue", 1, 150_000, 150_000),
        ("matching_japan", 2, "accommodation", 4, 12_000, 48_000),
        ("networking_abroad", 3, "airfare", 2, 200_000, 400_000),
    ]


def test_format_errors_are_listed_per_line_and_nothing_changes(client, applicant, draft):
    make_lines(draft)
    before = snapshot(draft)
    body = (HEADER
            + "matching_japan,1,venue,ok,1,日,1000,\r\n"
            + "cooking class,1,venue,bad activity,1,日,1000,\r\n"
            + "seminar_japan,1,venue,decimal yen,1,日,1000.5,\r\n"
            + "seminar_japan,x,venue,bad year,1,日,1000,\r\n")
    client.force_login(applicant)

    response = client.post(
        reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
        {"mode": "replace", "file": SimpleUploadedFile("c.csv", body.encode())})

    assert response.status_code == 200
    assert response.context["csv_errors"] == [
        (3, "Unknown activity “cooking class”."),
        (4, "unit_cost must be a whole number of yen (yen have no decimals): “1000.5”."),
        (5, "year must be a whole number: “x”."),
    ]
    assert snapshot(draft) == before


def test_programme_rule_errors_name_the_file_line(client, applicant, draft):
    body = (HEADER
            + "matching_japan,1,venue,ok,1,日,1000,\r\n"
            + "networking_abroad,1,accommodation,not covered,1,泊,1000,\r\n"
            + "seminar_japan,4,venue,beyond duration,1,日,1000,\r\n")
    client.force_login(applicant)

    response = client.post(
        reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
        {"mode": "replace", "file": SimpleUploadedFile("c.csv", body.encode())})

    assert response.context["csv_errors"] == [
        (3, "“Accommodation” is not covered for “Networking in the foreign region”; the "
            "programme covers International airfare, Interpretation, Venue rental for this "
            "activity."),
        (4, "Ensure this value is less than or equal to 3."),
    ]
    assert CostLine.objects.count() == 0


def test_append_keeps_the_current_lines(client, applicant, draft):
    make_lines(draft)
    before = snapshot(draft)
    body = HEADER + "seminar_japan,2,venue,追加の会場,1,日,50000,\r\n"
    client.force_login(applicant)

    client.post(reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
                {"mode": "append", "file": SimpleUploadedFile("c.csv", body.encode())})

    after = snapshot(draft)
    assert after[:4] == before
    assert after[4] == ("seminar_japan", 2, "venue", "追加の会場", 1, "日", 50_000, 50_000, 4)


@pytest.mark.parametrize(("data", "errors"), [
    (b"foo,bar\r\n1,2\r\n", [(1, "The header row lacks the column(s) activity, year, "
                                  "category, description, quantity, unit, unit_cost; export "
                                  "the cost proposal to see the expected columns.")]),
    (HEADER.encode(), [(0, "The file has no cost lines.")]),
    (b"\xff\xfe\x00\x81", [(0, "The file is neither UTF-8 nor Shift_JIS text.")]),
])
def test_unreadable_files(data, errors):
    assert parse_cost_csv(data).errors == errors


def test_parsed_amounts_are_integers():
    parsed = parse_cost_csv((HEADER + "venue?,1,venue,x,1,日,1,\r\n"
                             + "seminar_japan,1,venue,x,2,日,\"1,234,567\",\r\n").encode())
    assert parsed.rows[0]["unit_cost"] == 1_234_567
    assert type(parsed.rows[0]["unit_cost"]) is int
    assert parsed.row_numbers == [3]


def test_append_reports_a_current_line_that_no_longer_fits_without_a_file_line(client,
                                                                               applicant,
                                                                               draft):
    make_lines(draft)  # has a line in year 3
    draft.duration_years = 2
    draft.save()
    before = snapshot(draft)
    body = HEADER + "seminar_japan,1,venue,追加,1,日,50000,\r\n" + \
        "seminar_japan,3,venue,三年目,1,日,50000,\r\n"
    client.force_login(applicant)

    response = client.post(reverse("sponsorship:cost-proposal-import", kwargs={"pk": draft.pk}),
                           {"mode": "append", "file": SimpleUploadedFile("c.csv", body.encode())})

    year_3 = ("Year 3 is outside the project's duration of 2 year(s); change the year or the "
              "duration in the overview.")
    assert response.context["csv_errors"] == [(0, year_3), (3, year_3)]
    assert snapshot(draft) == before
