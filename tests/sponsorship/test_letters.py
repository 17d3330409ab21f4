"""Award letters in-process (eager Celery): produced once, failures visible, access scoped."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.enums import Role
from notifications.enums import Kind
from notifications.models import Notification
from projects.models import ApprovedLine
from projects.services.creation import project_for_decision
from sponsorship import letter_pdf
from sponsorship.enums import LetterStatus
from sponsorship.letter_pdf import japanese_era_date
from sponsorship.letters import (
    LETTER_STALE_AFTER,
    award_letter_regenerate_call,
    award_letter_request,
    award_letter_retry,
)
from sponsorship.models import AwardLetter, LetterBatch
from sponsorship.selectors import batch_progress
from sponsorship.tasks import RENDER_MAX_RETRIES, render_award_letter
from tests.factories import OrganisationFactory, UserFactory
from tests.sponsorship.factories import approved_decision

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "letters"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.pdf")) if root.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings


def publish(decision) -> AwardLetter:
    """What publishing decisions does for one approved application, then the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        letter = award_letter_request(decision=decision)
    return letter


def pdf_text(letter: AwardLetter) -> str:
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_approval_stores_one_pdf_and_sends_one_email(media, django_capture_on_commit_callbacks):
    decision = approved_decision()
    member = UserFactory(role=Role.APPLICANT, organisation=decision.application.organisation)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        letter = award_letter_request(decision=decision)
    letter.refresh_from_db()

    assert len(callbacks) == 2  # the render task; then, once stored, the e-mail
    assert letter.status == LetterStatus.READY
    assert letter.attempts == 1
    assert stored_files(media) == [
        f"{decision.application_id}/award-letter-{decision.application.reference}-L1.pdf"]
    with letter.file.open("rb") as handle:
        content = handle.read()
    import hashlib

    assert letter.sha256 == hashlib.sha256(content).hexdigest()
    assert letter.size == len(content)
    assert content[:5] == b"%PDF-"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == sorted([decision.application.organisation.contact_email, member.email])
    assert message.attachments == [
        (f"award-letter-{decision.application.reference}-L1.pdf", content, "application/pdf")]
    assert letter.emailed_at is not None


def test_request_twice_gives_one_letter_and_one_task(media, django_capture_on_commit_callbacks):
    decision = approved_decision()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = award_letter_request(decision=decision)
        second = award_letter_request(decision=decision)
    assert first.pk == second.pk
    assert len(callbacks) == 2  # one render task, one e-mail
    assert AwardLetter.objects.count() == 1
    assert len(mail.outbox) == 1


def test_task_run_twice_keeps_one_file_and_one_email(media):
    letter = publish(approved_decision())
    letter.refresh_from_db()
    sha = letter.sha256
    render_award_letter.delay(letter_id=letter.pk)
    render_award_letter.apply(kwargs={"letter_id": letter.pk})
    letter.refresh_from_db()
    assert (letter.status, letter.sha256, letter.attempts) == (LetterStatus.READY, sha, 1)
    assert len(stored_files(media)) == 1
    assert len(mail.outbox) == 1


def test_rerender_after_a_crash_replaces_the_orphan_file(media):
    """A worker killed after writing the file but before committing left it behind."""
    letter = publish(approved_decision())
    letter.refresh_from_db()
    name = letter.file.name
    AwardLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.RENDERING, sha256="",
                                                    file="")
    render_award_letter.delay(letter_id=letter.pk)
    letter.refresh_from_db()
    assert (letter.status, letter.file.name, letter.attempts) == (LetterStatus.READY, name, 2)
    assert len(stored_files(media)) == 1
    assert len(mail.outbox) == 1


