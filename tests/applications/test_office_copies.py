"""Copies for the JETRO office in Japan: its staff receive, each in their own language, a
copy of the submission and of the published decision of their prefectures' applications."""

import pytest
from django.core import mail

from applications.enums import ApplicationStatus as S
from applications.services import application_submit
from notifications.enums import Kind
from notifications.models import Notification
from sponsorship.board_jobs import applications_publish_decisions
from tests.accounts.test_office_staff import office_staff
from tests.applications.builders import applicant_of, complete_application
from tests.reviews.factories import reviewed_application

pytestmark = pytest.mark.django_db


def test_the_office_covering_the_organisation_gets_a_copy_of_the_submission_in_each_language(
        django_capture_on_commit_callbacks):
    application = complete_application()  # organisation in Ibaraki (factories)
    japanese = office_staff("JP-IBARAKI", language="ja", email="sato@jetro.example.jp")
    english = office_staff("JP-IBARAKI", language="en", email="brown@jetro.example.jp")
    office_staff("JP-IBARAKI", is_active=False, email="left@jetro.example.jp")
    office_staff("JP-NAGOYA", email="nagoya@jetro.example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, by=applicant_of(application.organisation))
    application.refresh_from_db()
    copies = {message.to[0]: message for message in mail.outbox
              if message.to[0].endswith("@jetro.example.jp")}
    assert sorted(copies) == [english.email, japanese.email]
    assert copies[english.email].subject == (
        f"[RIT Portal] Copy: application {application.reference} submitted")
    assert "an organisation of your office's prefectures, has submitted" in (
        copies[english.email].body)
    assert copies[japanese.email].subject == (
        f"【RIT ポータル】写し：申請 {application.reference} が提出されました")


def test_the_published_decision_is_copied_once(hq_staff):
    application = reviewed_application(status=S.REJECTED)  # feedback written
    member = office_staff("JP-IBARAKI", language="en")
    applications_publish_decisions(call=application.call, by=hq_staff)
    copies = Notification.objects.filter(kind=Kind.OFFICE_COPY)
    assert [(n.recipients, n.params["what"]) for n in copies] == [
        ([member.email], "decision_published")]
