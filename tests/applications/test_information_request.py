"""HQ asks for more information: the form opens again, the applicant is told, resubmits."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.mail import organisation_recipients
from applications.enums import ApplicationStatus as S
from tests.applications.builders import applicant_of, complete_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _submitted(**kwargs):
    from applications.services import application_submit

    application = complete_application(**kwargs)
    application_submit(application=application, by=applicant_of(application.organisation))
    return application


def test_hq_requests_information_and_the_applicant_is_told(
        client, django_capture_on_commit_callbacks):
    application = _submitted()
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    url = reverse("applications:request-information", args=[application.pk])
    reply_by = (timezone.localtime() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "パートナーの書簡を添付してください",
                                     "reply_by": reply_by.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    application.refresh_from_db()
    change = application.status_changes.last()
    assert (application.status, change.note, change.reply_by) == (
        S.INFO_REQUESTED, "パートナーの書簡を添付してください", reply_by)
    assert [m.subject for m in mail.outbox] == [
        f"【RIT ポータル】{application.reference} 追加情報のお願い"]
    assert "パートナーの書簡を添付してください" in mail.outbox[0].body
    # The form is open again for the applicant.
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["may"].edit is True


def test_a_request_needs_the_information_and_a_future_date(client):
    application = _submitted()
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    url = reverse("applications:request-information", args=[application.pk])
    response = client.post(url, {"note": " ", "reply_by": "2020-01-01T10:00"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"note": ["Enter the information needed."]}
    response = client.post(url, {"note": "More detail on C2", "reply_by": "2020-01-01T10:00"})
    assert response.context["form"].errors == {
        "reply_by": ["The reply date must be in the future."]}
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_only_hq_and_only_while_the_status_permits(client):
    application = _submitted()
    url = reverse("applications:request-information", args=[application.pk])
    client.force_login(applicant_of(application.organisation))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    application.status = S.REVIEWED
    application.save(update_fields=["status"])
    response = client.post(url, {"note": "x"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "More information can be requested only while the application is submitted or "
        "under review."]
    application.refresh_from_db()
    assert application.status == S.REVIEWED


# --- The whole cycle: question, reminder, answer, resubmission, what everyone sees ----------

NOW = dt.datetime(2027, 5, 10, 0, 0, tzinfo=dt.UTC)  # 09:00 JST, after the call closed


def _run(task) -> int:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return task.delay().get()


def _under_review_with_a_reviewer(call=None):
    """A complete application of a call that closed, under review by an HQ reviewer who
    declared no conflict."""
    from tests.reviews.factories import AssignmentFactory, hq_reviewer

    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        application = _submitted(**({"call": call} if call else {}))
    application.call.opens_at = NOW - dt.timedelta(days=60)
    application.call.closes_at = NOW - dt.timedelta(days=20)
    application.call.save()
    application.status = S.UNDER_REVIEW
    application.save(update_fields=["status"])
    assignment = AssignmentFactory(application=application, reviewer=hq_reviewer())
    return application, assignment


@time_machine.travel(NOW, tick=False)
def test_the_information_cycle_from_question_to_resumed_review(client):
    from applications.services import application_request_information
    from applications.tasks import remind_information_requests

    application, assignment = _under_review_with_a_reviewer()
    hq = UserFactory(role=Role.HQ_STAFF)
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_request_information(application=application, by=hq,
                                        note="C2の新製品を具体的に記載してください",
                                        reply_by=NOW + dt.timedelta(days=5))
    applicant = applicant_of(application.organisation)
    client.force_login(applicant)

    # The applicant's home shows the question, with the date to reply by.
    home = client.get(reverse("home"))
    assert [(r.application, r.note) for r in home.context["information_requests"]] == [
        (application, "C2の新製品を具体的に記載してください")]
    assert "15 May 2027, 09:00" in home.content.decode()

    # Five days ahead: no reminder yet; two days before the date: one, and only one.
    mail.outbox.clear()
    assert _run(remind_information_requests) == 0
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert _run(remind_information_requests) == 1
        assert _run(remind_information_requests) == 0
    with time_machine.travel(NOW + dt.timedelta(days=4), tick=False):
        assert _run(remind_information_requests) == 0
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (organisation_recipients(application.organisation),
         f"【RIT ポータル】{application.reference}："
         "2027年5月15日 09:00（日本時間） までにご回答ください")]
    assert "C2の新製品を具体的に記載してください" in mail.outbox[0].body

    # The form is open: the applicant edits a section, then must answer to resubmit (the
    # call closed weeks ago; an answer is still accepted).
    client.post(reverse("applications:section-prospects", args=[application.pk]),
                {"c2_industry_development": "高度化", "c2_new_products": "軽量ブラケット",
                 "c2_business_tieups": "提携"})
    submit = reverse("applications:submit", args=[application.pk])
    refused = client.post(submit, {"confirm": "on", "answer": " "})
    assert refused.context["form"].errors == {"answer": [
        "Answer the programme office's request: say what you changed or add the "
        "information."]}
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(submit, {"confirm": "on", "answer": "新製品を追記しました"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.c2_new_products) == (
        S.UNDER_REVIEW, "軽量ブラケット")
    assert [(c.from_status, c.to_status, c.note, c.event, c.by)
            for c in application.status_changes.order_by("at", "id")][-3:] == [
        (S.UNDER_REVIEW, S.INFO_REQUESTED, "C2の新製品を具体的に記載してください", "", hq),
        (S.INFO_REQUESTED, S.SUBMITTED, "新製品を追記しました", "information.answered",
         applicant),
        (S.SUBMITTED, S.UNDER_REVIEW, "", "information.review_resumed", None)]
    # The HQ staff member who asked is told (the applicant gets the usual receipt).
    answered = next(m for m in mail.outbox if m.to == [hq.email])
    assert "新製品を追記しました" in answered.body
    assert answered.subject == (
        f"【RIT ポータル】{application.reference}：申請者から回答がありました")

    # The reviewer sees the question and the answer on the review page and the timeline.
    client.force_login(assignment.reviewer)
    page = client.get(reverse("reviews:review", args=[application.pk]))
    assert [(e.question.note, e.answer.note, e.late) for e in page.context["exchanges"]] == [
        ("C2の新製品を具体的に記載してください", "新製品を追記しました", False)]
    timeline = client.get(reverse("applications:detail", args=[application.pk])).context[
        "timeline"]
    assert [c.note for c in timeline][-2:] == ["C2の新製品を具体的に記載してください",
                                               "新製品を追記しました"]


@time_machine.travel(NOW, tick=False)
def test_hq_sees_late_and_overdue_answers(client):
    from applications.services import application_request_information, application_submit

    late, _assignment = _under_review_with_a_reviewer()
    overdue, _other = _under_review_with_a_reviewer(call=late.call)
    on_time, _third = _under_review_with_a_reviewer(call=late.call)
    hq = UserFactory(role=Role.HQ_STAFF)
    for application in (late, overdue, on_time):
        application_request_information(application=application, by=hq, note="詳細を",
                                        reply_by=NOW + dt.timedelta(days=2))
    application_submit(application=on_time, by=applicant_of(on_time.organisation),
                       answer="追記しました")
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        application_submit(application=late, by=applicant_of(late.organisation),
                           answer="遅れて申し訳ありません")
        client.force_login(hq)
        page = client.get(reverse("applications:information-requests"))
        home = client.get(reverse("home"))
    states = {e.question.application: (e.answered, e.late) for e in page.context["page"]}
    assert states == {late: (True, True), overdue: (False, True), on_time: (True, False)}
    assert (page.context["awaited"], page.context["late"]) == (1, 2)
    assert late.status_changes.order_by("at", "id")[2].event_text == (
        "The applicant answered after the reply-by date (2027-05-12 09:00).")
    assert [r.application for r in home.context["information_requests"]] == [overdue]
    assert "overdue since 12 May 2027, 09:00 (JST)" in home.content.decode()


def test_the_reminder_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "applications.remind_information_requests" in tasks


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.HQ_REVIEWER])
def test_the_requests_page_is_the_programme_office_s(client, role):
    user = applicant_of() if role == Role.APPLICANT else UserFactory(role=role)
    client.force_login(user)
    assert client.get(reverse("applications:information-requests")).status_code == 404
