"""The retention schedule (APPI Art. 22): every category of personal data has its period in
one table (settings.PRIVACY_RETENTION), applied by one beat job that records each run. A
record one day before its period ends is kept, one day after it is removed or anonymised;
a second run changes nothing; monitoring's figures are the same before and after."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.enums import Role
from accounts.models import ApplicantOrganisation, Invitation, User
from applications.enums import ApplicationStatus, AttachmentKind, ConfirmationStatus, ContactForm
from applications.models import Attachment, PartnerConfirmation, PriorContact, StatusChange
from audit.models import AuditEvent
from monitoring.enums import ReportJobStatus
from monitoring.models import ExportJob
from monitoring.selectors import programme_figures
from notifications.enums import Kind, NotificationStatus
from notifications.models import Notification
from notifications.services import notification_resend
from partnering.enums import InterestStatus
from partnering.models import Interest, InterestStatusChange
from privacy import retention
from privacy.enums import AccessKind, ProvisionKind, RecipientKind
from privacy.models import PersonalDataAccess, Provision, RetentionRun
from privacy.services import retention_apply
from projects.enums import BusinessResult, ProjectStatus
from projects.models import (
    Delegate,
    Project,
    ProjectActivity,
    ProjectFirm,
    ProjectStatusChange,
    Receipt,
    SurveyInvitation,
    SurveyResponse,
    TravelLeg,
)
from projects.services import report_accept, report_submit, survey_answer
from rit_portal.system_texts import event
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory, UserFactory
from tests.partnering.builders import interest
from tests.projects.builders import (
    complete_report,
    expert,
    held_activity,
    member_of,
    published_project,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Each category's starting event, set to a known moment per record.
PROJECT_ENDED = dt.datetime(2028, 6, 1, 12, tzinfo=UTC)
CALL_CLOSED = dt.datetime(2026, 5, 31, 12, tzinfo=UTC)
SURVEY_SENT = dt.datetime(2027, 5, 10, 12, tzinfo=UTC)
INTEREST_REGISTERED = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
REVIEWER_LAST_LOGIN = dt.datetime(2026, 4, 1, 12, tzinfo=UTC)
EMAIL_SENT = dt.datetime(2026, 9, 1, 12, tzinfo=UTC)
INVITATION_EXPIRED = dt.datetime(2026, 2, 1, 12, tzinfo=UTC)
ORGANISATION_LAST_ACTIVE = dt.datetime(2024, 10, 1, 12, tzinfo=UTC)
EXPORT_FINISHED = dt.datetime(2026, 10, 1, 12, tzinfo=UTC)
# Before the world's own history (written now): only the rows below are that old.
HISTORY_WRITTEN = dt.datetime(2025, 6, 2, 12, tzinfo=UTC)
LOOKED = dt.datetime(2025, 7, 1, 12, tzinfo=UTC)
PROVIDED = dt.datetime(2025, 8, 1, 12, tzinfo=UTC)


@pytest.fixture
def world(hq_staff):
    """A person's data in every category, each with its starting event at a known moment:
    a completed project (roster, firm contacts, partner contacts, receipts, an answered
    survey), a cancelled project with a roster, a rejected application (contacts and an
    attachment), a foreign region's unpublished interest, a reviewer, a sent e-mail."""
    project = published_project()
    member = member_of(project)
    expert(held_activity(project, member), member)
    report = complete_report(project, member)
    report_submit(report=report, by=member)
    report_accept(report=report, by=hq_staff)
    PriorContact.objects.create(application=project.application, date=dt.date(2025, 10, 1),
                                form=ContactForm.VISIT_ABROAD, people="Dr. Anna Müller",
                                description="Met Dr. Müller in Stuttgart")
    Project.objects.filter(pk=project.pk).update(
        status=ProjectStatus.COMPLETED, closed_at=PROJECT_ENDED,
        partner_contact_name="Dr. Anna Müller", partner_contact_email="a.mueller@bw.example.de")
    invitation = SurveyInvitation.objects.filter(project_year__project=project).first()
    survey_answer(invitation=invitation, language="ja", overall_satisfaction=4,
                  matching_usefulness=5, business_result=BusinessResult.YES,
                  comment="山田さんの通訳が良かった")
    SurveyInvitation.objects.filter(project_year__project=project).update(sent_at=SURVEY_SENT)

    cancelled = published_project(application__call__fiscal_year=2025)
    cancelled_member = member_of(cancelled)
    expert(held_activity(cancelled, cancelled_member), cancelled_member, family="Schmidt")
    Project.objects.filter(pk=cancelled.pk).update(status=ProjectStatus.CANCELLED,
                                                   closed_at=PROJECT_ENDED)

    call = CallFactory(fiscal_year=2026)
    call.__class__.objects.filter(pk=call.pk).update(
        opens_at=CALL_CLOSED - dt.timedelta(days=60), closes_at=CALL_CLOSED)
    rejected = ApplicationFactory(call=call, status=ApplicationStatus.REJECTED)
    PriorContact.objects.create(application=rejected, date=dt.date(2025, 11, 1),
                                form=ContactForm.VISIT_ABROAD, people="Mr. Jean Dupont",
                                description="Visited M. Dupont")
    PartnerConfirmation.objects.create(
        application=rejected, contact_name="Jean Dupont", contact_email="j.dupont@example.fr",
        contact_organisation="Cosmetic Valley", status=ConfirmationStatus.CONFIRMED,
        message="Nous confirmons. J. Dupont")
    Attachment.objects.create(application=rejected, kind=AttachmentKind.SUPPORTING,
                              file=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 Dupont"),
                              original_name="cv.pdf", size=15)

    region = interest(InterestStatus.AWAITING_REVIEW)
    Interest.objects.filter(pk=region.pk).update(created_at=INTEREST_REGISTERED)
    reviewer = UserFactory(role=Role.HQ_REVIEWER, first_name="Hanako", last_name="Suzuki",
                           email="h.suzuki@jetro.example.jp")
    User.objects.filter(pk=reviewer.pk).update(last_login=REVIEWER_LAST_LOGIN)
    sent = Notification.objects.create(
        kind=Kind.PASSWORD_RESET, key="retention-test", params={}, language="ja",
        recipients=["h.suzuki@jetro.example.jp"], status=NotificationStatus.SENT,
        sent_at=EMAIL_SENT, next_attempt_at=EMAIL_SENT)
    invitation = Invitation.objects.create(
        organisation=project.organisation, email="k.sato@mito-precision.example.jp",
        token_hash="0" * 64, invited_by=member, expires_at=INVITATION_EXPIRED)
    dormant = OrganisationFactory(contact_name="伊藤 由美", contact_name_en="Yumi Ito",
                                  contact_phone="029-000-0000")
    ApplicantOrganisation.objects.filter(pk=dormant.pk).update(
        created_at=ORGANISATION_LAST_ACTIVE)
    export = ExportJob.objects.create(call=call, table="reviews", file_format="csv",
                                      language="ja", requested_by=hq_staff,
                                      status=ReportJobStatus.READY, finished_at=EXPORT_FINISHED)
    export.file.save("reviews.csv", ContentFile("Reviewer,鈴木花子\r\n".encode()))
    # The append-only tables: history entries naming people, HQ's look at a traveller's
    # invitation letter, a travel request handed to a travel agent.
    history = [
        AuditEvent.objects.create(at=HISTORY_WRITTEN, by=hq_staff, application=rejected,
                                  note="Suzuki-san knows Stuttgart",
                                  **event("review.assigned", reviewer="Hanako Suzuki")),
        AuditEvent.objects.create(at=HISTORY_WRITTEN, by=None, organisation=rejected.organisation,
                                  **event("organisation.updated", changes=[
                                      ["contact_name", "Taro Yamada", "Jiro Sato"],
                                      ["address", "Tokyo", "Osaka"]])),
        StatusChange.objects.create(application=rejected, at=HISTORY_WRITTEN, by=hq_staff,
                                    from_status=ApplicationStatus.SUBMITTED,
                                    to_status=ApplicationStatus.REJECTED,
                                    note="M. Dupont phoned to ask"),
        ProjectStatusChange.objects.create(project=project, at=HISTORY_WRITTEN, by=hq_staff,
                                           from_status=ProjectStatus.RUNNING,
                                           to_status=ProjectStatus.COMPLETED,
                                           note="Closed after Dr. Müller's visit"),
        InterestStatusChange.objects.create(interest=region, at=HISTORY_WRITTEN, by=None,
                                            from_status=InterestStatus.UNCONFIRMED,
                                            to_status=InterestStatus.AWAITING_REVIEW,
                                            note=""),
    ]
    looked = PersonalDataAccess.objects.create(
        at=LOOKED, by=hq_staff, what=AccessKind.INVITATION_LETTER,
        subject=f"{project.application.reference} · MUELLER ANNA", path="/projects/1/letter/")
    provided = Provision.objects.create(
        at=PROVIDED, by=hq_staff, what=ProvisionKind.TRAVEL_REQUEST,
        subject=f"{project.application.reference} · Y1", items="passport names, flights",
        people=["MUELLER ANNA", "SCHMIDT KLAUS"], recipient_kind=RecipientKind.TRAVEL_AGENT,
        recipient_name="JTB Stuttgart", recipient_country="Germany")
    return {"project": project, "cancelled": cancelled, "rejected": rejected,
            "interest": region, "reviewer": reviewer, "notification": sent,
            "invitation": invitation, "dormant": dormant, "export": export,
            "history": history, "looked": looked, "provided": provided}