def test_pdf_text_has_the_japanese_name_and_the_amounts(media):
    decision = approved_decision(application__organisation__name_ja="いばらき自動車関連産業振興会",
                                 conditions_ja="第2年度の支援は第1年度の報告の承認を条件とする。",
                                 conditions_en="Year 2 depends on the acceptance of the year-1 "
                                               "report.")
    letter = publish(decision)
    letter.refresh_from_db()
    text = pdf_text(letter)
    assert "いばらき自動車関連産業振興会" in text
    assert "採択通知書" in text
    assert "Award Letter" in text
    assert "3,140,000円" in text  # total of DEFAULT_LINES as approved
    assert "¥3,140,000" in text
    assert "第2年度の支援は第1年度の報告の承認を条件とする。" in text
    assert "Year 2 depends on the acceptance of the year-1 report." in text
    assert "1 / 2" in text and "2 / 2" in text
    assert len(PdfReader(letter.file.open("rb")).pages) == 2


@pytest.mark.parametrize(("language", "first"), [("ja", "採択通知書"), ("en", "Award Letter")])
def test_preferred_language_comes_first(media, language, first):
    decision = approved_decision(application__organisation__preferred_language=language)
    letter = publish(decision)
    letter.refresh_from_db()
    with letter.file.open("rb") as handle:
        first_page = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert (letter.language, first in first_page) == (language, True)


def test_letter_amounts_are_the_ceilings_the_spend_check_applies(media):
    """One row per year, activity and cost category: the progress report's spend check
    (projects.ApprovedLine) holds each of these to its amount, and the letter says so."""
    letter = publish(approved_decision())
    context = letter_pdf.letter_context(letter_pdf.letter_for_render(letter.pk))
    rows = [(b.year, [(r.activity.en, r.category.en, r.amount) for r in b.rows], b.subtotal)
            for b in context["years"]]
    assert rows == [
        (1, [("Business matching in Japan", "Accommodation", 180_000),
             ("Business matching in Japan", "International airfare", 750_000),
             ("Seminar or symposium in Japan", "Venue rental", 600_000)], 1_530_000),
        (2, [("Networking in the foreign region", "International airfare", 840_000),
             ("Networking in the foreign region", "Interpretation", 320_000),
             ("Seminar or symposium abroad", "Venue rental", 450_000)], 1_610_000),
    ]
    letter.refresh_from_db()
    project = project_for_decision(decision=letter.decision)
    with translation.override("en"):
        ceilings = [(line.project_year.number, line.get_activity_display(),
                     line.get_category_display(), line.approved_amount)
                    for line in ApprovedLine.objects.filter(project_year__project=project)
                    .order_by("project_year__number", "activity", "category")]
    assert ceilings == [(year, *row) for year, year_rows, _total in rows for row in year_rows]
    text = pdf_text(letter)
    assert "ceiling for its activity and cost category in that project year" in text
    assert "事業年度・活動区分・経費区分ごとの額をそれぞれ上限とし" in text
    assert context["total"] == 3_140_000
    assert [(o.year, o.due.en) for o in context["obligations"]] == [
        (1, "30 April 2028"), (2, "30 April 2029")]


@pytest.mark.parametrize(("day", "expected"), [
    ("2019-04-30", "平成31年4月30日"), ("2019-05-01", "令和元年5月1日"),
    ("2027-06-01", "令和9年6月1日"),
])
def test_japanese_era_date(day, expected):
    import datetime as dt

    assert japanese_era_date(dt.date.fromisoformat(day)) == expected


def test_forced_failure_retries_then_fails_visibly_and_hq_retry_succeeds(
        media, monkeypatch, client, hq_staff, django_capture_on_commit_callbacks):
    calls = []

    def broken(html):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(letter_pdf, "html_to_pdf", broken)
    letter = publish(approved_decision())
    letter.refresh_from_db()
    assert (letter.status, letter.error, letter.attempts, len(calls)) == (
        LetterStatus.FAILED, "OSError: disk full", RENDER_MAX_RETRIES + 1, RENDER_MAX_RETRIES + 1)
    assert stored_files(media) == [] and mail.outbox == []

    client.force_login(hq_staff)
    call_id = letter.decision.application.call_id
    page = client.get(reverse("sponsorship:call-letters", args=[call_id]))
    assert page.status_code == 200
    assert "OSError: disk full" in page.content.decode()
    assert reverse("sponsorship:letter-retry", args=[letter.pk]) in page.content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sponsorship:letter-retry", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.error) == (LetterStatus.READY, "")
    assert len(stored_files(media)) == 1
    assert len(mail.outbox) == 1


