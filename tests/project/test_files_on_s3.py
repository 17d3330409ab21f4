"""Every file the portal writes or serves, on an S3-compatible bucket: moto's S3 server
(moto.server.ThreadedMotoServer, a real HTTP server on a loopback port) with the default
storage configured as production configures a bucket (rit_portal.object_storage; the
s3_bucket fixture of tests/conftest.py).

Each kind of stored file is written into the bucket, read back through the portal's own
download view by a permitted user (200, the same bytes as the object), refused to an
unrelated user (404), and removed from the bucket where the portal removes it and with its
record. The files made on request (invitation letters, exports) are served and leave
nothing in the bucket. No page that links a file shows the bucket's address: downloads
stream through the views, after their permission check."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from applications.enums import AttachmentKind
from applications.models import Attachment
from monitoring.enums import ReportJobStatus
from monitoring.services import annual_report_request
from projects.models import Receipt
from projects.services import spend_line_create, variation_approve
from sponsorship.enums import LetterStatus
from sponsorship.letters import award_letter_regenerate_call, award_letter_request
from tests.applications.builders import PDF_BYTES, applicant_of, pdf_bytes
from tests.conftest import stored_objects
from tests.factories import ApplicationFactory
from tests.projects.builders import expert, held_activity, member_of, published_project, year_of
from tests.projects.test_claims import _claim, airfare
from tests.projects.test_variations import reallocation
from tests.sponsorship.factories import approved_decision

pytestmark = pytest.mark.django_db


def downloaded(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def after_commit(action):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def no_bucket_address(page: str, server: str) -> bool:
    """The HTML names neither the S3 server, nor the bucket, nor a signed URL's query."""
    host = server.removeprefix("http://")
    return not any(mark in page for mark in (host, default_storage.bucket_name, "X-Amz-",
                                             "amazonaws", "AWSAccessKeyId"))


# --- Uploaded files: attachments, the partner's letter, receipts ---------------------------

def test_attachments_and_the_partners_letter_round_trip_through_the_bucket(
        client, s3_bucket, s3_server, hq_staff):
    application = ApplicationFactory()
    applicant, stranger = applicant_of(application.organisation), applicant_of()
    plan, letter = pdf_bytes(pages=2), PDF_BYTES
    client.force_login(applicant)
    client.post(reverse("applications:section-attachments", args=[application.pk]),
                {"kind": AttachmentKind.SUPPORTING,
                 "file": SimpleUploadedFile("事業計画.pdf", plan)})
    client.post(reverse("applications:partner-letter", args=[application.pk]),
                {"letter-file": SimpleUploadedFile("letter.pdf", letter)})
    supporting = Attachment.objects.get(kind=AttachmentKind.SUPPORTING)
    partners = Attachment.objects.get(kind=AttachmentKind.PARTNER_LETTER)
    assert stored_objects() == {supporting.file.name: plan, partners.file.name: letter}

    urls = {a.pk: reverse("applications:attachment-download", args=[application.pk, a.pk])
            for a in (supporting, partners)}
    for user in (applicant, hq_staff):
        client.force_login(user)
        assert downloaded(client, urls[supporting.pk]) == plan
        assert downloaded(client, urls[partners.pk]) == letter
    client.force_login(applicant)
    for section, linked in (("section-attachments", supporting), ("partner-letter", partners),
                            ("detail", supporting)):
        page = client.get(reverse(f"applications:{section}", args=[application.pk]))
        html = page.content.decode()
        assert page.status_code == 200 and no_bucket_address(html, s3_server), section
        assert urls[linked.pk] in html, section  # linked through the portal's view
    client.force_login(stranger)
    assert [client.get(url).status_code for url in urls.values()] == [404, 404]

    client.force_login(applicant)
    after_commit(lambda: client.post(reverse("applications:attachment-delete",
                                             args=[application.pk, partners.pk])))
    assert stored_objects() == {supporting.file.name: plan}
    # A draft deleted with its attachments (a retention job, the administration): their
    # objects go with it, and so do its cached PDFs.
    downloaded(client, reverse("applications:pdf", args=[application.pk]))
    assert len(stored_objects()) == 2
    after_commit(application.delete)
    assert stored_objects() == {}


