"""The beat jobs: reminders of progress reports (before the due date and when late, each
once) and the removal of delegates' personal data after the retention period (the
schedule's "delegates" category, applied by privacy's beat job: tests/privacy/test_retention.py
covers every category)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from notifications.enums import Kind
from notifications.models import Notification
from privacy.tasks import apply_retention
from projects import tasks
from projects.enums import ProjectStatus
from projects.models import Delegate, Project, ProjectActivity, TravelLeg
from projects.services import report_accept, report_submit

from .builders import complete_report, expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def _reminders(kind):
    return list(Notification.objects.filter(kind=kind).values_list("params", flat=True))


def test_beat_runs_both_jobs_daily():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"projects.remind_reports", "privacy.apply_retention"} <= schedule


def test_the_reminder_before_the_due_date_is_sent_once(django_capture_on_commit_callbacks):
    project = published_project()  # year 1 due 2027-04-30, year 2 due 2028-04-30
    report = project.years.get(number=1).report
    with time_machine.travel(dt.datetime(2027, 4, 10, 9, tzinfo=JST), tick=False):
        assert tasks.remind_reports.apply().get() == 0  # more than 14 days before
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2027, 4, 16, 9, tzinfo=JST), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_reports.apply().get() == 1
    with time_machine.travel(dt.datetime(2027, 4, 17, 9, tzinfo=JST), tick=False):
        assert tasks.remind_reports.apply().get() == 0  # the next day: not again
    assert _reminders(Kind.REPORT_DUE_SOON) == [{"report": report.pk}]
    [message] = mail.outbox
    assert message.to == [project.organisation.contact_email]
    # in Japanese
    assert message.subject.endswith("第1年度の進捗報告書の提出期限は2027年4月30日です")


def test_the_late_reminder_is_sent_once_from_the_day_after_the_due_date():
    project = published_project()
    report = project.years.get(number=1).report
    with time_machine.travel(dt.datetime(2027, 4, 30, 23, 59, tzinfo=JST), tick=False):
        tasks.remind_reports.apply()
    assert _reminders(Kind.REPORT_LATE) == []  # the due day itself is not late (Japan time)
    for day in (1, 2, 20):
        with time_machine.travel(dt.datetime(2027, 5, day, 0, 1, tzinfo=JST), tick=False):
            tasks.remind_reports.apply()
    assert _reminders(Kind.REPORT_LATE) == [{"report": report.pk}]


def test_no_reminder_for_a_report_handed_in():
    project = published_project()
    member = member_of(project)
    report_submit(report=complete_report(project, member), by=member)
    with time_machine.travel(dt.datetime(2027, 5, 2, 9, tzinfo=JST), tick=False):
        tasks.remind_reports.apply()
    assert _reminders(Kind.REPORT_LATE) == []


def _closed_project(hq_staff) -> Project:
    project = published_project()
    member = member_of(project)
    expert(held_activity(project, member), member)
    report = complete_report(project, member)
    report_submit(report=report, by=member)
    report_accept(report=report, by=hq_staff)
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.COMPLETED,
                                                 closed_at=dt.datetime(2028, 6, 1, tzinfo=JST))
    return project


def test_delegates_personal_data_is_removed_after_the_retention_period(hq_staff, settings):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "delegates": 365}
    project = _closed_project(hq_staff)
    kept = published_project()  # still running
    kept_member = member_of(kept)
    expert(held_activity(kept, kept_member), kept_member)
    assert Delegate.objects.count() == 2

    with time_machine.travel(dt.datetime(2029, 5, 31, tzinfo=JST), tick=False):
        assert apply_retention.apply().get()["delegates"] == 0  # 364 days
    with time_machine.travel(dt.datetime(2029, 6, 2, tzinfo=JST), tick=False):
        assert apply_retention.apply().get()["delegates"] == 1
        assert apply_retention.apply().get()["delegates"] == 0  # done once

    assert list(Delegate.objects.values_list("activity__project_year__project", flat=True)) == [
        kept.pk]
    assert TravelLeg.objects.filter(delegate__activity__project_year__project=project).count() == 0
    project.refresh_from_db()
    assert project.personal_data_removed_at is not None
    # The activities and their participant counts stay for the monitoring figures.
    assert list(ProjectActivity.objects.filter(project_year__project=project)
                .values_list("foreign_experts", "participants_total")) == [(2, 30), (2, 30)]


def test_the_retention_period_is_configurable(hq_staff, settings):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "delegates": 30}
    _closed_project(hq_staff)
    with time_machine.travel(dt.datetime(2028, 7, 2, tzinfo=JST), tick=False):
        assert apply_retention.apply().get()["delegates"] == 1
