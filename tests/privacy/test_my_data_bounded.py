"""A person with thousands of records of one kind (a busy reviewer's reviews, an HQ
officer's looks at rosters) gets their page at once: the page and the readable PDF show the
first SHOWN_PER_CATEGORY of each category and say that more are held; the JSON download
holds them all; the page's queries do not grow with the records."""

import json
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.enums import AccessKind
from privacy.holdings import SHOWN_PER_CATEGORY
from privacy.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


def _looks(user, count: int):
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(by=user, what=AccessKind.ROSTER, subject=f"Project {n}")
        for n in range(count))


def _page(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("privacy:my-data"))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_the_page_shows_the_first_of_a_large_category_and_says_more_are_held(client, hq_staff):
    _looks(hq_staff, SHOWN_PER_CATEGORY + 5)
    html, _ = _page(client, hq_staff)
    assert html.count("Project ") == SHOWN_PER_CATEGORY
    assert f"{SHOWN_PER_CATEGORY}+</span>" in html
    assert (f"the first {SHOWN_PER_CATEGORY} are shown here and in the PDF, and the JSON "
            "download lists them all") in html
    japanese, _ = _page(client, hq_staff, "ja")
    assert f"最初の {SHOWN_PER_CATEGORY} 件を表示" in japanese


def test_a_category_within_the_bound_says_nothing_more(client, hq_staff):
    _looks(hq_staff, 3)
    html, _ = _page(client, hq_staff)
    assert html.count("Project ") == 3
    assert 'data-testid="my-data-more"' not in html


def test_the_page_s_queries_do_not_grow_with_the_records(client, hq_staff):
    _looks(hq_staff, 2)
    _, few = _page(client, hq_staff)
    _looks(hq_staff, 300)
    _, many = _page(client, hq_staff)
    assert many == few


def test_the_json_download_holds_every_record_and_the_pdf_the_first(client, hq_staff, tmp_path):
    _looks(hq_staff, SHOWN_PER_CATEGORY + 5)
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    document = json.loads(client.get(
        reverse("privacy:my-data-download", args=["json"])).content)
    (looks,) = [c for c in document["categories"] if c["category"] == "access_log"]
    assert len(looks["records"]) == SHOWN_PER_CATEGORY + 5
    pdf = client.get(reverse("privacy:my-data-download", args=["pdf"])).content
    path = tmp_path / "holdings.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert " ".join(text.split()).count("Project ") == SHOWN_PER_CATEGORY
    assert "the JSON download lists them all" in " ".join(text.split())