def test_receipts_round_trip_through_the_bucket_and_go_with_their_line(
        client, s3_bucket, s3_server, hq_staff):
    project = published_project()
    member, stranger = member_of(project), applicant_of()
    report = year_of(project).report
    spend = spend_line_create(report=report, by=member, approved_line=airfare(project),
                              description="航空運賃", amount=90_000,
                              paid_on=dt.date(2026, 7, 20))
    client.force_login(member)
    first, second = pdf_bytes(), pdf_bytes(pages=3)
    for content in (first, second):
        client.post(reverse("projects:receipt-upload", args=[project.pk, 1, spend.pk]),
                    {"receipt": SimpleUploadedFile("領収書.pdf", content)})
    one, two = Receipt.objects.order_by("pk")
    assert stored_objects() == {one.file.name: first, two.file.name: second}

    url = reverse("projects:receipt-download", args=[project.pk, 1, one.pk])
    for user in (member, hq_staff):
        client.force_login(user)
        assert downloaded(client, url) == first
    page = client.get(reverse("projects:report-spend", args=[project.pk, 1])).content.decode()
    assert url in page and no_bucket_address(page, s3_server)
    client.force_login(stranger)
    assert client.get(url).status_code == 404

    client.force_login(member)
    after_commit(lambda: client.post(reverse("projects:receipt-delete",
                                             args=[project.pk, 1, one.pk])))
    assert stored_objects() == {two.file.name: second}
    after_commit(lambda: client.post(reverse("projects:spend-delete",
                                             args=[project.pk, 1, spend.pk])))
    assert stored_objects() == {}


def test_a_claims_receipts_are_served_from_the_bucket_and_its_page_names_no_bucket(
        client, s3_bucket, s3_server, hq_staff):
    project = published_project()
    member = member_of(project)
    claim = _claim(project, member)
    (receipt,) = Receipt.objects.all()
    url = reverse("projects:receipt-download", args=[project.pk, 1, receipt.pk])
    for user in (member, hq_staff):
        client.force_login(user)
        page = client.get(reverse("projects:claim", args=[project.pk, claim.number]))
        assert url in page.content.decode() and no_bucket_address(page.content.decode(),
                                                                  s3_server)
        assert downloaded(client, url) == stored_objects()[receipt.file.name]


# --- Letters the portal produces: award and amendment letters ------------------------------

def test_award_letters_are_stored_served_and_replaced_in_the_bucket(
        client, s3_bucket, s3_server, hq_staff):
    decision = approved_decision()
    application = decision.application
    applicant, stranger = applicant_of(application.organisation), applicant_of()
    letter = after_commit(lambda: award_letter_request(decision=decision))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    stored = stored_objects()
    assert list(stored) == [letter.file.name]
    # The e-mail carries the PDF read back from the bucket.
    assert [a[1] for a in mail.outbox[-1].attachments] == [stored[letter.file.name]]

    url = reverse("sponsorship:letter-download", args=[letter.pk])
    for user in (applicant, hq_staff):
        client.force_login(user)
        assert downloaded(client, url) == stored[letter.file.name]
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert url in page and no_bucket_address(page, s3_server)
    client.force_login(hq_staff)
    page = client.get(reverse("sponsorship:call-letters",
                              args=[application.call_id])).content.decode()
    assert url in page and no_bucket_address(page, s3_server)
    client.force_login(stranger)
    assert client.get(url).status_code == 404

    # Regenerated: the new PDF replaces the old object, nothing is left beside it.
    after_commit(lambda: award_letter_regenerate_call(call=application.call, by=hq_staff))
    letter.refresh_from_db()
    assert list(stored_objects()) == [letter.file.name]
    client.force_login(applicant)
    assert downloaded(client, url) == stored_objects()[letter.file.name]


def test_amendment_letters_are_stored_and_served_from_the_bucket(
        client, s3_bucket, s3_server, hq_staff):
    project = published_project()
    member, stranger = member_of(project), applicant_of()
    variation = reallocation(project, member)
    after_commit(lambda: variation_approve(variation=variation, by=hq_staff))
    letter = variation.letter
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    assert list(stored_objects()) == [letter.file.name]
    assert [a[1] for a in mail.outbox[-1].attachments] == [
        stored_objects()[letter.file.name]]

    url = reverse("projects:letter-download", args=[project.pk, letter.pk])
    for user in (member, hq_staff):
        client.force_login(user)
        assert downloaded(client, url) == stored_objects()[letter.file.name]
        page = client.get(reverse("projects:variation", args=[project.pk, variation.number]))
        assert url in page.content.decode()
        assert no_bucket_address(page.content.decode(), s3_server)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


