"""Publishing decisions: one action, one e-mail per applicant organisation after commit, in
the organisation's language; each approval gets exactly one award letter."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus as S
from sponsorship.board_jobs import applications_publish_decisions
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import BoardJobKind, BoardJobStatus, DecisionMode, LetterStatus
from sponsorship.models import AwardLetter, BoardJob
from tests.factories import CallFactory, OrganisationFactory, UserFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db

PUBLISHED = ("approved", "rejected", "waitlisted", "ineligible")


@pytest.fixture
def decided_call(hq_staff):
    """Org A (ja): approved + rejected; org B (en): waitlisted; org C: ineligible;
    org D: still eligible (not yet decided)."""
    call = CallFactory(fiscal_year=2027)
    org_a = OrganisationFactory(preferred_language="ja")
    org_b = OrganisationFactory(preferred_language="en")
    org_c, org_d = OrganisationFactory(), OrganisationFactory()
    UserFactory(role="applicant", organisation=org_a, email="member@a.example.jp")
    approved = reviewed_application(call=call, organisation=org_a, status=S.ELIGIBLE)
    CostLineFactory(application=approved)
    sponsorship_decide(application=approved, by=hq_staff, mode=DecisionMode.FULL)
    rejected = reviewed_application(call=call, organisation=org_a, status=S.REJECTED)
    waitlisted = reviewed_application(call=call, organisation=org_b, status=S.WAITLISTED)
    ineligible = reviewed_application(call=call, organisation=org_c, status=S.INELIGIBLE)
    undecided = reviewed_application(call=call, organisation=org_d, status=S.ELIGIBLE)
    return call, {"approved": approved, "rejected": rejected, "waitlisted": waitlisted,
                  "ineligible": ineligible, "undecided": undecided}


def _decision_mails():
    return [m for m in mail.outbox if "selection results" in m.subject or "選考結果" in m.subject]


def test_bulk_publish_sends_one_email_per_applicant_after_commit(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    call, apps = decided_call
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = applications_publish_decisions(call=call, by=hq_staff)
        assert mail.outbox == []  # nothing leaves before the commit
        assert AwardLetter.objects.get().status == LetterStatus.PENDING
    assert [a.pk for a in published] == sorted(apps[k].pk for k in PUBLISHED)
    org_a, org_b, org_c = (apps[k].organisation for k in ("approved", "waitlisted",
                                                          "ineligible"))
    assert sorted(m.to for m in _decision_mails()) == sorted([
        sorted([org_a.contact_email, "member@a.example.jp"]), [org_b.contact_email],
        [org_c.contact_email]])
    # The approval's award letter, produced by its task after the commit, is the only
    # other e-mail.
    letter = AwardLetter.objects.get()
    assert (letter.decision.application, letter.status) == (apps["approved"], LetterStatus.READY)
    assert len(mail.outbox) == len(_decision_mails()) + 1 == 4
    for application in apps.values():
        application.refresh_from_db()
    assert [apps[k].decision_published_at is not None for k in (*PUBLISHED, "undecided")] == [
        True, True, True, True, False]


def test_the_decision_email_is_in_the_organisations_language(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    call, apps = decided_call
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applications_publish_decisions(call=call, by=hq_staff)
    org_a, org_b = apps["approved"].organisation, apps["waitlisted"].organisation
    japanese = next(m for m in _decision_mails() if org_a.contact_email in m.to)
    english = next(m for m in _decision_mails() if org_b.contact_email in m.to)
    site = settings.SITE_URL
    a, r, w = apps["approved"], apps["rejected"], apps["waitlisted"]
    assert japanese.subject == "【RIT ポータル】2027年度 選考結果のお知らせ"
    assert japanese.body == (
        f"{org_a.name_ja} 御中\n\n"
        "地域間交流支援（RIT）事業の選考結果を公表しました。貴団体の申請の結果は次のとおりです。\n\n"
        f"- {a.reference} 「{a.title_ja}」: 採択\n  {site}/applications/{a.pk}/\n"
        f"- {r.reference} 「{r.title_ja}」: 不採択\n  {site}/applications/{r.pk}/\n\n"
        "各申請のページで、審査基準ごとの合議評点と合格点、事務局のコメントをご覧いただけます。\n"
        "採択された申請の採択通知書は、準備ができ次第、申請ページからダウンロードできます。\n\n"
        "ジェトロ 地域間交流支援（RIT）事業事務局\n")
    assert english.subject == "[RIT Portal] FY2027 selection results"
    assert english.body == (
        f"Dear {org_b.name_en},\n\n"
        "The selection results of the Regional Industry Tie-up programme have been published. "
        "The outcome of your application(s):\n\n"
        f"- {w.reference} “{w.title_en}”: Waitlisted\n  {site}/applications/{w.pk}/\n\n"
        "Each application's page shows why: the score agreed for each criterion against the "
        "pass mark, with the programme office's comments.\n"
        "The award letter of an approved application can be downloaded from its page once it "
        "is ready.\n\n"
        "JETRO Regional Industry Tie-up programme office\n")


def test_publishing_again_sends_no_second_letter_or_email(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    call, _apps = decided_call
    with django_capture_on_commit_callbacks(execute=True):
        applications_publish_decisions(call=call, by=hq_staff)
    sent = len(mail.outbox)
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        applications_publish_decisions(call=call, by=hq_staff)
    assert exc.value.messages == ["There are no new decisions to publish."]
    assert (AwardLetter.objects.count(), len(mail.outbox)) == (1, sent)


def test_publish_button_records_a_job_whose_page_shows_the_outcome(
        client, decided_call, hq_staff, django_capture_on_commit_callbacks):
    call, apps = decided_call
    client.force_login(hq_staff)
    with django_capture_on_commit_callbacks(execute=True):  # the job runs at commit (eager)
        response = client.post(reverse("sponsorship:publish", args=[call.pk]))
    job = BoardJob.objects.get()
    assert response.url == reverse("sponsorship:board-job", args=[job.pk])
    assert (job.kind, job.status, job.total, job.processed, job.requested_by) == (
        BoardJobKind.PUBLISH, BoardJobStatus.DONE, 4, 4, hq_staff)
    page = client.get(response.url)
    assert page.context["summary"] == "4 decisions published; the applicants are being notified."
    assert page.context["outcomes"]["not_done"] == []
    apps["waitlisted"].refresh_from_db()
    assert apps["waitlisted"].decision_published_at is not None


def test_a_refused_publication_records_no_job_and_shows_the_board(client, hq_staff):
    call = CallFactory()
    client.force_login(hq_staff)
    response = client.post(reverse("sponsorship:publish", args=[call.pk]), follow=True)
    assert response.redirect_chain == [(reverse("sponsorship:board", args=[call.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "There are no new decisions to publish."]
    assert BoardJob.objects.count() == 0


def test_a_repeated_send_task_sends_nothing_more(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    """A task re-run (e.g. after its worker was lost) finds the e-mail sent: nothing more."""
    from notifications.enums import Kind
    from notifications.models import Notification
    from notifications.tasks import send_notification

    call, apps = decided_call
    with django_capture_on_commit_callbacks(execute=True):
        applications_publish_decisions(call=call, by=hq_staff)
    sent = len(_decision_mails())
    notification = Notification.objects.get(kind=Kind.DECISIONS_PUBLISHED,
                                            applications=apps["waitlisted"])
    again = send_notification.delay(notification_id=notification.pk).get()
    assert (again, len(_decision_mails()), sent) == (False, 3, 3)


def test_a_failed_decision_email_stays_owed_and_the_sweep_sends_it(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    import datetime as dt
    from unittest import mock

    from notifications.enums import Kind, NotificationStatus
    from notifications.models import Notification
    from notifications.services import notifications_sweep

    call, apps = decided_call
    mail.outbox.clear()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=OSError("mail server unreachable")), \
            django_capture_on_commit_callbacks(execute=True):
        applications_publish_decisions(call=call, by=hq_staff)
    owed = Notification.objects.filter(kind=Kind.DECISIONS_PUBLISHED)
    assert sorted(owed.values_list("status", "attempts", "last_error")) == [
        (NotificationStatus.PENDING, 1, "OSError: mail server unreachable")] * 3
    assert _decision_mails() == []
    # After the last one is due (the award letter's e-mail is recorded when its letter has
    # rendered, seconds after the others on a loaded machine).
    later = max(Notification.objects.values_list("next_attempt_at", flat=True)) + dt.timedelta(
        seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=later) == 4  # and the award letter's e-mail
    assert sorted(m.to[0] for m in _decision_mails()) == sorted(
        apps[k].organisation.contact_email for k in ("approved", "waitlisted", "ineligible"))
    assert set(Notification.objects.values_list("status", flat=True)) == {
        NotificationStatus.SENT}
    assert len(mail.outbox) == 4


def test_the_applicant_reads_the_decision_before_the_award_letter_arrives(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    call, apps = decided_call
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applications_publish_decisions(call=call, by=hq_staff)
    org_a = apps["approved"].organisation
    to_org_a = [m for m in mail.outbox if org_a.contact_email in m.to]
    assert [len(m.attachments) for m in to_org_a] == [0, 1]  # decision, then the letter
    assert to_org_a[0] in _decision_mails()