# What each category holds about people in the world above (a tuple that compares).
def _personal(key: str, world) -> tuple:
    project, rejected = world["project"], world["rejected"]
    match key:
        case "unsuccessful_applications":
            return (list(PriorContact.objects.filter(application=rejected)
                         .values_list("people", "description")),
                    list(PartnerConfirmation.objects.filter(application=rejected)
                         .values_list("contact_name", "contact_email", "message")),
                    Attachment.objects.filter(application=rejected).count())
        case "firm_contacts":
            return tuple(ProjectFirm.objects.filter(project=project).exclude(contact_email="")
                         .values_list("contact_name", "contact_email"))
        case "partner_contacts":
            return (tuple(Project.objects.filter(pk=project.pk).values_list(
                        "partner_contact_name", "partner_contact_email")),
                    tuple(PartnerConfirmation.objects.filter(application=project.application)
                          .values_list("contact_name", "contact_email")),
                    tuple(PriorContact.objects.filter(application=project.application)
                          .values_list("people", "description")))
        case "delegates":
            return tuple(Delegate.objects.filter(
                activity__project_year__project__in=[project, world["cancelled"]])
                .values_list("family_name", "given_names"))
        case "survey_answers":
            return (tuple(SurveyInvitation.objects.filter(project_year__project=project)
                          .values_list("name", "organisation_name", "email", "firm")),
                    tuple(SurveyResponse.objects.values_list("comment", flat=True)))
        case "interest_contacts":
            return tuple(Interest.objects.filter(pk=world["interest"].pk)
                         .values_list("contact_name", "contact_email"))
        case "inactive_reviewers":
            return tuple(User.objects.filter(pk=world["reviewer"].pk).values_list(
                "first_name", "last_name", "email", "is_active"))
        case "outbox":
            return tuple(Notification.objects.filter(pk=world["notification"].pk)
                         .values_list("recipients", flat=True))
        case "invitation_addresses":
            return tuple(Invitation.objects.filter(pk=world["invitation"].pk)
                         .values_list("email", flat=True))
        case "organisation_contacts":
            return tuple(ApplicantOrganisation.objects.filter(pk=world["dormant"].pk)
                         .values_list("contact_name", "contact_name_en", "contact_phone",
                                      "contact_email"))
        case "export_files":
            return (ExportJob.objects.filter(pk=world["export"].pk).count(),
                    default_storage.exists(world["export"].file.name))
        case "history":
            return tuple((type(row).objects.filter(pk=row.pk).values_list(
                "note", "event_params", "by", "at").get()) for row in world["history"])
        case "access_log":
            return tuple(PersonalDataAccess.objects.filter(pk=world["looked"].pk).values_list(
                "subject", "path", "by", "what", "at"))
        case "provisions":
            return tuple(Provision.objects.filter(pk=world["provided"].pk).values_list(
                "people", "subject", "recipient_name", "by", "at"))
        case "project_files":
            return (Receipt.objects.filter(
                        spend_line__report__project_year__project=project).count(),
                    Attachment.objects.filter(application=project.application).count())
    raise AssertionError(key)


