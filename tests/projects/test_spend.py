"""Actual spend against the approved lines: above a line is refused with a clear message at
the amount (nothing lost); receipts are PDFs checked as attachments are; HQ sees spend
against approved per line."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Receipt, SpendLine
from projects.services import spend_line_create
from tests.projects.builders import (
    member_of,
    published_project,
    receipt_pdf,
    year_of,
)

pytestmark = pytest.mark.django_db

PAID = dt.date(2026, 7, 10)


def _line(project, number=1, category="airfare"):
    return year_of(project, number).approved_lines.get(category=category)


def test_spend_within_the_line_is_recorded_and_above_it_refused(project, member):
    year = year_of(project)
    airfare = year.approved_lines.get(category="airfare")  # 3 × ¥250,000 approved
    assert airfare.approved_amount == 750_000
    spend_line_create(report=year.report, by=member, approved_line=airfare,
                      description="往路", amount=500_000, paid_on=PAID)
    with pytest.raises(ValidationError) as refused:
        spend_line_create(report=year.report, by=member, approved_line=airfare,
                          description="復路", amount=250_001, paid_on=PAID)
    assert refused.value.message_dict == {"amount": [
        "Spend above the approved line is not covered: ¥750,000 was approved for “Business "
        "matching in Japan / International airfare” in project year 1, ¥500,000 is already "
        "claimed, so at most ¥250,000 can be added."]}
    spend_line_create(report=year.report, by=member, approved_line=airfare,
                      description="復路", amount=250_000, paid_on=PAID)
    assert sum(SpendLine.objects.values_list("amount", flat=True)) == 750_000


def test_a_line_of_another_year_is_refused(project, member):
    year = year_of(project, 1)
    with pytest.raises(ValidationError) as refused:
        spend_line_create(report=year.report, by=member,
                          approved_line=_line(project, 2, "interpretation"),
                          description="通訳", amount=1, paid_on=PAID)
    assert list(refused.value.message_dict) == ["approved_line"]


def test_the_spend_page_shows_the_refusal_at_the_field_and_keeps_what_was_typed(client, project,
                                                                                  member):
    client.force_login(member)
    url = reverse("projects:report-spend", args=[project.pk, 1])
    line = _line(project)
    response = client.post(url, {"spend-approved_line": line.pk, "spend-description": "航空運賃",
                                 "spend-amount": "800,000", "spend-paid_on": "2026-07-10"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["amount"]
    assert "at most ¥750,000 can be added" in form.errors["amount"][0]
    assert 'value="航空運賃"' in response.content.decode()
    assert 'value="800,000"' in response.content.decode()
    assert SpendLine.objects.count() == 0


def test_a_receipt_that_is_not_a_pdf_is_refused_at_its_field(client, project, member):
    client.force_login(member)
    url = reverse("projects:report-spend", args=[project.pk, 1])
    fake = SimpleUploadedFile("receipt.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"spend-approved_line": _line(project).pk,
                                 "spend-description": "航空運賃", "spend-amount": "1000",
                                 "spend-paid_on": "2026-07-10", "spend-receipt": fake})
    assert response.context["form"].errors == {
        "receipt": ["Only PDF files can be attached; this file is not a PDF."]}
    assert SpendLine.objects.count() == 0  # the whole spend line was refused


def test_receipts_are_stored_and_served_to_the_organisation_and_hq_only(client, project, member,
                                                                        hq_staff):
    year = year_of(project)
    spend = spend_line_create(report=year.report, by=member, approved_line=_line(project),
                              description="航空運賃", amount=1000, paid_on=PAID,
                              receipt=receipt_pdf("領収書 7月.pdf"))
    receipt = Receipt.objects.get(spend_line=spend)
    assert receipt.original_name == "領収書 7月.pdf"
    assert receipt.file.name.startswith(f"receipts/{project.pk}/")
    url = reverse("projects:receipt-download", args=[project.pk, 1, receipt.pk])
    for user, status in [(member, 200), (hq_staff, 200),
                         (member_of(published_project()), 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_hq_sees_spend_against_approved_per_line(client, project, member, hq_staff):
    year = year_of(project)
    spend_line_create(report=year.report, by=member, approved_line=_line(project),
                      description="航空運賃", amount=600_000, paid_on=PAID)
    client.force_login(hq_staff)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    rows = [(r.year, r.activity, r.category, r.approved_amount, r.spent, r.remaining)
            for r in response.context["spend_rows"]]
    assert rows == [
        (1, "matching_japan", "airfare", 750_000, 600_000, 150_000),
        (1, "matching_japan", "accommodation", 180_000, 0, 180_000),
        (1, "seminar_japan", "venue", 600_000, 0, 600_000),
        (2, "networking_abroad", "airfare", 840_000, 0, 840_000),
        (2, "networking_abroad", "interpretation", 320_000, 0, 320_000),
        (2, "seminar_abroad", "venue", 450_000, 0, 450_000)]
    assert "¥600,000" in response.content.decode()
    assert (response.context["approved_total"], response.context["spent_total"]) == (
        3_140_000, 600_000)


def test_spend_on_a_future_day_is_refused(project, member):
    year = year_of(project)
    with pytest.raises(ValidationError) as refused:
        spend_line_create(report=year.report, by=member, approved_line=_line(project),
                          description="x", amount=1, paid_on=dt.date.today() + dt.timedelta(2))
    assert refused.value.message_dict == {"paid_on": ["The payment date cannot be in the future."]}


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Only PDF files can be attached; this file is not a PDF."),
    ("ja", "添付できるのはPDFファイルのみです。このファイルはPDFではありません。"),
])
def test_a_refused_receipt_upload_is_shown_at_its_lines_field_in_the_users_language(
        client, project, member, language, message):
    from django.conf import settings

    year = year_of(project)
    spend = spend_line_create(report=year.report, by=member, approved_line=_line(project),
                              description="航空運賃", amount=1000, paid_on=PAID)
    other = spend_line_create(report=year.report, by=member,
                              approved_line=_line(project, category="accommodation"),
                              description="宿泊費", amount=1000, paid_on=PAID)
    client.force_login(member)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    fake = SimpleUploadedFile("receipt.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post(reverse("projects:receipt-upload", args=[project.pk, 1, spend.pk]),
                           {"receipt": fake})

    assert response.status_code == 400
    page = response.content.decode()
    assert (f'<div class="invalid-feedback d-block" id="receipt-{spend.pk}-receipt_error" '
            f'data-testid="receipt-error">{message}</div>') in page
    assert page.count('data-testid="receipt-error"') == 1
    assert f'id="receipt-{other.pk}"' in page and f"receipt-{other.pk}-receipt_error" not in page
    assert f'href="#receipt-{spend.pk}-receipt"' in page  # the error summary's link
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize("sample", ["deep_javascript", "xfa_script", "field_actions", "launch",
                                    "embedded_file"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_receipt_with_active_content_is_refused_at_its_field(client, project, member, sample,
                                                               language):
    """The three samples of issue 27 (and a launch action, an embedded file): refused as
    receipts too, in the reader's language, by the attachments' own check."""
    from django.conf import settings

    from tests.applications.builders import active_pdf
    from tests.applications.test_attachments import ACTIVE

    spend = spend_line_create(report=year_of(project).report, by=member,
                              approved_line=_line(project), description="航空運賃",
                              amount=1000, paid_on=PAID)
    client.force_login(member)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    response = client.post(reverse("projects:receipt-upload", args=[project.pk, 1, spend.pk]),
                           {"receipt": SimpleUploadedFile("receipt.pdf", active_pdf(sample))})
    assert response.status_code == 400
    message = ACTIVE[sample][language == "ja"]
    assert (f'id="receipt-{spend.pk}-receipt_error" data-testid="receipt-error">{message}</div>'
            in response.content.decode())
    assert Receipt.objects.count() == 0
