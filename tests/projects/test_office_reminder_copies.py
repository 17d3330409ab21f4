"""Copies of the progress-report reminders for the JETRO office in Japan: each active staff
member of the office covering the organisation's prefecture is sent, in their own
language, a copy of the "due soon" and of the "late" reminder, each once; other offices
and former staff are sent nothing."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.enums import Kind
from notifications.models import Notification
from projects import tasks
from tests.accounts.test_office_staff import office_staff

from .builders import published_project

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def _run_on(day: dt.datetime, capture):
    with time_machine.travel(day, tick=False), capture(execute=True):
        return tasks.remind_reports.apply().get()


def _copies():
    return {message.to[0]: message for message in mail.outbox
            if message.to[0].endswith("@jetro.example.jp")}


def test_each_reminder_is_copied_once_to_the_covering_office_in_each_language(
        django_capture_on_commit_callbacks):
    project = published_project()  # organisation in Ibaraki; year 1 due 2027-04-30
    reference = project.application.reference
    japanese = office_staff("JP-IBARAKI", language="ja", email="sato@jetro.example.jp")
    english = office_staff("JP-IBARAKI", language="en", email="brown@jetro.example.jp")
    office_staff("JP-IBARAKI", is_active=False, email="left@jetro.example.jp")
    office_staff("JP-NAGOYA", email="nagoya@jetro.example.jp")

    assert _run_on(dt.datetime(2027, 4, 16, 9, tzinfo=JST),
                   django_capture_on_commit_callbacks) == 1
    copies = _copies()
    assert sorted(copies) == [english.email, japanese.email]
    assert copies[english.email].subject == (
        f"[RIT Portal] Copy: reminder to {reference}, progress report of year 1 due soon")
    assert copies[english.email].body.startswith("To the staff of JETRO Ibaraki,")
    assert ("an organisation of your office's prefectures, that the progress report of "
            f"project year 1 of its sponsored project {reference}") in copies[english.email].body
    assert "is due on 30 April 2027 (Japan time) and is still a draft" in (
        copies[english.email].body)
    assert reverse("projects:detail", kwargs={"pk": project.pk}) in copies[english.email].body
    assert copies[japanese.email].subject == (
        f"【RIT ポータル】写し：{reference} へのお知らせ"
        "（第1年度の進捗報告書の提出期限が近づいています）")
    assert "2027年4月30日（日本時間）" in copies[japanese.email].body
    assert copies[japanese.email].body.startswith("ジェトロ茨城 御中")

    mail.outbox.clear()
    assert _run_on(dt.datetime(2027, 4, 17, 9, tzinfo=JST),
                   django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []  # the next day: nothing again

    assert _run_on(dt.datetime(2027, 5, 1, 9, tzinfo=JST),
                   django_capture_on_commit_callbacks) == 1
    copies = _copies()
    assert sorted(copies) == [english.email, japanese.email]
    assert copies[english.email].subject == (
        f"[RIT Portal] Copy: reminder to {reference}, progress report of year 1 late")
    assert "was due on 30 April 2027 (Japan time) and has not been submitted" in (
        copies[english.email].body)
    assert copies[japanese.email].subject == (
        f"【RIT ポータル】写し：{reference} への督促（第1年度の進捗報告書が未提出です）")

    recorded = Notification.objects.filter(kind=Kind.OFFICE_COPY).order_by("pk")
    assert [(n.recipients, n.params) for n in recorded] == [
        ([member.email], {"what": what, "application": project.application.pk,
                          "project": project.pk, "year": 1, "due_on": "2027-04-30"})
        for what in ("report_due_soon", "report_late") for member in (japanese, english)]


def test_no_copy_without_staff_in_the_covering_office(django_capture_on_commit_callbacks):
    published_project()
    office_staff("JP-NAGOYA", email="nagoya@jetro.example.jp")
    assert _run_on(dt.datetime(2027, 4, 16, 9, tzinfo=JST),
                   django_capture_on_commit_callbacks) == 1
    assert Notification.objects.filter(kind=Kind.OFFICE_COPY).count() == 0
