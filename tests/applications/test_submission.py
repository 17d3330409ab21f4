"""Submission: the deadline second, references, read-only afterwards, withdrawal,
re-submission after an information request, confirmation e-mails after commit."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from applications.services import application_submit, application_withdraw
from applications.workflow import application_transition
from rit_portal.lifecycle import IllegalTransition
from tests.applications.builders import applicant_of, complete_application
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def jst(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture
def fy2027_call():
    return CallFactory(fiscal_year=2027, opens_at=jst(2027, 1, 15, 10, 0, 0),
                       closes_at=jst(2027, 3, 31, 23, 59, 59))


@pytest.mark.parametrize(("moment", "accepted"), [
    (jst(2027, 3, 31, 23, 59, 59), True),
    (jst(2027, 3, 31, 23, 59, 59, 900_000), True),
    (jst(2027, 4, 1, 0, 0, 0), False),
    (jst(2027, 1, 15, 9, 59, 59), False),
])
def test_submission_at_the_closing_second_is_accepted_and_one_second_later_refused(
        fy2027_call, moment, accepted):
    application = complete_application(call=fy2027_call)
    user = applicant_of(application.organisation)
    with time_machine.travel(moment, tick=False):
        if accepted:
            application_submit(application=application, by=user)
        else:
            with pytest.raises(ValidationError) as exc:
                application_submit(application=application, by=user)
            assert exc.value.messages[0].startswith("The call is not open for submissions")
    application.refresh_from_db()
    assert (application.status, application.reference is not None) == (
        (S.SUBMITTED, True) if accepted else (S.DRAFT, False))


def test_late_submission_through_the_page_keeps_the_draft(client, fy2027_call):
    application = complete_application(call=fy2027_call)
    user = applicant_of(application.organisation)
    with time_machine.travel(jst(2027, 4, 1, 0, 0, 0), tick=False):
        client.force_login(user)
        response = client.post(reverse("applications:submit", args=[application.pk]),
                               {"confirm": "on"})
        assert response.status_code == 200
        assert response.context["problems"] == [
            "The call is not open for submissions (it closed at 2027-03-31 23:59:59 Japan "
            "time); your draft is kept."]
        assert response.context["call_open"] is False
        # A closed call's draft can still be read.
        assert client.get(reverse("applications:detail", args=[application.pk])).status_code \
            == 200
    application.refresh_from_db()
    assert (application.status, application.title_ja) == (S.DRAFT, "自動車部品の共同開発")


def test_an_incomplete_application_is_refused_with_every_reason(client):
    application = ApplicationFactory(sector=None)
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:submit", args=[application.pk]),
                               {"confirm": "on"})
    assert response.context["problems"] == [
        "Choose the sector.",
        "Choose at least one prefecture.",
        "The consortium has 0 firms; the call requires at least 5.",
        "Choose the objectives (and describe “other” if you chose it).",
        "Describe the planned cooperation.",
        "Enter the project start date.",
        "Describe the activities of project year(s) 1, 2.",
        "Describe the expected development of the region's industries and technologies.",
        "Describe the expected new products.",
        "Describe the expected business tie-ups.",
        "Record at least one earlier contact with the partner region.",
        "Obtain the partner's online confirmation, or upload its letter of interest (PDF).",
        "Enter at least one cost line.",
    ]
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_submission_gives_consecutive_references_and_e_mails_after_commit(
        client, django_capture_on_commit_callbacks, fy2027_call):
    first = complete_application(call=fy2027_call)
    second = complete_application(call=fy2027_call)
    user = applicant_of(first.organisation)
    with time_machine.travel(jst(2027, 2, 1, 12, 0), tick=False):
        application_submit(application=first, by=user)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            application_submit(application=second, by=applicant_of(second.organisation))
        assert mail.outbox == []  # nothing before the commit
        for callback in callbacks:
            callback()
    assert (first.reference, second.reference) == ("RIT-FY2027-0001", "RIT-FY2027-0002")
    # In the organisation's language (Japanese by default).
    assert [m.subject for m in mail.outbox] == [
        "【RIT ポータル】申請 RIT-FY2027-0002 を受け付けました"]
    assert user.email not in mail.outbox[0].to


def test_the_submit_page_submits_and_shows_the_reference(client,
                                                         django_capture_on_commit_callbacks):
    application = complete_application()
    user = applicant_of(application.organisation)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]),
                               {"confirm": "on"})
    application.refresh_from_db()
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.reference == f"RIT-FY{application.call.fiscal_year}-0001"
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([application.organisation.contact_email,
                                                user.email])
    page = client.get(response["Location"])
    assert page.context["shown_status"] == S.SUBMITTED
    assert [c.to_status for c in page.context["timeline"]] == [S.SUBMITTED]


@pytest.mark.parametrize("section", ["overview", "consortium", "cooperation", "prospects",
                                     "partner", "attachments", "submit"])
def test_a_submitted_application_is_read_only(client, section):
    application = complete_application()
    user = applicant_of(application.organisation)
    application_submit(application=application, by=user)
    client.force_login(user)
    url = reverse(f"applications:section-{section}" if section != "submit"
                  else "applications:submit", args=[application.pk])
    response = client.post(url, {"title": "書き換え", "c2_new_products": "書き換え"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert (application.title_ja, application.c2_new_products) == ("自動車部品の共同開発",
                                                                "軽量化部品")


def test_resubmission_after_more_information_is_requested(client):
    application = complete_application()
    user = applicant_of(application.organisation)
    hq = UserFactory(role="hq_staff", organisation=None)
    application_submit(application=application, by=user)
    application_transition(application=application, to=S.INFO_REQUESTED, by=hq,
                           note="パートナーの書簡を添付してください")
    client.force_login(user)
    response = client.post(reverse("applications:section-prospects", args=[application.pk]),
                           {"c2_industry_development": "追記", "c2_new_products": "新製品",
                            "c2_business_tieups": "提携"})
    assert response.status_code == 302
    response = client.post(reverse("applications:submit", args=[application.pk]),
                           {"confirm": "on", "answer": "C2を追記しました"})
    application.refresh_from_db()
    assert (application.status, application.reference, application.c2_industry_development) == (
        S.SUBMITTED, f"RIT-FY{application.call.fiscal_year}-0001", "追記")
    timeline = client.get(reverse("applications:detail", args=[application.pk])).context[
        "timeline"]
    assert [(c.to_status, c.note) for c in timeline] == [
        (S.SUBMITTED, ""), (S.INFO_REQUESTED, "パートナーの書簡を添付してください"),
        (S.SUBMITTED, "C2を追記しました")]


def test_withdrawal_until_a_decision_is_published(client):
    application = complete_application()
    user = applicant_of(application.organisation)
    application_submit(application=application, by=user)
    client.force_login(user)
    assert client.get(reverse("applications:detail", args=[application.pk])).context[
        "can_withdraw"] is True
    response = client.post(reverse("applications:withdraw", args=[application.pk]),
                           {"note": "体制が整わないため"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_no_withdrawal_once_the_decision_is_published():
    application = complete_application(status=S.ELIGIBLE)
    application.decision_published_at = timezone.now()
    application.save()
    with pytest.raises(IllegalTransition):
        application_withdraw(application=application, by=applicant_of(application.organisation))


def test_the_applicant_does_not_see_an_unpublished_decision(client):
    application = complete_application(status=S.APPROVED, reference="RIT-FY2027-0009",
                                       sequence=9)
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["shown_status"] == S.UNDER_REVIEW
    application.decision_published_at = timezone.now()
    application.save()
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["shown_status"] == S.APPROVED
