"""Board jobs: the publication of the decisions and the board's bulk actions run as jobs
(sponsorship/board_jobs.py). The request records the job and returns; the job does each
application exactly once, survives a crash in the middle of a step, shows a failure and
can be retried by HQ; beat's sweep queues a job whose task was lost."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from applications.enums import ApplicationStatus as S
from notifications.enums import Kind
from notifications.models import Notification
from projects.models import Project
from sponsorship import board_jobs
from sponsorship.board_jobs import (
    JOB_STALE_AFTER,
    board_action_start,
    board_job_is_stale,
    board_job_retry,
    board_job_run,
    board_jobs_requeue_stale,
    decisions_publication_start,
)
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import BoardJobItemStatus as Item
from sponsorship.enums import BoardJobKind, BoardJobStatus, DecisionMode
from sponsorship.models import AwardLetter, BoardJob
from tests.factories import CallFactory, OrganisationFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_call(hq_staff):
    """Five decided applications of three organisations (three groups): A with two
    approvals, B with an approval and a waitlisted application, C with a rejection."""
    call = CallFactory(fiscal_year=2027, budget_envelope=100_000_000)
    org_a, org_b, org_c = (OrganisationFactory() for _ in range(3))
    approvals = []
    for organisation in (org_a, org_a, org_b):
        application = reviewed_application(call=call, organisation=organisation,
                                           status=S.ELIGIBLE)
        CostLineFactory(application=application)
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
        approvals.append(application)
    others = [reviewed_application(call=call, organisation=org_b, status=S.WAITLISTED),
              reviewed_application(call=call, organisation=org_c, status=S.REJECTED)]
    return call, approvals, others


def published_once(call) -> tuple:
    """(decision e-mails recorded, award letters, projects, applications published)."""
    return (Notification.objects.filter(kind=Kind.DECISIONS_PUBLISHED).count(),
            AwardLetter.objects.filter(decision__application__call=call).count(),
            Project.objects.count(),
            call.applications.filter(decision_published_at__isnull=False).count())


class Crash(BaseException):
    """A worker dying in the middle of a step (not an error the job catches)."""


def test_the_request_records_the_job_and_does_nothing_else(decided_call, hq_staff):
    call, approvals, others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    assert (job.kind, job.status, job.total, job.processed) == (
        BoardJobKind.PUBLISH, BoardJobStatus.QUEUED, 5, 0)
    # One item per application, an organisation's applications in one group.
    groups = list(job.items.order_by("position").values_list("application__organisation",
                                                             "group"))
    assert [organisation for organisation, group in groups] == [g for _o, g in groups]
    assert published_once(call) == (0, 0, 0, 0)


def test_the_job_publishes_each_application_once_and_a_second_run_does_nothing(
        decided_call, hq_staff):
    call, approvals, others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    job = board_job_run(job_id=job.pk)
    assert (job.status, job.processed, job.runs) == (BoardJobStatus.DONE, 5, 1)
    assert set(job.items.values_list("status", flat=True)) == {Item.DONE}
    assert published_once(call) == (3, 3, 3, 5)  # one e-mail per organisation
    job = board_job_run(job_id=job.pk)  # the same task delivered again
    assert (job.status, job.runs) == (BoardJobStatus.DONE, 1)
    assert published_once(call) == (3, 3, 3, 5)


def test_a_crash_in_the_middle_of_a_step_leaves_it_pending_and_the_next_run_does_it_once(
        decided_call, hq_staff, monkeypatch):
    call, approvals, others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    real = board_jobs.WORK[BoardJobKind.PUBLISH]
    steps = []

    def dies_on_the_second_step(job, applications):
        outcome = real(job, applications)  # the work is done, not yet committed
        steps.append(applications)
        if len(steps) == 2:
            raise Crash
        return outcome

    monkeypatch.setitem(board_jobs.WORK, BoardJobKind.PUBLISH, dies_on_the_second_step)
    with pytest.raises(Crash):
        board_job_run(job_id=job.pk)
    job.refresh_from_db()
    first_group = len(steps[0])
    assert (job.status, job.processed) == (BoardJobStatus.RUNNING, first_group)
    assert published_once(call)[3] == first_group  # the second step left nothing behind

    monkeypatch.setitem(board_jobs.WORK, BoardJobKind.PUBLISH, real)
    job = board_job_run(job_id=job.pk)
    assert (job.status, job.processed, job.runs) == (BoardJobStatus.DONE, 5, 2)
    assert published_once(call) == (3, 3, 3, 5)


def test_an_unexpected_error_fails_its_step_the_job_goes_on_and_hq_retries_only_it(
        decided_call, hq_staff, monkeypatch, client):
    call, approvals, others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    real = board_jobs.WORK[BoardJobKind.PUBLISH]
    rejected = others[1]

    def fails_for_c(job, applications):
        if rejected in applications:
            raise RuntimeError("database hiccup")
        return real(job, applications)

    monkeypatch.setitem(board_jobs.WORK, BoardJobKind.PUBLISH, fails_for_c)
    job = board_job_run(job_id=job.pk)
    assert (job.status, job.processed) == (BoardJobStatus.FAILED, 5)
    assert list(job.items.filter(status=Item.FAILED).values_list("application", "message")) == [
        (rejected.pk, "RuntimeError: database hiccup")]
    assert published_once(call) == (2, 3, 3, 4)

    client.force_login(hq_staff)
    page = client.get(reverse("sponsorship:board-job", args=[job.pk]))
    assert (page.context["retryable"], page.context["summary"]) == (
        True, "4 decisions published; the applicants are being notified.")
    html = page.content.decode()
    assert "RuntimeError: database hiccup" in html
    assert reverse("sponsorship:board-job-retry", args=[job.pk]) in html

    monkeypatch.setitem(board_jobs.WORK, BoardJobKind.PUBLISH, real)
    job = board_job_retry(job=job, by=hq_staff)
    assert (job.status, job.processed) == (BoardJobStatus.QUEUED, 4)
    job = board_job_run(job_id=job.pk)
    assert (job.status, job.processed) == (BoardJobStatus.DONE, 5)
    assert published_once(call) == (3, 3, 3, 5)


def test_retry_from_the_page(decided_call, hq_staff, monkeypatch, client,
                             django_capture_on_commit_callbacks):
    call, _approvals, _others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    monkeypatch.setitem(board_jobs.WORK, BoardJobKind.PUBLISH,
                        lambda job, applications: 1 / 0)
    board_job_run(job_id=job.pk)
    monkeypatch.undo()
    client.force_login(hq_staff)
    url = reverse("sponsorship:board-job-retry", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the job runs at commit (eager)
        client.post(url)
    response = client.get(reverse("sponsorship:board-job", args=[job.pk]))
    assert [str(m) for m in response.context["messages"]] == [
        "The job has been queued again; what was done already is not done twice."]
    job.refresh_from_db()
    assert (job.status, response.context["summary"]) == (
        BoardJobStatus.DONE, "5 decisions published; the applicants are being notified.")
    # A finished job is not retried.
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Only a failed job, or one that has made no progress for 2 minutes, can be retried."]


def test_a_job_runs_in_slices_each_queueing_the_next(decided_call, hq_staff,
                                                    django_capture_on_commit_callbacks):
    call, _approvals, _others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    with django_capture_on_commit_callbacks() as queued:
        job = board_job_run(job_id=job.pk, seconds=0)  # one step, then the next slice
    assert (job.status, job.processed) == (BoardJobStatus.RUNNING, 2)  # organisation A's
    for callback in queued:  # the commit: e-mails, letters, and the next slice
        callback()
    job.refresh_from_db()
    assert (job.status, job.processed, job.runs) == (BoardJobStatus.DONE, 5, 2)


def test_the_sweep_queues_again_a_job_whose_task_was_lost(decided_call, hq_staff,
                                                         django_capture_on_commit_callbacks):
    call, _approvals, _others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)  # its task never ran
    assert board_jobs_requeue_stale() == 0  # not stale yet
    later = timezone.now() + JOB_STALE_AFTER + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert board_jobs_requeue_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == BoardJobStatus.DONE
    assert published_once(call) == (3, 3, 3, 5)
    assert board_jobs_requeue_stale(now=later + JOB_STALE_AFTER * 2) == 0


def test_a_second_publication_waits_for_the_first(decided_call, hq_staff):
    call, _approvals, _others = decided_call
    decisions_publication_start(call=call, by=hq_staff)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        decisions_publication_start(call=call, by=hq_staff)
    assert refused.value.messages == [
        "The decisions of this call are being published already: wait until that "
        "publication has finished."]


def test_an_application_published_meanwhile_is_skipped_with_why(decided_call, hq_staff):
    call, approvals, _others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    call.applications.filter(pk=approvals[0].pk).update(decision_published_at=timezone.now())
    with translation.override("en"):
        job = board_job_run(job_id=job.pk)
    assert list(job.items.exclude(status=Item.DONE).values_list("application", "status",
                                                                "message")) == [
        (approvals[0].pk, Item.SKIPPED, "Its decision was published already.")]
    assert job.status == BoardJobStatus.DONE


def test_refusals_are_written_in_the_language_of_who_asked(hq_staff):
    call = CallFactory()
    reviewed = reviewed_application(call=call)  # not eligible: cannot be waitlisted
    with translation.override("ja"):
        job = board_action_start(call=call, applications=[reviewed], by=hq_staff,
                                 action="waitlist")
    with translation.override("en"):
        job = board_job_run(job_id=job.pk)
    assert list(job.items.values_list("status", "message")) == [
        (Item.REFUSED, "申請を「審査完了」から「補欠」に変更することはできません。")]


def test_the_page_and_its_json_while_the_job_waits(decided_call, hq_staff, client):
    call, _approvals, _others = decided_call
    job = decisions_publication_start(call=call, by=hq_staff)
    client.force_login(hq_staff)
    progress = client.get(reverse("sponsorship:board-job-progress", args=[job.pk])).json()
    assert progress == {"job": job.pk, "status": "queued", "total": 5, "done": 0,
                        "percent": 0, "finished": False}
    html = client.get(reverse("sponsorship:board-job", args=[job.pk])).content.decode()
    # Followed by a script from a static file (CSP) and, without JavaScript, a refresh.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "/static/sponsorship/progress.js" in html
    board = client.get(reverse("sponsorship:board", args=[call.pk]))
    assert [j.pk for j in board.context["jobs"]] == [job.pk]
    assert reverse("sponsorship:board-job", args=[job.pk]) in board.content.decode()

    board_job_run(job_id=job.pk)
    html = client.get(reverse("sponsorship:board-job", args=[job.pk])).content.decode()
    assert "progress.js" not in html and 'http-equiv="refresh"' not in html
    assert client.get(reverse("sponsorship:board", args=[call.pk])).context["jobs"] == []


@pytest.mark.django_db(transaction=True)  # the request commits: its on-commit hooks run in it
def test_publishing_with_the_broker_down_records_the_job_and_says_it_waits(
        decided_call, hq_staff, client, broker_down):
    call, _approvals, _others = decided_call
    client.force_login(hq_staff)
    response = client.post(reverse("sponsorship:publish", args=[call.pk]), follow=True)
    job = BoardJob.objects.get()
    assert [str(m) for m in response.context["messages"]] == [
        "The work is recorded and will start as soon as the task queue answers again; its "
        "page shows the progress."]
    # Stale at once: beat's next sweep queues it.
    assert (job.status, board_job_is_stale(job)) == (BoardJobStatus.QUEUED, True)
    assert published_once(call) == (0, 0, 0, 0)
    assert mail.outbox == []


def test_the_jobs_page_makes_as_many_queries_with_1_and_with_6_applications_not_done(
        hq_staff, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def refused_job(n: int) -> BoardJob:
        call = CallFactory()
        reviewed = [reviewed_application(call=call) for _ in range(n)]  # cannot be waitlisted
        job = board_action_start(call=call, applications=reviewed, by=hq_staff,
                                 action="waitlist")
        return board_job_run(job_id=job.pk)

    client.force_login(hq_staff)

    def queries(job) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("sponsorship:board-job", args=[job.pk]))
        assert len(response.context["outcomes"]["not_done"]) == job.total
        return len(ctx.captured_queries)

    one, six = refused_job(1), refused_job(6)
    queries(one)  # warm caches (content types, sessions)
    assert queries(one) == queries(six)
