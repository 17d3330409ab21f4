"""Attachments: PDF by content, size limit, stored under MEDIA_ROOT, served after a check."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import AttachmentKind
from applications.models import Attachment
from tests.applications.builders import (
    PDF_BYTES,
    active_pdf,
    applicant_of,
    attach_pdf,
    navigating_pdf,
    pdf_bytes,
)
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def upload(client, application, content: bytes, name: str = "plan.pdf",
           kind=AttachmentKind.SUPPORTING):
    return client.post(reverse("applications:section-attachments", args=[application.pk]),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_a_pdf_is_stored_under_media_root_and_downloaded_by_the_organisation(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    assert upload(client, application, PDF_BYTES, name="事業計画.pdf").status_code == 302
    attachment = Attachment.objects.get()
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT))
    assert (attachment.original_name, attachment.size, stored.read_bytes()) == (
        "事業計画.pdf", len(PDF_BYTES), PDF_BYTES)
    response = client.get(reverse("applications:attachment-download",
                                  args=[application.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


NOT_A_PDF = "Only PDF files can be attached; this file is not a PDF."


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"Hello, I am plain text pretending to be a PDF", "letter.pdf", NOT_A_PDF),
    (b"\x89PNG\r\n\x1a\n....", "scan.PDF", NOT_A_PDF),
    (b"", "empty.pdf", "The submitted file is empty."),
])
def test_a_non_pdf_with_a_pdf_name_is_refused_at_the_field(client, content, name, message):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = upload(client, application, content, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert Attachment.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = upload(client, application, PDF_BYTES + b"0" * (1024 * 1024 // 2 * 3))
    assert response.context["form"].errors == {"file": [
        "The file is 1.5\xa0MB; attachments may be at most 1.0\xa0MB."]}
    assert Attachment.objects.count() == 0


def test_the_partner_letter_satisfies_criterion_3_confirmation(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:partner-letter", args=[application.pk]),
                           {"letter-file": SimpleUploadedFile(
                               "letter.pdf", PDF_BYTES)})
    assert response.status_code == 302
    assert list(Attachment.objects.values_list("kind", flat=True)) == [
        AttachmentKind.PARTNER_LETTER]
    page = client.get(reverse("applications:submit", args=[application.pk]))
    item = [i for i in page.context["checklist"]
            if i.label == "Partner's confirmation of interest"][0]
    assert item.ok


def test_an_attachment_is_removed_with_its_file(client, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    attachment = attach_pdf(application)
    path = Path(attachment.file.path)
    client.force_login(applicant_of(application.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:attachment-delete",
                            args=[application.pk, attachment.pk]))
    assert (Attachment.objects.count(), path.exists()) == (0, False)


def test_attachments_are_not_reachable_under_media_url(client):
    application = ApplicationFactory()
    attachment = attach_pdf(application)
    client.force_login(applicant_of(application.organisation))
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


# --- parsed, not only sniffed (issue 10) ------------------------------------------------------

UNREADABLE = ("This file cannot be read as a PDF; it may be damaged. Save it as PDF again and "
              "attach the new copy.")


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4\nthis is a text file renamed to .pdf\n", UNREADABLE),
    (b"%PDF-1.7\n" + b"\x00" * 2048, UNREADABLE),
    (PDF_BYTES[: len(PDF_BYTES) // 2], UNREADABLE),
    (pdf_bytes(javascript="app.alert('hello')"),
     "This PDF contains JavaScript; attach a plain copy (print it to PDF again)."),
    (_encrypted_pdf(), "This PDF is protected with a password; attach a copy without one."),
])
def test_a_file_that_only_starts_like_a_pdf_is_refused_at_its_field(client, content, message):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = upload(client, application, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(("uploaded", "listed"), [
    ("plan", "plan.pdf"), ("plan.PDF", "plan.pdf"), ("virus.exe", "virus.exe.pdf"),
    ("../../etc/passwd", "passwd.pdf"), ("C:\\Users\\me\\計画書.pdf", "計画書.pdf"),
    ("bad\x07name\u202e.pdf", "badname.pdf"),
])
def test_the_stored_and_served_names_always_end_in_pdf(client, uploaded, listed):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    upload(client, application, PDF_BYTES, name=uploaded)
    attachment = Attachment.objects.get()
    assert attachment.original_name == listed
    assert attachment.file.name.endswith(".pdf")
    response = client.get(reverse("applications:attachment-download",
                                  args=[application.pk, attachment.pk]))
    assert response["Content-Disposition"].endswith(('.pdf"', ".pdf"))


# --- active content at any depth (issue 27) ---------------------------------------------------

ACTIVE = {  # sample -> (English, Japanese) message at the upload field
    "deep_javascript": (
        "This PDF contains JavaScript; attach a plain copy (print it to PDF again).",
        "このPDFにはJavaScriptが含まれています。スクリプトのない写し（PDFとして印刷し直したもの）を添付してください。"),
    "xfa_script": (
        "This PDF is an XFA form, which can run scripts; attach a plain copy (print it to PDF "
        "again).",
        "このPDFはスクリプトを実行できるXFAフォームです。スクリプトのない写し（PDFとして印刷し直したもの）を添付してください。"),
    "field_actions": (
        "This PDF contains actions that run by themselves or from its form fields (opening "
        "other files, sending or importing data); attach a plain copy (print it to PDF again).",
        "このPDFには、自動で、またはフォーム欄から実行されるアクション（他のファイルを開く、データを送信・取り込むなど）が含まれています。"
        "スクリプトのない写し（PDFとして印刷し直したもの）を添付してください。"),
    "launch": (
        "This PDF can start other programs (a launch action); attach a plain copy (print it "
        "to PDF again).",
        "このPDFには他のプログラムを起動するアクションが含まれています。スクリプトのない写し（PDFとして印刷し直したもの）を添付してください。"),
    "embedded_file": (
        "This PDF contains embedded files; attach each document as a PDF of its own.",
        "このPDFにはファイルが埋め込まれています。それぞれの書類を個別のPDFとして添付してください。"),
    "javascript_link": (
        "This PDF contains JavaScript; attach a plain copy (print it to PDF again).",
        "このPDFにはJavaScriptが含まれています。スクリプトのない写し（PDFとして印刷し直したもの）を添付してください。"),
}


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("sample", sorted(ACTIVE))
def test_a_pdf_with_active_content_at_any_depth_is_refused_at_its_field(client, sample,
                                                                         language):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    response = upload(client, application, active_pdf(sample))
    assert response.status_code == 200
    message = ACTIVE[sample][language == "ja"]
    assert response.context["form"].errors == {"file": [message]}
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("sample", sorted(ACTIVE))
def test_a_partner_letter_with_active_content_is_refused_at_its_field(client, sample):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:partner-letter", args=[application.pk]),
                           {"letter-file": SimpleUploadedFile(
                               "letter.pdf", active_pdf(sample))})
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [ACTIVE[sample][0]]}
    assert not Attachment.objects.exists()


def test_a_plain_pdf_with_links_and_an_opening_view_is_accepted(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    assert upload(client, application, navigating_pdf()).status_code == 302
    assert Attachment.objects.count() == 1


def test_a_pdf_with_more_objects_than_the_cap_is_refused_as_too_complex(client, monkeypatch):
    from applications.services import pdf_content

    monkeypatch.setattr(pdf_content, "MAX_PDF_OBJECTS", 3)
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = upload(client, application, navigating_pdf())
    assert response.context["form"].errors == {"file": [
        "This PDF has too many parts to check (more than 3); save it as PDF again or split "
        "it."]}


def test_the_walk_follows_reference_cycles_and_deep_nesting_without_a_recursion_limit():
    """A chain of 5,000 nested arrays and a cycle of references: the walk ends, and finds
    the script at the bottom."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    from applications.services.pdf_content import pdf_active_content

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    bottom = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert(1)")})
    node = writer._add_object(bottom)
    for _ in range(5000):  # each level an indirect object: the parser itself stays shallow
        node = writer._add_object(ArrayObject([node]))
    loop = DictionaryObject()
    loop_ref = writer._add_object(loop)
    loop[NameObject("/Self")] = loop_ref
    loop[NameObject("/Deep")] = node
    writer._root_object[NameObject("/PieceInfo")] = loop_ref
    out = io.BytesIO()
    writer.write(out)
    assert pdf_active_content(PdfReader(io.BytesIO(out.getvalue()))) == "script"