def test_retry_is_refused_for_a_sent_letter_and_for_non_hq(media, hq_staff, applicant):
    letter = publish(approved_decision())
    letter.refresh_from_db()
    with pytest.raises(ValidationError):
        award_letter_retry(letter=letter, by=hq_staff)
    with pytest.raises(PermissionDenied):
        award_letter_retry(letter=letter, by=applicant)


def test_a_changed_decision_gets_a_new_letter_and_the_old_one_is_kept(media):
    first = approved_decision()
    old = publish(first)
    first.is_current = False
    first.save(update_fields=["is_current"])
    second = approved_decision(application=first.application, version=2)
    new = publish(second)
    assert AwardLetter.objects.filter(decision__application=first.application).count() == 2
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (LetterStatus.READY, LetterStatus.READY)
    assert len(stored_files(media)) == 2
    assert len(mail.outbox) == 2
    assert "第2版" in pdf_text(new)
    with pytest.raises(ValidationError):
        award_letter_request(decision=first)


def test_regenerate_call_rerenders_without_emailing_again(media, hq_staff):
    decision = approved_decision()
    call = decision.application.call
    other = approved_decision(application__call=call, application__sequence=99)
    letters = [publish(decision), publish(other)]
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = award_letter_regenerate_call(call=call, by=hq_staff)
    assert batch.total == 2
    assert batch_progress(batch) == {"batch": batch.pk, "total": 2, "done": 2, "ready": 2,
                                     "failed": 0, "finished": True, "percent": 100}
    for letter in letters:
        letter.refresh_from_db()
        assert (letter.status, letter.attempts, letter.batch_id) == (LetterStatus.READY, 2,
                                                                     batch.pk)
    assert len(stored_files(media)) == 2
    assert mail.outbox == []


def test_regenerate_progress_counts_what_is_done(media, hq_staff,
                                                 django_capture_on_commit_callbacks):
    decision = approved_decision()
    publish(decision)
    with django_capture_on_commit_callbacks(execute=False):
        batch = award_letter_regenerate_call(call=decision.application.call, by=hq_staff)
    assert batch_progress(batch)["done"] == 0
    assert batch_progress(batch)["percent"] == 0


def test_regenerate_needs_hq_and_letters(media, applicant, hq_staff):
    decision = approved_decision()
    with pytest.raises(ValidationError):
        award_letter_regenerate_call(call=decision.application.call, by=hq_staff)
    publish(decision)
    with pytest.raises(PermissionDenied):
        award_letter_regenerate_call(call=decision.application.call, by=applicant)
    assert LetterBatch.objects.count() == 0


# --- Views ----------------------------------------------------------------------------

@pytest.fixture
def ready_letter(media):
    letter = publish(approved_decision())
    letter.refresh_from_db()
    return letter


