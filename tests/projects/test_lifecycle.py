"""A sponsored project's lifecycle (projects.workflow.PROJECT): running → completed, closed
early or cancelled, each with a reason, on the project's timeline, told to the
organisation in its language; once it has ended nothing of it changes, none of its reports
is reminded or late, and the monitoring counts it by how it ended."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import Role
from audit.models import AuditEvent
from notifications.enums import Kind
from notifications.models import Notification
from projects import tasks
from projects.enums import ProjectStatus as P
from projects.enums import ReportStatus as R
from projects.models import Project, ProjectStatusChange
from projects.selectors import report_standing_counts, reports_for_hq
from projects.services import (
    project_end,
    project_firm_create,
    report_accept,
    report_submit,
    report_summary_update,
)
from projects.workflow import (
    PROJECT,
    PROJECT_ABILITIES,
    PROJECT_MOVES,
    WORK_ON,
    abilities_for,
    is_running,
    project_abilities_for,
)
from rit_portal.lifecycle import IllegalTransition
from tests.factories import OrganisationFactory, UserFactory

from .builders import complete_report, published_project, year_of

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def test_the_project_table_as_a_newcomer_reads_it():
    assert {source: sorted(moves) for source, moves in PROJECT_MOVES.items()} == {
        P.RUNNING: [P.CANCELLED, P.CLOSED_EARLY, P.COMPLETED],
        P.COMPLETED: [], P.CLOSED_EARLY: [], P.CANCELLED: []}
    assert {s: sorted(a.code for a in abilities)
            for s, abilities in PROJECT_ABILITIES.items()} == {
        P.RUNNING: ["work_on"], P.COMPLETED: [], P.CLOSED_EARLY: [], P.CANCELLED: []}


@pytest.mark.parametrize("status", list(P))
def test_running_is_one_rule_in_python_and_in_sql(project, status):
    Project.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()
    assert is_running(project) == Project.objects.running().filter(pk=project.pk).exists()
    assert (not is_running(project)) == Project.objects.ended().filter(pk=project.pk).exists()
    assert PROJECT.statuses_granting(WORK_ON) == (P.RUNNING,)


@pytest.mark.parametrize("to, subject_ja, subject_en", [
    (P.CLOSED_EARLY, "：採択事業の早期終了のお知らせ",
     ": your sponsored project has been closed early"),
    (P.CANCELLED, "：採択事業の中止のお知らせ", ": your sponsored project has been cancelled"),
])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_hq_ends_a_project_with_a_reason(project, hq_staff, to, subject_ja, subject_en, language,
                                         django_capture_on_commit_callbacks):
    project.organisation.preferred_language = language
    project.organisation.save()
    moment = dt.datetime(2027, 9, 1, 10, tzinfo=JST)
    with time_machine.travel(moment, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        change = project_end(project=project, by=hq_staff, to=to,
                             reason="  The partner region withdrew.  ")
    project.refresh_from_db()
    assert (project.status, project.closed_at) == (to, moment)
    assert [(c.from_status, c.to_status, c.by, c.note, c.event) for c in
            ProjectStatusChange.objects.filter(project=project)] == [
        (P.RUNNING, to, hq_staff, "The partner region withdrew.", f"project.{to}")]
    assert change.event_text == {P.CLOSED_EARLY: "Project closed early by the programme office.",
                                 P.CANCELLED: "Project cancelled by the programme office."}[to]
    # In the application's history too, with the reason.
    [entry] = AuditEvent.objects.filter(application=project.application,
                                        event=f"project.{to}")
    assert (entry.by, entry.note) == (hq_staff, "The partner region withdrew.")
    # The organisation is told, in its language, with the reason and the link.
    [notification] = Notification.objects.filter(kind={P.CLOSED_EARLY: Kind.PROJECT_CLOSED_EARLY,
                                                       P.CANCELLED: Kind.PROJECT_CANCELLED}[to])
    assert notification.params == {"status_change": change.pk}
    [message] = mail.outbox
    assert project.organisation.contact_email in message.to
    subject = subject_ja if language == "ja" else subject_en
    assert message.subject == f"{project.application.reference}{subject}"
    assert "The partner region withdrew." in message.body
    assert reverse("projects:detail", kwargs={"pk": project.pk}) in message.body


def test_a_reason_is_required_and_nothing_is_saved_without_it(project, hq_staff):
    with pytest.raises(ValidationError) as refused:
        project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="   ")
    assert refused.value.message_dict == {"note": ["Give the reason: the organisation reads it."]}
    project.refresh_from_db()
    assert project.status == P.RUNNING
    assert not ProjectStatusChange.objects.exists()
    assert not Notification.objects.filter(kind=Kind.PROJECT_CANCELLED).exists()


@pytest.mark.parametrize("actor", ["member", "hq_reviewer", "nobody"])
def test_only_hq_ends_a_project(project, member, actor):
    by = {"member": member, "hq_reviewer": UserFactory(role=Role.HQ_REVIEWER),
          "nobody": None}[actor]
    with pytest.raises(IllegalTransition):
        project_end(project=project, by=by, to=P.CLOSED_EARLY, reason="x")
    project.refresh_from_db()
    assert project.status == P.RUNNING


def test_an_ended_project_cannot_end_again_or_be_completed(project, member, hq_staff):
    project_end(project=project, by=hq_staff, to=P.CLOSED_EARLY, reason="Budget cut.")
    with pytest.raises(IllegalTransition,
                       match="A project cannot move from “Closed early” to “Cancelled”"):
        project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="x")
    # Its last report accepted later does not make it "completed".
    for number in (1, 2):
        report = year_of(project, number).report
        report.status = R.SUBMITTED
        report.save()
        report_accept(report=report, by=hq_staff)
    project.refresh_from_db()
    assert project.status == P.CLOSED_EARLY


def test_nothing_of_an_ended_project_changes(project, member, hq_staff):
    report = year_of(project).report
    assert (abilities_for(report=report, user=member).edit,
            project_abilities_for(project=project, user=member).work_on) == (True, True)
    project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="The consortium split.")
    project.refresh_from_db()
    report = year_of(project).report
    may = abilities_for(report=report, user=member)
    assert (may.edit, may.send_survey, may.submit) == (False, False, False)
    assert project_abilities_for(project=project, user=member).work_on is False
    with pytest.raises(ValidationError, match="This project has ended \\(Cancelled\\)"):
        report_summary_update(report=report, by=member, summary="x")
    with pytest.raises(ValidationError, match="This project has ended"):
        project_firm_create(project=project, by=member, name="New firm")
    with pytest.raises(ValidationError, match="This project has ended"):
        report_submit(report=report, by=member)


def test_completed_when_the_final_report_is_accepted(project, member, hq_staff):
    from projects.services import final_report_accept, final_report_save, final_report_submit

    for number in (1, 2):
        moment = dt.datetime(2027 + number - 1, 8, 1, 3, tzinfo=dt.UTC)
        with time_machine.travel(moment, tick=False):
            report = complete_report(project, member, number=number)
            report_submit(report=report, by=member)
            report_accept(report=report, by=hq_staff)
    project.refresh_from_db()
    assert project.status == P.RUNNING  # the final report is still due
    with pytest.raises(ValidationError, match="once its final report is accepted"):
        PROJECT.move(project, to=P.COMPLETED, by=hq_staff)
    moment = dt.datetime(2028, 8, 2, 3, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        final = final_report_save(project=project, by=member, outcomes="成果",
                                  business_results="なし", lessons="教訓")
        final_report_submit(final_report=final, by=member)
        final_report_accept(final_report=final, by=hq_staff)
    project.refresh_from_db()
    assert (project.status, project.closed_at) == (P.COMPLETED, moment)
    [change] = ProjectStatusChange.objects.filter(project=project)
    assert (change.to_status, change.by, change.event_text) == (
        P.COMPLETED, hq_staff, "The final report accepted: the project is completed.")


# --- Reminders, HQ's late list ---------------------------------------------------------------

def test_an_ended_project_gets_no_reminders(project, hq_staff):
    running = published_project()
    project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="Withdrawn.")
    with time_machine.travel(dt.datetime(2027, 4, 16, 9, tzinfo=JST), tick=False):
        assert tasks.remind_reports.apply().get() == 1  # only the running project's
    with time_machine.travel(dt.datetime(2027, 5, 10, 9, tzinfo=JST), tick=False):
        assert tasks.remind_reports.apply().get() == 1  # late: again only the running one
    reminded = Notification.objects.filter(kind__in=[Kind.REPORT_DUE_SOON, Kind.REPORT_LATE])
    assert {n.params["report"] for n in reminded} == {year_of(running).report.pk}


def test_an_ended_projects_reports_are_not_late(project, hq_staff):
    late = published_project()
    project_end(project=project, by=hq_staff, to=P.CLOSED_EARLY, reason="Stopped.")
    today = dt.date(2027, 5, 10)
    standings = {(r.project_year.project_id, r.project_year.number): r.standing
                 for r in reports_for_hq(today=today)}
    assert standings == {(late.pk, 1): "late", (late.pk, 2): "due",
                         (project.pk, 1): "not_required", (project.pk, 2): "not_required"}
    assert [r.project_year.project_id for r in reports_for_hq(today=today, standing="late")] == [
        late.pk]
    assert report_standing_counts(today=today) == {
        "due": 1, "late": 1, "submitted": 0, "returned": 0, "accepted": 0, "not_required": 2}


# --- The pages --------------------------------------------------------------------------------

def test_hq_ends_a_project_from_its_page(client, project, member, hq_staff,
                                         django_capture_on_commit_callbacks):
    client.force_login(hq_staff)
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))
    assert page.context["end_form"] is not None
    assert 'data-testid="project-end"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:end", kwargs={"pk": project.pk}),
                               {"to": P.CANCELLED, "reason": "The partner region withdrew."},
                               follow=True)
    assert response.redirect_chain == [(reverse("projects:detail", kwargs={"pk": project.pk}),
                                         302)]
    html = response.content.decode()
    assert "The project is now “Cancelled”; the organisation is told by e-mail." in html
    assert 'data-status="cancelled" data-testid="project-status">Cancelled</span>' in html
    assert 'data-testid="project-end"' not in html  # nothing left to end
    project.refresh_from_db()
    assert project.status == P.CANCELLED
    assert len(mail.outbox) == 1


def test_a_missing_reason_is_shown_at_the_field_and_keeps_the_choice(client, project, hq_staff):
    client.force_login(hq_staff)
    response = client.post(reverse("projects:end", kwargs={"pk": project.pk}),
                           {"to": P.CLOSED_EARLY, "reason": ""})
    assert response.status_code == 200
    form = response.context["end_form"]
    assert form.errors == {"reason": ["Enter the reason."]}
    assert form["to"].value() == P.CLOSED_EARLY
    project.refresh_from_db()
    assert project.status == P.RUNNING


def test_the_organisation_reads_how_its_project_ended_in_its_language(client, project, member,
                                                                      hq_staff):
    project_end(project=project, by=hq_staff, to=P.CLOSED_EARLY, reason="予算の削減のため。")
    client.force_login(member)
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk}),
                      HTTP_ACCEPT_LANGUAGE="ja")
    html = page.content.decode()
    assert page.context["end_form"] is None
    assert 'data-testid="project-end"' not in html
    assert 'data-status="closed_early" data-testid="project-status">早期終了</span>' in html
    assert "予算の削減のため。" in html
    assert "事務局が事業を早期に終了。" in html
    # Nothing to change any more: no change buttons.
    assert reverse("projects:partner-contact", kwargs={"pk": project.pk}) not in html


@pytest.mark.parametrize("who", ["member", "other_applicant", "hq_reviewer"])
def test_only_hq_reaches_the_end_form(client, project, member, who):
    user = {"member": member,
            "other_applicant": UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory()),
            "hq_reviewer": UserFactory(role=Role.HQ_REVIEWER)}[who]
    client.force_login(user)
    response = client.post(reverse("projects:end", kwargs={"pk": project.pk}),
                           {"to": P.CANCELLED, "reason": "x"})
    assert response.status_code == 404
    if who != "member":
        assert client.get(reverse("projects:detail",
                                  kwargs={"pk": project.pk})).status_code == 404
    project.refresh_from_db()
    assert project.status == P.RUNNING


def test_hq_filters_the_project_list_by_status(client, project, hq_staff):
    running = published_project()
    project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="x")
    client.force_login(hq_staff)
    for status, expected in (("running", [running.pk]), ("cancelled", [project.pk]),
                             ("", sorted([running.pk, project.pk]))):
        response = client.get(reverse("projects:list"), {"status": status})
        assert sorted(p.pk for p in response.context["page"]) == expected, status


@pytest.mark.parametrize("n", [1, 4])
def test_the_list_of_running_projects_costs_the_same_queries_for_one_row_or_many(
        client, hq_staff, django_assert_num_queries, n):
    for _ in range(n):
        published_project()
    project_end(project=published_project(), by=hq_staff, to=P.CANCELLED, reason="x")
    client.force_login(hq_staff)
    client.get(reverse("projects:list"))
    with django_assert_num_queries(7):  # a page: its count, then its rows
        response = client.get(reverse("projects:list"), {"status": "running"})
    assert len(response.context["page"]) == n


# --- The monitoring ----------------------------------------------------------------------------

def test_the_monitoring_counts_projects_by_how_they_ended(project, member, hq_staff):
    from monitoring.selectors import programme_figures
    from monitoring.tables import figure_tables

    # Four FY2026 projects of two years: year 1 is FY2026, year 2 FY2027.
    cancelled, closed, completed = project, published_project(), published_project()
    published_project()  # still running
    with time_machine.travel(dt.datetime(2026, 10, 1, 3, tzinfo=dt.UTC), tick=False):
        project_end(project=cancelled, by=hq_staff, to=P.CANCELLED, reason="Withdrawn.")
    with time_machine.travel(dt.datetime(2027, 6, 1, 3, tzinfo=dt.UTC), tick=False):
        project_end(project=closed, by=hq_staff, to=P.CLOSED_EARLY, reason="Budget cut.")
    Project.objects.filter(pk=completed.pk).update(
        status=P.COMPLETED, closed_at=dt.datetime(2028, 5, 20, tzinfo=dt.UTC))
    figures = programme_figures(fiscal_year=2026)
    assert [(row.key, row.count) for row in figures.by_status] == [
        ("running", 1), ("completed", 1), ("closed_early", 1), ("cancelled", 1)]
    [table] = [t for t in figure_tables(figures) if t.key == "by-status"]
    assert [[cell.value for cell in row] for row in table.rows] == [
        ["Running", 1], ["Completed", 1], ["Closed early", 1], ["Cancelled", 1]]
    # Every project ran in FY2026; in FY2027 the one cancelled in October 2026 did not,
    # the one closed early in June 2027 did.
    assert programme_figures(fiscal_year=2026).projects_running == 4
    assert programme_figures(fiscal_year=2027).projects_running == 3


def test_the_api_says_how_each_project_ended_and_filters_by_it(client, project, hq_staff):
    from monitoring.services import api_token_create

    running = published_project()
    project_end(project=project, by=hq_staff, to=P.CANCELLED, reason="Withdrawn.")
    project.refresh_from_db()
    token = api_token_create(by=hq_staff, label="statistics")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    items = client.get("/api/v1/projects", **auth).json()["items"]
    assert {(i["id"], i["status"], i["ended_at"] is not None) for i in items} == {
        (running.pk, "running", False), (project.pk, "cancelled", True)}
    assert [i["id"] for i in client.get("/api/v1/projects", {"status": "running"},
                                        **auth).json()["items"]] == [running.pk]
    assert [i["id"] for i in client.get("/api/v1/projects", {"status": "cancelled"},
                                        **auth).json()["items"]] == [project.pk]
    assert client.get("/api/v1/projects", {"status": "active"}, **auth).status_code == 422
