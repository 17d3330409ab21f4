"""The roster, the consolidated travel request (one line per traveller and flight, CSV or
XLSX) and the foreign experts' invitation letters (bilingual PDF)."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from projects.enums import TravellerType
from projects.services import delegate_consent_record, delegate_create
from regions.models import Country
from sponsorship.enums import Activity

from .builders import expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

HEADER_EN = ["Project", "Project year", "Activity", "Type of activity", "Activity from",
             "Activity to", "City", "Traveller", "Family name", "Given names", "Nationality",
             "Organisation", "Role", "Flight", "Travel date", "From (airport)", "To (airport)",
             "Interpreter", "Visa"]


@pytest.fixture
def roster():
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    expert(activity, member)
    delegate_create(activity=activity, by=member, traveller_type=TravellerType.OTHER,
                    family_name="Suzuki", given_names="Ken", legs=[],
                    nationality=Country.objects.get(iso2="JP"), organisation="=HYPERLINK(1)",
                    role="Interpreter", needs_interpreter=False, needs_visa=False)
    for delegate in activity.delegates.all():
        delegate_consent_record(delegate=delegate, by=member, consented=True)
    return project, member, activity


# Who receives the travel request (its provision is recorded: tests/privacy/test_provision.py).
RECIPIENT = {"recipient_kind": "travel_agent", "recipient_name": "JTB Corporate Sales"}


def _rows(reference):
    matching = [reference, 1, "Medical devices matching", "Business matching in Japan",
                "2026-07-14", "2026-07-16", "Koriyama"]
    expert_row = [*matching, "Foreign expert invited to Japan", "MÜLLER", "Anna Lena",
                  "Germany", "Fraunhofer IPT", "Senior researcher"]
    other_row = [*matching, "Other traveller (staff, interpreter)", "SUZUKI", "Ken",
                 "Japan", "=HYPERLINK(1)", "Interpreter"]
    return [[*expert_row, 1, "2026-07-12", "FRA", "HND", "yes", "no"],
            [*expert_row, 2, "2026-07-17", "HND", "FRA", "yes", "no"],
            [*other_row, "", "", "", "", "no", "no"]]


def test_the_travel_request_csv_lists_each_travellers_flights(client, roster):
    project, member, activity = roster
    client.force_login(member)
    response = client.get(reverse("projects:travel-request", args=[project.pk, 1, "csv"]),
                          RECIPIENT, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Disposition"] == (
        f'attachment; filename="travel-request-{project.application.reference}-Y1.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == HEADER_EN
    expected = [[str(cell) for cell in row] for row in _rows(project.application.reference)]
    expected[2][11] = "'=HYPERLINK(1)"  # formula-safe for spreadsheets
    assert rows[1:] == expected


def test_the_travel_request_xlsx_has_the_same_lines(client, roster):
    project, member, activity = roster
    client.force_login(member)
    response = client.get(reverse("projects:travel-request", args=[project.pk, 1, "xlsx"]),
                          RECIPIENT, HTTP_ACCEPT_LANGUAGE="en")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Travel request"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER_EN
    expected = _rows(project.application.reference)
    for row in expected:  # dates are dates, numbers numbers, empty cells empty
        for i, cell in enumerate(row):
            if isinstance(cell, str) and cell[:4] == "2026":
                row[i] = dt.datetime.fromisoformat(cell)
            elif cell == "":
                row[i] = None
    assert values[1:] == expected
    assert sheet["L4"].data_type == "s"  # "=HYPERLINK(1)" is text, never a formula


def test_the_travel_request_is_in_the_readers_language(client, roster):
    project, member, activity = roster
    client.force_login(member)
    client.cookies["django_language"] = "ja"
    response = client.get(reverse("projects:travel-request", args=[project.pk, 1, "csv"]),
                          RECIPIENT)
    header = next(csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff"))))
    assert header[:3] == ["事業", "事業年度", "活動"]


def test_an_unknown_format_is_a_404(client, roster):
    project, member, activity = roster
    client.force_login(member)
    assert client.get(reverse("projects:travel-request",
                              args=[project.pk, 1, "pdf"])).status_code == 404


def test_names_must_be_written_in_latin_letters_and_flights_in_order(roster):
    project, member, activity = roster
    with pytest.raises(ValidationError) as refused:
        delegate_create(activity=activity, by=member, traveller_type=TravellerType.FOREIGN_EXPERT,
                        family_name="山田", given_names="Taro",
                        nationality=Country.objects.get(iso2="JP"), organisation="x", role="y",
                        legs=[{"travel_date": dt.date(2026, 7, 12), "departure_airport": "hnd",
                               "arrival_airport": "FRA"},
                              {"travel_date": dt.date(2026, 7, 10), "departure_airport": "FRA",
                               "arrival_airport": "FRANKFURT"}])
    assert refused.value.message_dict == {
        "family_name": ["Write the name in Latin letters exactly as in the passport (e.g. "
                        "MÜLLER); “山” is not a Latin letter."],
        "leg2_arrival_airport": ["Enter the airport's three-letter IATA code, e.g. HND or FRA."],
        "leg2_travel_date": ["This flight is before the previous one (2026-07-12)."],
    }


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_invitation_letter_holds_the_experts_latin_name_and_the_activitys_dates(client,
                                                                                   roster):
    project, member, activity = roster
    delegate = activity.delegates.get(traveller_type=TravellerType.FOREIGN_EXPERT)
    client.force_login(member)
    response = client.get(reverse("projects:invitation-letter",
                                  args=[project.pk, activity.pk, delegate.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # Japanese, then English
    text = _pdf_text(response.content)
    assert "MÜLLER, Anna Lena" in text
    assert "2026年7月14日～2026年7月16日" in text  # the Japanese page
    assert "14 July 2026 to 16 July 2026" in text  # the English page
    assert "Letter of Invitation" in text and "招へい状" in text
    assert "12 July 2026 FRA → HND" in text
    # Each page's footer in its own language (issue 29): the English page names the
    # organisation in English.
    japanese_page, english_page = (page.extract_text() for page in reader.pages)
    organisation = project.application.organisation
    assert organisation.name_ja in japanese_page.splitlines()[-1]
    footer = english_page.splitlines()[-1]
    assert organisation.name_en in footer and organisation.name_ja not in footer, footer


JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _letter_pages(client, project, activity) -> tuple[str, str]:
    delegate = activity.delegates.get(traveller_type=TravellerType.FOREIGN_EXPERT)
    response = client.get(reverse("projects:invitation-letter",
                                  args=[project.pk, activity.pk, delegate.pk]))
    japanese_page, english_page = (page.extract_text()
                                   for page in PdfReader(io.BytesIO(response.content)).pages)
    return japanese_page, english_page


def test_the_invitation_letters_english_page_is_in_latin_script_only(client, roster):
    """Issue 29, item 7: the English page printed 「Contact: 伊藤 由美」, the Japanese address
    and a Japanese footer; it prints the English names, address and footer, and the
    Japanese page the Japanese ones."""
    project, member, activity = roster
    organisation = project.organisation
    organisation.contact_name, organisation.contact_name_en = "伊藤 由美", "Yumi Ito"
    organisation.address_en = "1-1-1 Sannomaru, Mito, Ibaraki 310-0011"
    organisation.postal_code = "310-0011"
    organisation.save()
    activity.venue = "ビッグパレットふくしま / Big Palette Fukushima"
    activity.save()
    client.force_login(member)
    japanese_page, english_page = _letter_pages(client, project, activity)
    assert JAPANESE.findall(english_page) == [], english_page
    for printed in ("Contact: Yumi Ito, ", "1-1-1 Sannomaru, Mito, Ibaraki 310-0011, Japan",
                    "Taro Yamada, Chairman", "Big Palette Fukushima, Koriyama, Japan",
                    organisation.name_en):
        assert printed in english_page, printed
    assert english_page.splitlines()[-1].startswith(
        f"{activity.project_year.project.application.reference}-Y1-INV")
    for printed in ("連絡先：伊藤 由美", "〒310-0011 茨城県水戸市1-1-1", "会長　山田 太郎",
                    "ビッグパレットふくしま / Big Palette Fukushima", "招へい状"):
        assert printed in japanese_page, printed
    assert organisation.name_ja in japanese_page.splitlines()[-1]
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert page.context["letter_gaps"] == []
    assert 'data-testid="letter-gaps"' not in page.content.decode()


def test_what_the_english_page_lacks_is_named_on_the_roster(client, roster):
    """An organisation registered before the Latin-script contact and English address
    were asked: the letter's English page gives the e-mail without a name and the
    prefecture for an address; the roster says what to add, in the reader's language."""
    project, member, activity = roster
    client.force_login(member)
    _japanese_page, english_page = _letter_pages(client, project, activity)
    assert "Contact: contact" in english_page and "Ibaraki, Japan" in english_page
    assert JAPANESE.findall(english_page) == []
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]),
                      HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["letter_gaps"] == [
        "the contact person's name in Latin script", "the organisation's address in English"]
    assert 'data-testid="letter-gaps"' in page.content.decode()
    with translation.override("ja"):
        page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]),
                          HTTP_ACCEPT_LANGUAGE="ja")
    assert all(not gap.isascii() for gap in page.context["letter_gaps"])


def test_no_invitation_letter_for_a_delegation_abroad(client):
    project = published_project()
    member = member_of(project)
    with translation.override("en"):
        activity = held_activity(project, member, activity_type=Activity.NETWORKING_ABROAD,
                                 city="Stuttgart", venue="Haus der Wirtschaft")
    delegate = delegate_create(activity=activity, by=member,
                               traveller_type=TravellerType.JAPANESE_DELEGATE,
                               family_name="Sato", given_names="Yumi", legs=[],
                               nationality=Country.objects.get(iso2="JP"),
                               organisation="株式会社水戸精工", role="営業部長",
                               needs_interpreter=True, needs_visa=False)
    client.force_login(member)
    assert client.get(reverse("projects:invitation-letter",
                              args=[project.pk, activity.pk, delegate.pk])).status_code == 404
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert 'data-testid="invitation-letter"' not in page.content.decode()