def test_applicant_downloads_their_letter(client, ready_letter):
    organisation = ready_letter.decision.application.organisation
    member = UserFactory(role=Role.APPLICANT, organisation=organisation)
    client.force_login(member)
    response = client.get(reverse("sponsorship:letter-download", args=[ready_letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="award-letter-{ready_letter.decision.application.reference}-L1.pdf"')
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_hq_downloads_any_letter(client, ready_letter, hq_staff):
    client.force_login(hq_staff)
    response = client.get(reverse("sponsorship:letter-download", args=[ready_letter.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_applicant", "hq_reviewer", "overseas_reviewer"])
def test_everyone_else_gets_404(client, ready_letter, who, request):
    user = (UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory())
            if who == "other_applicant" else request.getfixturevalue(who))
    client.force_login(user)
    response = client.get(reverse("sponsorship:letter-download", args=[ready_letter.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, ready_letter):
    response = client.get(reverse("sponsorship:letter-download", args=[ready_letter.pk]))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("who", ["applicant", "hq_reviewer", "overseas_reviewer"])
def test_hq_pages_do_not_exist_for_others(client, ready_letter, who, request):
    client.force_login(request.getfixturevalue(who))
    call_id = ready_letter.decision.application.call_id
    for url in (reverse("sponsorship:letter-calls"),
                reverse("sponsorship:call-letters", args=[call_id])):
        assert client.get(url).status_code == 404
    response = client.post(reverse("sponsorship:call-letters-regenerate", args=[call_id]))
    assert response.status_code == 404


def test_regenerate_from_the_page_shows_progress(client, ready_letter, hq_staff,
                                                django_capture_on_commit_callbacks):
    client.force_login(hq_staff)
    call_id = ready_letter.decision.application.call_id
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sponsorship:call-letters-regenerate", args=[call_id]))
    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    progress = client.get(reverse("sponsorship:letter-batch-progress", args=[batch.pk]))
    assert progress.json() == {"batch": batch.pk, "total": 1, "done": 1, "ready": 1,
                               "failed": 0, "finished": True, "percent": 100}
    page = client.get(reverse("sponsorship:call-letters", args=[call_id])).content.decode()
    assert 'aria-valuenow="100"' in page


def test_application_panel_shows_the_download_to_the_applicant_only(ready_letter, hq_reviewer):
    from django.template.loader import render_to_string

    application = ready_letter.decision.application
    member = UserFactory(role=Role.APPLICANT, organisation=application.organisation)
    url = reverse("sponsorship:letter-download", args=[ready_letter.pk])
    html = render_to_string("sponsorship/letters/_panel.html",
                            {"application": application, "user": member})
    assert url in html
    html = render_to_string("sponsorship/letters/_panel.html",
                            {"application": application, "user": hq_reviewer})
    assert url not in html


def test_japanese_pages(client, ready_letter, hq_staff):
    client.force_login(hq_staff)
    with translation.override("ja"):
        page = client.get(reverse("sponsorship:letter-calls"), HTTP_ACCEPT_LANGUAGE="ja")
    assert '<h1 class="h3 mb-3">採択通知書</h1>' in page.content.decode()


@pytest.mark.parametrize("rows", [1, 4])
def test_letters_pages_query_count(client, media, hq_staff, rows, django_assert_num_queries):
    first = approved_decision()
    call = first.application.call
    publish(first)
    for n in range(rows - 1):
        publish(approved_decision(application__call=call, application__sequence=100 + n))
    client.force_login(hq_staff)
    # savepoint, session, user, the call, its latest batch, the count and the page of
    # letters (with joins), release.
    with django_assert_num_queries(8):
        response = client.get(reverse("sponsorship:call-letters", args=[call.pk]))
    assert response.content.decode().count('data-testid="letter-status"') == rows
    # savepoint, session, user, the calls with their counts, release.
    with django_assert_num_queries(5):
        response = client.get(reverse("sponsorship:letter-calls"))
    assert response.status_code == 200


# --- E-mail order, stale letters, a broker that is down (added in the audit) ----------

def test_the_email_carries_one_message_id_per_letter(media, settings):
    settings.SITE_URL = "https://rit.example.jp"
    letter = publish(approved_decision())
    notification = Notification.objects.get(kind=Kind.AWARD_LETTER)
    assert notification.params == {"letter": letter.pk}
    expected = f"<rit-notification-{notification.pk}@rit.example.jp>"
    assert mail.outbox[0].extra_headers == {"Message-ID": expected}
    assert mail.outbox[0].message()["Message-ID"] == expected


def test_the_email_links_to_the_application_page(media, settings):
    settings.SITE_URL = "https://rit.example.jp"
    letter = publish(approved_decision())
    page = "https://rit.example.jp" + reverse("applications:detail",
                                              args=[letter.decision.application_id])
    assert [line for line in mail.outbox[0].body.splitlines() if "https://" in line] == [page]


def test_a_failed_send_records_nothing_and_hq_retry_sends_once(media, monkeypatch, client,
                                                                hq_staff,
                                                                django_capture_on_commit_callbacks):
    import smtplib

    from django.core.mail import EmailMessage

    def refused(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMessage, "send", refused)
    letter = publish(approved_decision())
    letter.refresh_from_db()
    assert (letter.status, letter.emailed_at, letter.error, letter.attempts) == (
        LetterStatus.READY, None, "SMTPServerDisconnected: Connection unexpectedly closed", 1)
    assert mail.outbox == []

    monkeypatch.undo()
    client.force_login(hq_staff)
    page = client.get(reverse("sponsorship:call-letters",
                              args=[letter.decision.application.call_id])).content.decode()
    assert page.count(reverse("sponsorship:letter-retry", args=[letter.pk])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sponsorship:letter-retry", args=[letter.pk]),
                               follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The letter has been queued again."]
    letter.refresh_from_db()
    # Sent once; the rendered file was kept (no second render); the old error is gone.
    assert (letter.status, letter.error, letter.attempts, len(mail.outbox)) == (
        LetterStatus.READY, "", 1, 1)
    assert letter.emailed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sponsorship:letter-retry", args=[letter.pk]),
                               follow=True)
    assert len(mail.outbox) == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Only a failed letter, one not yet e-mailed, or one that has made no progress for "
        "10 minutes can be retried."]


def stuck(letter: AwardLetter, status: str, minutes: float) -> AwardLetter:
    """The letter left `status` `minutes` ago, and its job was lost."""
    from django.utils import timezone

    AwardLetter.objects.filter(pk=letter.pk).update(
        status=status, sha256="", file="", emailed_at=None,
        status_changed_at=timezone.now() - dt.timedelta(minutes=minutes))
    # Never stored, so its e-mail was never recorded.
    Notification.objects.filter(kind=Kind.AWARD_LETTER, params__letter=letter.pk).delete()
    letter.refresh_from_db()
    return letter


@pytest.mark.parametrize("status", [LetterStatus.PENDING, LetterStatus.RENDERING])
def test_a_letter_stuck_longer_than_the_timeout_can_be_retried_by_hq(
        media, client, hq_staff, status, django_capture_on_commit_callbacks):
    letter = publish(approved_decision())
    mail.outbox.clear()
    minutes = LETTER_STALE_AFTER.total_seconds() / 60 + 1
    letter = stuck(letter, status, minutes)
    client.force_login(hq_staff)
    url = reverse("sponsorship:call-letters", args=[letter.decision.application.call_id])

    page = client.get(url).content.decode()
    assert page.count(reverse("sponsorship:letter-retry", args=[letter.pk])) == 1
    assert page.count('data-testid="letter-stale"') == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sponsorship:letter-retry", args=[letter.pk]))

    assert (response.status_code, response["Location"]) == (302, url)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, len(mail.outbox)) == (LetterStatus.READY, 2, 1)
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize("status", [LetterStatus.PENDING, LetterStatus.RENDERING])
def test_a_letter_in_progress_within_the_timeout_cannot_be_retried(media, client, hq_staff,
                                                                    status):
    letter = stuck(publish(approved_decision()), status, 1)
    client.force_login(hq_staff)
    page = client.get(reverse("sponsorship:call-letters",
                              args=[letter.decision.application.call_id])).content.decode()
    assert reverse("sponsorship:letter-retry", args=[letter.pk]) not in page
    assert 'data-testid="letter-stale"' not in page
    with pytest.raises(ValidationError):
        award_letter_retry(letter=letter, by=hq_staff)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (status, 1)


def test_the_lost_job_turning_up_after_an_hq_retry_changes_nothing(media, hq_staff):
    letter = stuck(publish(approved_decision()), LetterStatus.RENDERING, 30)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        award_letter_retry(letter=letter, by=hq_staff)
    render_award_letter.delay(letter_id=letter.pk)  # the lost message, redelivered
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, len(mail.outbox)) == (LetterStatus.READY, 2, 1)
    assert len(stored_files(media)) == 1


def test_a_broker_that_is_down_leaves_the_request_saved_and_the_letter_queued(
        media, broker_down, caplog):
    letter = publish(approved_decision())  # no exception reaches the caller
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (LetterStatus.PENDING, 0)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"Could not queue sponsorship.render_award_letter({{'letter_id': {letter.pk}}})"]


def test_beat_requeues_a_letter_whose_job_was_lost(media, hq_staff):
    from sponsorship.tasks import requeue_stale_letters

    fresh = stuck(publish(approved_decision()), LetterStatus.PENDING, 1)
    lost = stuck(publish(approved_decision(application__sequence=77)), LetterStatus.RENDERING,
                 LETTER_STALE_AFTER.total_seconds() / 60 + 1)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert requeue_stale_letters.delay().get() == 1
    fresh.refresh_from_db()
    lost.refresh_from_db()
    assert (fresh.status, lost.status, lost.attempts) == (
        LetterStatus.PENDING, LetterStatus.READY, 2)
    assert [m.to for m in mail.outbox] == [
        [lost.decision.application.organisation.contact_email]]
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert requeue_stale_letters.delay().get() == 0


@pytest.mark.parametrize(("start", "years", "end"), [
    ("2027-06-01", 2, "2029-05-31"),
    ("2027-04-01", 1, "2028-03-31"),
    ("2028-02-29", 1, "2029-02-28"),
    ("2028-02-29", 3, "2031-02-28"),
])
def test_project_end(start, years, end):
    assert letter_pdf.project_end(dt.date.fromisoformat(start), years) == \
        dt.date.fromisoformat(end)


@pytest.mark.parametrize("calls", [1, 3])
def test_letter_calls_page_query_count(client, media, hq_staff, calls,
                                       django_assert_num_queries):
    for n in range(calls):
        publish(approved_decision(application__call__fiscal_year=2027 + n))
    client.force_login(hq_staff)
    # savepoint, session, user, the calls with their counts, release.
    with django_assert_num_queries(5):
        response = client.get(reverse("sponsorship:letter-calls"))
    assert [(c.letters_total, c.letters_ready) for c in response.context["calls"]] == [
        (1, 1)] * calls


def test_the_english_page_is_english_throughout(media):
    """Names in Latin script, the representative's English title, the English conditions,
    English dates and fiscal years: no Japanese character on the English page."""
    decision = approved_decision(
        application__organisation__name_ja="福井県繊維協会", application__organisation__name_en=
        "Fukui Textile Association", application__organisation__representative_name_ja="川田 達男",
        application__organisation__representative_name_en="Tatsuo Kawada",
        application__organisation__representative_title_ja="会長",
        application__organisation__representative_title_en="Chairman",
        conditions_ja="第2年度の支援は第1年度の報告の承認を条件とする。",
        conditions_en="Year 2 depends on the acceptance of the year-1 report.")
    letter = publish(decision)
    letter.refresh_from_db()
    with letter.file.open("rb") as handle:
        japanese_page, english_page = (page.extract_text() for page in PdfReader(handle).pages)
    cjk = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
    # The letterhead carries JETRO's Japanese name and address on both pages by design.
    body = english_page.split("Reference:", 1)[1]
    assert cjk.findall(body) == []
    assert "Attn. Tatsuo Kawada, Chairman" in body
    assert "Fukui Textile Association" in body
    assert "会長 川田 達男 様" in japanese_page
    # The person is addressed, so the organisation above takes no 御中 (issue 29).
    assert "御中" not in japanese_page
    assert "第2年度の支援は第1年度の報告の承認を条件とする。" in japanese_page