STARTS = {"unsuccessful_applications": CALL_CLOSED, "firm_contacts": PROJECT_ENDED,
          "partner_contacts": PROJECT_ENDED, "delegates": PROJECT_ENDED,
          "survey_answers": SURVEY_SENT, "interest_contacts": INTEREST_REGISTERED,
          "inactive_reviewers": REVIEWER_LAST_LOGIN, "outbox": EMAIL_SENT,
          "project_files": PROJECT_ENDED, "invitation_addresses": INVITATION_EXPIRED,
          "organisation_contacts": ORGANISATION_LAST_ACTIVE, "export_files": EXPORT_FINISHED,
          "history": HISTORY_WRITTEN, "access_log": LOOKED,
          "provisions": PROVIDED}

# What is left of each category once applied.
REMOVED = {
    "unsuccessful_applications": lambda w: ([("", "")], [("", "", "")], 0),
    "firm_contacts": lambda w: (),
    "partner_contacts": lambda w: ((("", ""),), (("", ""),), (("", ""),)),
    "delegates": lambda w: (),
    "survey_answers": lambda w: (
        tuple(("", "", f"survey-{pk}@removed.invalid", None) for pk in
              SurveyInvitation.objects.filter(project_year__project=w["project"])
              .values_list("pk", flat=True)), ("",)),
    "interest_contacts": lambda w: (("", ""),),
    "inactive_reviewers": lambda w: (("", "", f"reviewer-{w['reviewer'].pk}@removed.invalid",
                                      False),),
    "outbox": lambda w: ([],),
    "project_files": lambda w: (0, 0),
    "invitation_addresses": lambda w: (f"invitation-{w['invitation'].pk}@removed.invalid",),
    "organisation_contacts": lambda w: (
        ("", "", "", f"organisation-{w['dormant'].pk}@removed.invalid"),),
    "export_files": lambda w: (0, False),
    # Who acted and when stay; the note and the people named become "—" (an empty note
    # stays empty; an organisation's change keeps which field changed, not its values).
    "history": lambda w: (
        ("—", {"reviewer": "—"}, w["history"][0].by_id, HISTORY_WRITTEN),
        ("", {"changes": [["contact_name", None, None], ["address", "Tokyo", "Osaka"]]},
         None, HISTORY_WRITTEN),
        ("—", {}, w["history"][2].by_id, HISTORY_WRITTEN),
        ("—", {}, w["history"][3].by_id, HISTORY_WRITTEN),
        ("", {}, None, HISTORY_WRITTEN)),
    "access_log": lambda w: (("—", "—", w["looked"].by_id, AccessKind.INVITATION_LETTER,
                              LOOKED),),
    "provisions": lambda w: ((["—", "—"], w["provided"].subject, "JTB Stuttgart",
                              w["provided"].by_id, PROVIDED),),
}


