"""The application as one PDF: every section, the firms, the costs, the attachments
listed; the same WeasyPrint path and font as the award letters; scoped like the page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.services import application_submit
from reviews.enums import ConflictStatus
from tests.applications.builders import applicant_of, attach_pdf, complete_application
from tests.factories import UserFactory
from tests.reviews.factories import AssignmentFactory, hq_reviewer

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)
                                  if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def submitted():
    application = complete_application()
    application.plan_summary_en = "Lightweight EV parts developed with Stuttgart."
    application.firms_summary_en = "Five suppliers seek German partners."
    application.save()
    attach_pdf(application, name="business-plan.pdf")
    application_submit(application=application, by=applicant_of(application.organisation))
    return application


def test_the_pdf_contains_every_section(client, submitted):
    client.force_login(applicant_of(submitted.organisation))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("applications:pdf", args=[submitted.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == (
        f'attachment; filename="application-{submitted.reference}.pdf"')
    text = _text(response)
    firms = [m.name for m in submitted.consortium_members.all()]
    expected = [
        submitted.reference, submitted.title_ja, submitted.organisation.name_ja,
        "1. Overview", "Baden-Württemberg",
        "2. Consortium", *firms, "ドイツ企業との共同開発に関心がある",
        "Five suppliers seek German partners.",
        "3. Planned cooperation", submitted.cooperation_summary, "1年目: ビジネスマッチング",
        "Lightweight EV parts developed with Stuttgart.",
        "4. Criterion 2: prospects", "地域の自動車部品産業の高度化", "軽量化部品",
        "共同開発契約3件",
        "5. Criterion 3: partner contact", "山田、Dr. Müller", "BW International",
        "6. Cost proposal", "専門家招へい航空運賃", "会場費", "¥620,000",
        "7. Attachments", "business-plan.pdf",
    ]
    # Lines wrap inside table cells (Japanese wraps anywhere): compare without whitespace.
    flat = "".join(text.split())
    assert [item for item in expected if "".join(item.split()) not in flat] == []
    assert text.index("1. Overview") < text.index("7. Attachments")


def test_the_pdf_is_rendered_in_the_reader_s_language(client, submitted):
    client.force_login(applicant_of(submitted.organisation))
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    text = _text(client.get(reverse("applications:pdf", args=[submitted.pk])))
    assert ("2. コンソーシアム" in text, "6. 経費計画" in text) == (True, True)


def test_the_organisations_address_and_contact_are_in_the_readers_language(client, submitted):
    """Issue 29: the English PDF printed the Japanese address and contact name."""
    organisation = submitted.organisation
    organisation.address_en, organisation.contact_name_en = "1-1-1 Mito, Ibaraki", "Hanako Sato"
    organisation.save()
    client.force_login(applicant_of(organisation))
    shown = {}
    for language in ("en", "ja"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        shown[language] = _text(client.get(reverse("applications:pdf", args=[submitted.pk])))
    assert ("1-1-1 Mito, Ibaraki" in shown["en"], "Hanako Sato" in shown["en"]) == (True, True)
    assert (organisation.address in shown["en"], organisation.contact_name in shown["en"]) == (
        False, False)
    assert (organisation.address in shown["ja"], organisation.contact_name in shown["ja"]) == (
        True, True)


def test_hq_downloads_it_and_a_reviewer_only_after_declaring(client, submitted):
    client.force_login(UserFactory(role="hq_staff"))
    assert client.get(reverse("applications:pdf", args=[submitted.pk])).status_code == 200
    assignment = AssignmentFactory(application=submitted, reviewer=hq_reviewer(),
                                   conflict_status=ConflictStatus.UNDECLARED)
    client.force_login(assignment.reviewer)
    assert client.get(reverse("applications:pdf", args=[submitted.pk])).status_code == 404
    assignment.conflict_status = ConflictStatus.NONE
    assignment.save()
    assert client.get(reverse("applications:pdf", args=[submitted.pk])).status_code == 200
    client.force_login(applicant_of())
    assert client.get(reverse("applications:pdf", args=[submitted.pk])).status_code == 404


# --- rendered once per version, and a per-person limit (issue 27) ---------------------------

def test_each_version_is_rendered_once_per_language_and_a_change_renders_it_again(
        client, submitted, monkeypatch):
    from django.core.files.storage import default_storage

    from rit_portal import pdf

    renders = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kw: renders.append(1) or real(
        html, **kw))
    client.force_login(applicant_of(submitted.organisation))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("applications:pdf", args=[submitted.pk])
    folder = f"application-pdfs/{submitted.pk}"
    # (Ids come back after a test's rollback: another test may have left this folder.)
    if default_storage.exists(folder):
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")
    first, second = client.get(url), client.get(url)
    assert (len(renders), first.content == second.content) == (1, True)
    assert len(default_storage.listdir(folder)[1]) == 1

    # A change that shows in the PDF makes a new version; the earlier file goes.
    organisation = submitted.organisation
    organisation.address = "茨城県水戸市三の丸1-1-1"
    organisation.save()
    changed = client.get(url)
    assert len(renders) == 2
    assert "茨城県水戸市三の丸1-1-1" in _text(changed)
    assert len(default_storage.listdir(folder)[1]) == 1

    # The other language is a version of its own.
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert client.get(url).status_code == 200
    assert len(renders) == 3
    assert sorted(name[:3] for name in default_storage.listdir(folder)[1]) == ["en-", "ja-"]


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Too many requests"), ("ja", "操作回数が上限を超えました")])
def test_downloads_beyond_the_production_rate_get_a_429_with_retry_after(
        client, submitted, settings, language, words):
    from django.core.cache import cache

    from rit_portal.settings.base import APPLICATION_PDF_RATE

    assert APPLICATION_PDF_RATE == "6/m"
    settings.APPLICATION_PDF_RATE = APPLICATION_PDF_RATE
    cache.clear()
    applicant = applicant_of(submitted.organisation)
    client.force_login(applicant)
    client.cookies["django_language"] = language
    url = reverse("applications:pdf", args=[submitted.pk])
    assert [client.get(url).status_code for _ in range(6)] == [200] * 6
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert words in refused.content.decode()
    assert 'data-testid="rate-limited"' in refused.content.decode()
    # The limit is per person: a colleague still downloads.
    client.force_login(applicant_of(submitted.organisation))
    assert client.get(url).status_code == 200
