"""The final report after the last project year (projects.workflow.FINAL_REPORT): the
organisation writes it (its draft kept, also when a submission is refused) and submits it
once the last year is over; HQ returns it with a comment or accepts it. Accepting closes
the accounts (computed: approved, paid, unspent), completes the project through its
lifecycle and produces the bilingual closing letter once (the award letters' path), whose
e-mail carries the PDF in the organisation's language; a failed letter shows its status
and is produced again on HQ's retry. A final report that is due is reminded once, and once
more when late."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from notifications.enums import Kind
from notifications.models import Notification
from projects import letters, tasks
from projects.enums import FinalReportStatus as F
from projects.enums import ProjectStatus as P
from projects.letters import closing_letter_request, project_letter_produce
from projects.models import FinalReport, ProjectLetter, ProjectStatusChange
from projects.selectors import project_accounts
from projects.services import (
    final_report_accept,
    final_report_reminders,
    final_report_return,
    final_report_save,
    final_report_submit,
    project_end,
    report_accept,
    report_submit,
)
from projects.workflow import FINAL_REPORT_MOVES, final_report_abilities_for
from rit_portal.lifecycle import IllegalTransition
from sponsorship.enums import LetterStatus

from .builders import complete_report, member_of, published_project

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))
# The FY2026 project of two years: year 2 ends on 31 March 2028; the final report is due
# with year 2's report on 30 April 2028.
AFTER = dt.datetime(2028, 5, 10, 10, tzinfo=JST)
TEXTS = {"outcomes": "2年間で商談会を2回開催し、延べ24件の商談が成立した。",
         "business_results": "3社が新規取引先を獲得した。", "contracts_signed": 2,
         "contracts_value": 12_000_000, "joint_developments": 1,
         "joint_development": "医療機器の共同開発（ザクセン州の企業と）",
         "lessons": "通訳の事前準備が成果を左右した。"}


@pytest.fixture(autouse=True)
def _after_the_last_year():
    with time_machine.travel(AFTER, tick=False):
        yield


def _reports_accepted(project, member, hq_staff):
    for number in (1, 2):
        report = complete_report(project, member, number=number)
        report_submit(report=report, by=member)
        report_accept(report=report, by=hq_staff)


def _submitted(project, member, **values):
    report = final_report_save(project=project, by=member, **{**TEXTS, **values})
    return final_report_submit(final_report=report, by=member)


def test_the_final_report_table_as_a_newcomer_reads_it():
    assert {source: sorted(moves) for source, moves in FINAL_REPORT_MOVES.items()} == {
        F.DRAFT: [F.SUBMITTED], F.SUBMITTED: [F.ACCEPTED, F.RETURNED],
        F.RETURNED: [F.SUBMITTED], F.ACCEPTED: []}


def test_the_draft_is_kept_and_submitting_asks_for_each_text_at_its_field(project, member):
    report = final_report_save(project=project, by=member, outcomes="  成果  ",
                               contracts_signed=3)
    with pytest.raises(ValidationError) as exc:
        final_report_submit(final_report=report, by=member)
    assert exc.value.message_dict == {
        "business_results": ["Describe the firms' business results (write “none” if there "
                             "were none)."],
        "lessons": ["Give the lessons learned."]}
    report.refresh_from_db()
    assert (report.status, report.outcomes, report.contracts_signed) == (F.DRAFT, "成果", 3)


def test_not_before_the_last_project_year_has_ended(project, member):
    report = final_report_save(project=project, by=member, **TEXTS)
    with time_machine.travel(dt.datetime(2028, 3, 31, 20, tzinfo=JST), tick=False), \
            pytest.raises(ValidationError) as exc:
        final_report_submit(final_report=report, by=member)
    assert exc.value.messages == [
        "The final report is handed in after the last project year ends (2028-03-31)."]


def test_only_the_organisation_writes_it_and_not_once_it_is_handed_in(project, member,
                                                                      hq_staff):
    with pytest.raises(Exception, match="Only the sponsored organisation"):
        final_report_save(project=project, by=hq_staff, **TEXTS)
    report = _submitted(project, member)
    with pytest.raises(ValidationError, match="with the programme office or accepted"):
        final_report_save(project=project, by=member, lessons="後から")
    assert final_report_abilities_for(final_report=report, user=member).edit is False


def test_hq_returns_it_with_a_comment_told_in_the_organisations_language(
        project, member, hq_staff, django_capture_on_commit_callbacks):
    project.organisation.preferred_language = "en"
    project.organisation.save()
    report = _submitted(project, member)
    with pytest.raises(ValidationError) as exc:
        final_report_return(final_report=report, by=hq_staff, note="")
    assert exc.value.message_dict == {"note": ["Say what the organisation should change."]}
    with django_capture_on_commit_callbacks(execute=True):
        final_report_return(final_report=report, by=hq_staff,
                            note="Give the value of the contracts per firm.")
    report.refresh_from_db()
    assert report.status == F.RETURNED
    [message] = mail.outbox
    assert message.subject == (
        f"{project.application.reference}: changes requested to your final report")
    assert "Give the value of the contracts per firm." in message.body
    # Changed and submitted again.
    final_report_save(project=project, by=member, business_results="A社 800万円、B社 400万円")
    final_report_submit(final_report=report, by=member)
    report.refresh_from_db()
    assert (report.status, report.business_results) == (F.SUBMITTED, "A社 800万円、B社 400万円")


def test_accepting_needs_every_progress_report_accepted(project, member, hq_staff):
    report = _submitted(project, member)
    with pytest.raises(ValidationError) as exc:
        final_report_accept(final_report=report, by=hq_staff)
    assert exc.value.messages == ["Accept every year's progress report first."]
    report.refresh_from_db()
    project.refresh_from_db()
    assert (report.status, project.status) == (F.SUBMITTED, P.RUNNING)


def test_accepting_closes_the_accounts_completes_the_project_and_sends_the_closing_letter(
        project, member, hq_staff, django_capture_on_commit_callbacks):
    _reports_accepted(project, member, hq_staff)
    project.refresh_from_db()
    assert project.status == P.RUNNING  # every progress report accepted: the final one is due
    report = _submitted(project, member)
    accounts = project_accounts(project=project)
    assert (accounts.approved, accounts.paid, accounts.unspent) == (3_140_000, 0, 3_140_000)
    with django_capture_on_commit_callbacks(execute=True):
        final_report_accept(final_report=report, by=hq_staff, note="お疲れさまでした。")
    report.refresh_from_db()
    project.refresh_from_db()
    assert (report.status, report.closing_approved, report.closing_paid) == (
        F.ACCEPTED, 3_140_000, 0)
    assert (project.status, project.closed_at) == (P.COMPLETED, AFTER)
    [change] = ProjectStatusChange.objects.filter(project=project)
    assert (change.to_status, change.by, change.event_text) == (
        P.COMPLETED, hq_staff, "The final report accepted: the project is completed.")

    # The closing letter: produced once, e-mailed once with its PDF, both languages.
    letter = ProjectLetter.objects.get(final_report=report)
    assert (letter.kind, letter.status) == ("closing", LetterStatus.READY)
    assert closing_letter_request(final_report=report) == letter
    project_letter_produce(letter_id=letter.pk)
    assert ProjectLetter.objects.filter(final_report=report).count() == 1
    assert Notification.objects.filter(kind=Kind.FINAL_REPORT_ACCEPTED).count() == 1
    [message] = [m for m in mail.outbox if m.attachments]
    reference = project.application.reference
    assert message.attachments[0][0] == f"closing-letter-{reference}-F.pdf"
    assert message.subject == f"{reference}：最終報告書の受理・事業完了のお知らせ（完了通知書）"
    with letter.file.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    for expected in ("完了通知書", "3,140,000円", "Closing Letter", "¥3,140,000",
                     f"{reference}-F", "Unspent"):
        assert expected in text
    with pytest.raises(IllegalTransition):
        final_report_accept(final_report=report, by=hq_staff)


def test_a_claim_awaiting_payment_holds_the_closing(project, member, hq_staff):
    from tests.projects.test_claims import _claim

    _claim(project, member, amount=100_000)
    _reports_accepted(project, member, hq_staff)
    report = _submitted(project, member)
    with pytest.raises(ValidationError) as exc:
        final_report_accept(final_report=report, by=hq_staff)
    assert exc.value.messages == [
        "A claim awaits a decision or its payment: settle it before closing the accounts."]


def test_a_failed_closing_letter_shows_its_status_and_hq_produces_it_again(
        project, member, hq_staff, client, monkeypatch, django_capture_on_commit_callbacks):
    _reports_accepted(project, member, hq_staff)
    report = _submitted(project, member)

    def broken(letter):
        raise RuntimeError("WeasyPrint is down")

    monkeypatch.setattr(letters, "project_letter_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        final_report_accept(final_report=report, by=hq_staff)
    letter = ProjectLetter.objects.get(final_report=report)
    assert letter.status == LetterStatus.FAILED
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "en"})
    url = reverse("projects:final-report", args=[project.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="closing-letter-status"' in page and "closing-letter-retry" in page
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:letter-retry", args=[project.pk, letter.pk]))
    assert response["Location"] == url
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    download = client.get(reverse("projects:letter-download", args=[project.pk, letter.pk]))
    assert download["Content-Type"] == "application/pdf"


def test_reminded_once_when_due_and_once_when_late_while_the_project_runs(project, member,
                                                                          hq_staff):
    other = published_project()
    ended = published_project()
    project_end(project=ended, by=hq_staff, to=P.CANCELLED, reason="撤退")
    due_soon = dt.datetime(2028, 4, 20, 9, tzinfo=JST)
    assert final_report_reminders(now=due_soon) == 2
    assert final_report_reminders(now=due_soon) == 0
    _submitted(other, member_of(other))
    late = dt.datetime(2028, 5, 2, 9, tzinfo=JST)
    assert final_report_reminders(now=late) == 1  # the submitted one is not late
    assert list(Notification.objects.filter(kind__startswith="final_report")
                .order_by("pk").values_list("kind", "params")) == [
        (Kind.FINAL_REPORT_DUE_SOON, {"project": project.pk}),
        (Kind.FINAL_REPORT_DUE_SOON, {"project": other.pk}),
        (Kind.FINAL_REPORT_LATE, {"project": project.pk})]
    # The daily job: the four late progress reports of the two running projects; the final
    # reports are reminded already.
    assert tasks.remind_reports.apply().get() == 4


# --- Pages ----------------------------------------------------------------------------------

def test_the_organisation_writes_saves_and_a_refused_submission_keeps_what_was_typed(
        client, project, member):
    client.force_login(member)
    client.cookies.load({"django_language": "en"})
    url = reverse("projects:final-report", args=[project.pk])
    assert client.get(url).status_code == 200
    data = {**{k: str(v) for k, v in TEXTS.items()}, "lessons": "", "action": "submit"}
    page = client.post(url, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Give the lessons learned." in body and TEXTS["business_results"] in body
    report = FinalReport.objects.get(project=project)
    assert (report.status, report.business_results) == (F.DRAFT, TEXTS["business_results"])
    response = client.post(url, {**data, "lessons": TEXTS["lessons"]})
    assert response["Location"] == url
    report.refresh_from_db()
    assert report.status == F.SUBMITTED
    page = client.get(url).content.decode()
    assert 'data-testid="final-report-form"' not in page and TEXTS["lessons"] in page


def test_a_typo_in_a_number_is_shown_at_its_field_and_nothing_is_lost(client, project, member):
    client.force_login(member)
    client.cookies.load({"django_language": "en"})
    url = reverse("projects:final-report", args=[project.pk])
    page = client.post(url, {**{k: str(v) for k, v in TEXTS.items()},
                             "contracts_value": "twelve", "action": "save"})
    assert page.status_code == 200
    assert page.context["form"].errors["contracts_value"] == ["Enter a whole number."]
    assert TEXTS["outcomes"] in page.content.decode()
    assert not FinalReport.objects.filter(project=project).exists()


def test_hq_decides_on_the_page_and_finds_it_in_its_list(client, project, member, hq_staff,
                                                         django_capture_on_commit_callbacks):
    _reports_accepted(project, member, hq_staff)
    _submitted(project, member)
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "en"})
    listing = client.get(reverse("projects:hq-final-reports")).content.decode()
    assert project.application.reference in listing
    url = reverse("projects:final-report", args=[project.pk])
    page = client.post(url, {"decision": "return", "note": ""})
    assert page.context["decision_form"].errors["note"] == [
        "Say what the organisation should change."]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept", "note": ""})
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "closing-letter-download" in page
    project.refresh_from_db()
    assert project.status == P.COMPLETED
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-status="completed"' in detail
    # The organisation cannot decide.
    client.force_login(member)
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_the_final_report_page_takes_no_more_queries_with_more_outcomes(
        client, project, member, hq_staff, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hq_staff)
    url = reverse("projects:final-report", args=[project.pk])
    _submitted(project, member)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _reports_accepted(project, member, hq_staff)
    with django_assert_max_num_queries(len(first)):
        assert client.get(url).status_code == 200


def test_the_report_is_not_due_for_a_project_that_ended(project, member, hq_staff):
    project_end(project=project, by=hq_staff, to=P.CLOSED_EARLY, reason="予算")
    assert final_report_reminders(now=dt.datetime(2028, 5, 2, 9, tzinfo=JST)) == 0
    with pytest.raises(ValidationError, match="This project has ended"):
        final_report_save(project=project, by=member, **TEXTS)