def test_the_schedule_covers_every_category_in_one_table():
    assert list(settings.PRIVACY_RETENTION) == list(STARTS)
    assert [category.key for category, _days in retention.schedule()] == list(STARTS)
    assert retention.every_category_has_a_period(None) == []
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
            if "retention" in entry["task"] or "personal_data" in entry["task"]} == {
        "privacy.apply_retention"}


def test_a_category_without_a_period_stops_the_system_check(settings):
    settings.PRIVACY_RETENTION = {k: v for k, v in settings.PRIVACY_RETENTION.items()
                                  if k != "outbox"}
    [error] = retention.every_category_has_a_period(None)
    assert error.id == "privacy.E001"
    assert "'outbox'" in error.msg


@pytest.mark.parametrize("key", list(STARTS))
def test_each_category_is_kept_one_day_before_and_removed_one_day_after(
        key, world, django_capture_on_commit_callbacks):
    days = settings.PRIVACY_RETENTION[key]
    end = STARTS[key] + dt.timedelta(days=days)
    before = _personal(key, world)
    assert before != REMOVED[key](world)  # the world holds personal data of this category

    outcome = retention_apply(now=end - dt.timedelta(days=1))
    assert outcome.counts[key] == 0
    assert _personal(key, world) == before

    with django_capture_on_commit_callbacks(execute=True):
        outcome = retention_apply(now=end + dt.timedelta(days=1))
    assert outcome.counts[key] > 0
    assert outcome.errors == {}
    assert _personal(key, world) == REMOVED[key](world)