# --- The application's PDF, kept per version ----------------------------------------------

def test_the_application_pdf_is_kept_in_the_bucket_and_a_new_version_replaces_it(
        client, s3_bucket):
    application = ApplicationFactory()
    applicant = applicant_of(application.organisation)
    url = reverse("applications:pdf", args=[application.pk])
    client.force_login(applicant)
    client.cookies.load({"django_language": "en"})
    first = downloaded(client, url)
    (name,) = stored_objects()
    assert name.startswith(f"application-pdfs/{application.pk}/en-")
    assert stored_objects()[name] == first and downloaded(client, url) == first  # kept, not redrawn

    application.title_en = "Joint development of lighter automotive parts"
    application.save(update_fields=["title_en"])
    second = downloaded(client, url)
    assert second != first
    (newer,) = stored_objects()  # the earlier version of the language is gone from the bucket
    assert newer != name and stored_objects()[newer] == second
    client.force_login(applicant_of())
    assert client.get(url).status_code == 404


# --- The annual report's files --------------------------------------------------------------

def test_annual_report_files_round_trip_through_the_bucket(client, s3_bucket, s3_server,
                                                           hq_staff):
    report = after_commit(lambda: annual_report_request(fiscal_year=2026, language="en",
                                                        by=hq_staff))
    report.refresh_from_db()
    assert report.status == ReportJobStatus.READY
    stored = stored_objects()
    assert sorted(stored) == sorted([report.pdf.name, report.csv.name, report.xlsx.name])

    client.force_login(hq_staff)
    for fmt in ("pdf", "csv", "xlsx"):
        url = reverse("monitoring:report-download", args=[report.pk, fmt])
        assert downloaded(client, url) == stored[report.file_for(fmt).name]
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert url in page and no_bucket_address(page, s3_server)
    client.force_login(applicant_of())
    assert client.get(url).status_code == 404


def test_a_large_export_written_by_the_worker_round_trips_through_the_bucket(
        client, s3_bucket, s3_server, hq_staff, settings):
    from monitoring.models import ExportJob
    from tests.monitoring.builders import programme_world

    call = programme_world()["calls"][0]
    settings.EXPORTS_INLINE_MAX_ROWS = 5  # 6 applications received
    client.force_login(hq_staff)
    after_commit(lambda: client.post(reverse("monitoring:call-export",
                                             args=[call.pk, "applications", "csv"])))
    job = ExportJob.objects.get()
    assert job.status == ReportJobStatus.READY
    stored = stored_objects()
    assert list(stored) == [job.file.name]
    url = reverse("monitoring:export-download", args=[job.pk])
    assert downloaded(client, url) == stored[job.file.name]
    page = client.get(reverse("monitoring:export", args=[job.pk])).content.decode()
    assert url in page and no_bucket_address(page, s3_server)
    client.force_login(applicant_of())
    assert client.get(url).status_code == 404
    after_commit(lambda: ExportJob.objects.filter(pk=job.pk).delete())
    assert stored_objects() == {}


# --- Files made on request: nothing stored --------------------------------------------------

def test_invitation_letters_and_exports_are_served_and_leave_nothing_in_the_bucket(
        client, s3_bucket, s3_server, hq_staff):
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member)
    from projects.services import delegate_consent_record

    # Issue 26: a delegate's data leaves only with their consent to the foreign provision.
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    url = reverse("projects:invitation-letter", args=[project.pk, activity.pk, delegate.pk])
    client.force_login(member)
    assert downloaded(client, url)[:5] == b"%PDF-"
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert url in page.content.decode() and no_bucket_address(page.content.decode(), s3_server)
    client.force_login(applicant_of())
    assert client.get(url).status_code == 404

    call = project.application.call
    exports = [reverse("monitoring:call-export", args=[call.pk, "applications", fmt])
               for fmt in ("csv", "xlsx")] + [reverse("projects:payments-export", args=["xlsx"])]
    client.force_login(hq_staff)
    assert [len(downloaded(client, export)) > 0 for export in exports] == [True] * 3
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("monitoring:call-export", args=[call.pk, "applications", "csv"]) in page
    assert no_bucket_address(page, s3_server)
    client.force_login(member)
    assert [client.get(export).status_code for export in exports] == [404] * 3
    assert stored_objects() == {}