def test_an_organisation_s_contact_stays_while_it_applies_or_runs_a_project(world):
    """An organisation's last activity is its last application's change or its last
    project's end; while one of its projects runs its contact stays, however old."""
    applying = OrganisationFactory()
    ApplicantOrganisation.objects.filter(pk=applying.pk).update(
        created_at=ORGANISATION_LAST_ACTIVE)
    draft = ApplicationFactory(organisation=applying)
    draft.__class__.objects.filter(pk=draft.pk).update(
        updated_at=ORGANISATION_LAST_ACTIVE + dt.timedelta(days=400))
    running = published_project(application__call__fiscal_year=2024)
    ApplicantOrganisation.objects.filter(pk=running.organisation_id).update(
        created_at=ORGANISATION_LAST_ACTIVE)
    draft.__class__.objects.filter(organisation=running.organisation_id).update(
        updated_at=ORGANISATION_LAST_ACTIVE)
    contact = ("contact_name", "contact_email")
    kept = {pk: ApplicantOrganisation.objects.filter(pk=pk).values_list(*contact).get()
            for pk in (applying.pk, running.organisation_id)}

    retention_apply(now=ORGANISATION_LAST_ACTIVE + dt.timedelta(days=1827))
    assert ApplicantOrganisation.objects.get(pk=world["dormant"].pk).contact_name == ""
    for pk, values in kept.items():
        assert ApplicantOrganisation.objects.filter(pk=pk).values_list(*contact).get() == values

    retention_apply(now=ORGANISATION_LAST_ACTIVE + dt.timedelta(days=400 + 1827))
    assert ApplicantOrganisation.objects.get(pk=applying.pk).contact_name == ""
    assert ApplicantOrganisation.objects.filter(pk=running.organisation_id).values_list(
        *contact).get() == kept[running.organisation_id]


def test_an_invitation_s_address_leaves_a_year_after_its_acceptance(world):
    """An accepted invitation's address goes a year after it was accepted (the account
    keeps its own); its link no longer works once erased."""
    accepted = Invitation.objects.create(
        organisation=world["project"].organisation, email="m.kato@mito.example.jp",
        token_hash="1" * 64, expires_at=INVITATION_EXPIRED + dt.timedelta(days=30),
        accepted_at=INVITATION_EXPIRED + dt.timedelta(days=3))
    retention_apply(now=INVITATION_EXPIRED + dt.timedelta(days=367))
    accepted.refresh_from_db()
    assert accepted.email == "m.kato@mito.example.jp"
    retention_apply(now=INVITATION_EXPIRED + dt.timedelta(days=369))
    accepted.refresh_from_db()
    assert accepted.email == f"invitation-{accepted.pk}@removed.invalid"


def test_the_period_is_read_from_the_settings(world, settings):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "delegates": 30}
    outcome = retention_apply(now=PROJECT_ENDED + dt.timedelta(days=31))
    assert outcome.counts["delegates"] == 2
    assert outcome.counts["firm_contacts"] == 0  # still 365 days


def test_a_cancelled_project_s_roster_is_removed_and_its_counts_stay(world):
    cancelled = world["cancelled"]
    retention_apply(now=PROJECT_ENDED + dt.timedelta(days=366))
    assert Delegate.objects.filter(activity__project_year__project=cancelled).count() == 0
    assert TravelLeg.objects.count() == 0
    cancelled.refresh_from_db()
    assert cancelled.personal_data_removed_at is not None
    assert list(ProjectActivity.objects.filter(project_year__project=cancelled)
                .values_list("foreign_experts", "participants_total")) == [(2, 30)]


def test_each_run_is_recorded_and_a_second_run_changes_nothing(world):
    moment = dt.datetime(2040, 1, 1, tzinfo=UTC)  # every period over
    first = retention_apply(now=moment)
    assert first.counts == {
        "unsuccessful_applications": 1, "firm_contacts": 2, "partner_contacts": 5,
        "delegates": 2, "survey_answers": 3, "interest_contacts": 1, "inactive_reviewers": 1,
        "outbox": 1, "project_files": 1, "invitation_addresses": 1,
        "organisation_contacts": ApplicantOrganisation.objects.count(), "export_files": 1,
        # the world's own history too (written now): every entry with a note or a name
        "history": 4 + sum(model.objects.exclude(note="").exclude(at=HISTORY_WRITTEN).count()
                           for model in (AuditEvent, StatusChange, ProjectStatusChange)),
        "access_log": 1, "provisions": 1}
    everything = {key: _personal(key, world) for key in STARTS}
    second = retention_apply(now=moment)
    assert second.counts == dict.fromkeys(STARTS, 0)
    assert {key: _personal(key, world) for key in STARTS} == everything
    assert list(RetentionRun.objects.order_by("pk").values_list("started_at", "counts",
                                                                "errors")) == [
        (moment, first.counts, {}), (moment, second.counts, {})]


def test_monitoring_figures_are_unchanged_by_a_run(world):
    before = (programme_figures(), programme_figures(fiscal_year=2026))
    retention_apply(now=dt.datetime(2040, 1, 1, tzinfo=UTC))
    assert (programme_figures(), programme_figures(fiscal_year=2026)) == before
    assert before[0].survey.answered == 1  # the figures counted what the run anonymised
    assert before[0].firms.firms > 0


def test_a_failing_category_is_recorded_and_the_others_still_run(world, monkeypatch):
    def broken(*, before):
        Interest.objects.update(contact_name="half-done")
        raise RuntimeError("storage unreachable")

    category = retention.CATEGORIES["interest_contacts"]
    monkeypatch.setitem(retention.CATEGORIES, "interest_contacts",
                        retention.Category(category.key, category.label, category.starts,
                                           category.action, broken))
    outcome = retention_apply(now=dt.datetime(2040, 1, 1, tzinfo=UTC))
    assert outcome.errors == {"interest_contacts": "RuntimeError: storage unreachable"}
    assert outcome.counts["interest_contacts"] == 0
    assert outcome.counts["delegates"] == 2
    # Its savepoint rolled back: nothing half done.
    assert Interest.objects.get().contact_name == "Anna Becker"
    assert RetentionRun.objects.get().errors == outcome.errors


def test_the_dry_run_counts_and_changes_nothing(world):
    everything = {key: _personal(key, world) for key in STARTS}
    stored = default_storage.exists(Attachment.objects.get(application=world["rejected"]).file.name)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    dry = retention_apply(now=dt.datetime(2040, 1, 1, tzinfo=UTC), dry_run=True)
    assert dry.run is None and dry.counts["delegates"] == 2
    assert {key: _personal(key, world) for key in STARTS} == everything
    assert default_storage.exists(
        Attachment.objects.get(application=world["rejected"]).file.name) == stored is True
    assert RetentionRun.objects.count() == 0
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines[:-1]] == list(STARTS)
    assert lines[-1].startswith("Dry run:") and "nothing was changed" in lines[-1]


def test_the_command_applies_and_records_the_run(world):
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    run = RetentionRun.objects.get()
    assert f"(run {run.pk})" in out.getvalue()
    assert set(run.counts) == set(STARTS)


def test_the_files_of_an_unsuccessful_application_leave_the_storage(
        world, django_capture_on_commit_callbacks):
    name = Attachment.objects.get(application=world["rejected"]).file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(now=CALL_CLOSED + dt.timedelta(days=731))
    assert not default_storage.exists(name)


def test_an_e_mail_whose_addressees_were_removed_is_not_sent_again(world, hq_staff):
    retention_apply(now=EMAIL_SENT + dt.timedelta(days=366))
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError, match="retention schedule"):
        notification_resend(notification=world["notification"], by=hq_staff)


def test_the_administrator_reads_the_runs_and_hq_does_not(client, hq_staff):
    run = retention_apply(now=dt.datetime(2040, 1, 1, tzinfo=UTC)).run
    changelist = reverse("admin:privacy_retentionrun_changelist")
    client.force_login(hq_staff)
    assert client.get(changelist).status_code == 404
    admin = UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(changelist).status_code == 200
    page = client.get(reverse("admin:privacy_retentionrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "Delegates and foreign experts (rosters): 0" in page.content.decode()


@pytest.mark.parametrize(("language", "heading", "delegates", "append_only"), [
    ("en", "How long each kind of personal data is kept", "365 days",
     ["The history (the audit trail and the status histories)",
      "HQ&#x27;s log of looks at personal data", "Records of provision to a third party"]),
    ("ja", "個人情報の種類ごとの保存期間", "365日",
     ["履歴（監査記録とステータス変更の履歴）", "本部による個人情報の閲覧記録",
      "第三者提供の記録に記された本人の氏名", "「—」に置き換え"]),
])
def test_the_privacy_notice_shows_the_schedule_in_force(client, settings, language, heading,
                                                         delegates, append_only):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "outbox": 90}
    client.cookies["django_language"] = language
    page = client.get(reverse("privacy:notice"))
    assert page.status_code == 200
    html = page.content.decode()
    assert heading in html
    rows = html.split('data-testid="retention-schedule"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 1 + len(STARTS)
    assert delegates in rows
    assert ("90 days" if language == "en" else "90日") in rows
    for label in append_only:  # the append-only tables' categories, in the reader's language
        assert label in rows
