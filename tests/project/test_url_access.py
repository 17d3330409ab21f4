"""Who may open what: every URL pattern of the project, the administration included, for
every role. A pattern without an entry in ACCESS (or ADMIN_MODELS) fails this test.

Adding a URL? Add one entry to ACCESS below, keyed by the URL name ("app:name"; the route
for an unnamed pattern): how to build its arguments from the `world` and what each role gets.
The shorthands say it in one line, e.g. `hq()` (HQ staff and the administrator 200,
everyone else 404, anonymous visitors sent to log in). A page a role may not use is a 404
for that role (never a 403): see rit_portal/views.py.

The world: organisation A's draft application and its application under review (partner
region in the Düsseldorf office's territory), assigned to an HQ reviewer and a Düsseldorf
reviewer who declared no conflict, an HQ reviewer who has not declared yet and one who
declared a conflict; a Paris reviewer (another territory); organisation B's applicant; the
staff of the office in Japan covering organisation A's prefecture (Ibaraki) and of another
(Nagoya); HQ staff; the site administrator (superuser). It is built once for the module (or
once per pytest-xdist worker running it) inside a transaction rolled back at the end; each
test runs in a savepoint of it and each request in a savepoint of its own, so no request sees
another's writes: every role meets the world as described here.
"""

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.enums import ContactForm
from applications.models import PriorContact
from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from regions.models import JetroOffice
from reviews.enums import ConflictStatus
from sponsorship.enums import BoardJobKind, LetterStatus
from sponsorship.models import AwardLetter, BoardJob, LetterBatch
from tests.applications.builders import applicant_of, attach_pdf
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ConsortiumMemberFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.reviews.factories import AssignmentFactory
from tests.sponsorship.factories import approved_decision

ROLES = ("anonymous", "applicant_a", "applicant_b", "hq_reviewer", "overseas_reviewer",
         "overseas_other", "reviewer_undeclared", "reviewer_conflicted", "office_a", "office_other",
         "hq_staff", "admin")
LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 anywhere else (a refused action going back, a logged-in visitor)


def everyone(status, **overrides) -> dict:
    return dict.fromkeys(ROLES, status) | overrides


def signed_in(status=404, **overrides) -> dict:
    """Anonymous visitors are sent to log in; every other role gets `status`."""
    return everyone(status, anonymous=LOGIN) | overrides


def hq(ok=200, **overrides) -> dict:
    """HQ staff and the administrator only."""
    return signed_in(404, hq_staff=ok, admin=ok) | overrides


def superuser(ok=200, **overrides) -> dict:
    """The administrator only (the administration's account pages)."""
    return signed_in(404, admin=ok) | overrides


def application_readers(ok=200, **overrides) -> dict:
    """Whoever may read organisation A's application under review: A, its reviewers who
    declared no conflict, the staff of A's office in Japan, HQ staff and the
    administrator."""
    return signed_in(404, applicant_a=ok, hq_reviewer=ok, overseas_reviewer=ok, office_a=ok,
                     hq_staff=ok, admin=ok) | overrides


def project_readers(ok=200, **overrides) -> dict:
    """Organisation A's sponsored project: A, the staff of A's office in Japan, HQ staff
    and the administrator; reviewers and other applicants get a 404."""
    return signed_in(404, applicant_a=ok, office_a=ok, hq_staff=ok, admin=ok) | overrides


def delegate_readers(ok=200, **overrides) -> dict:
    """Delegates' personal data (names, passports, journeys) of A's project: A, HQ staff
    and the administrator; A's office in Japan too gets a 404."""
    return project_readers(ok, office_a=404) | overrides


def project_editors(ok=200) -> dict:
    """A form page of A's project: A uses it, HQ and A's office (who may read) are sent
    back to the page."""
    return project_readers(ok, office_a=REDIRECT, hq_staff=REDIRECT, admin=REDIRECT)


def draft_editors(ok=200, readers=REDIRECT) -> dict:
    """A form page of organisation A's draft: A edits it, HQ (who may read) is sent to the
    read-only page, everyone else: 404."""
    return signed_in(404, applicant_a=ok, hq_staff=readers, admin=readers)


@dataclass(frozen=True)
class Access:
    expect: dict
    kwargs: Callable = lambda w: {}  # world -> URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict
    call: object
    draft: object
    reviewed: object
    member: object
    contact: object
    attachment: object
    assignment: object
    letter: object
    batch: object
    board_job: object
    notification: object
    project: dict  # the sponsored project's ids: pk, year, activity_pk, delegate_pk, …
    monitoring: dict  # a ready annual report's pk, an API token of HQ staff's pk
    # Foreign regions (issue 22): a German interest awaiting review and a published one
    # (Düsseldorf's territory), organisation A's introduction to the published one.
    partnering: dict = field(default_factory=dict)


def build_world() -> World:
    organisation_a = OrganisationFactory()
    call = CallFactory()
    hq_office = JetroOffice.objects.get(code="HQ")
    users = {
        "anonymous": None,
        "applicant_a": applicant_of(organisation_a),
        "applicant_b": applicant_of(),
        "hq_reviewer": UserFactory(role=Role.HQ_REVIEWER, office=hq_office),
        "overseas_reviewer": UserFactory(role=Role.OVERSEAS_REVIEWER,
                                         office=JetroOffice.objects.get(code="DUS")),
        "overseas_other": UserFactory(role=Role.OVERSEAS_REVIEWER,
                                      office=JetroOffice.objects.get(code="PAR")),
        "reviewer_undeclared": UserFactory(role=Role.HQ_REVIEWER, office=hq_office),
        "reviewer_conflicted": UserFactory(role=Role.HQ_REVIEWER, office=hq_office),
        "office_a": UserFactory(role=Role.OFFICE_STAFF,
                                office=JetroOffice.objects.get(code="JP-IBARAKI")),
        "office_other": UserFactory(role=Role.OFFICE_STAFF,
                                    office=JetroOffice.objects.get(code="JP-NAGOYA")),
        "hq_staff": UserFactory(role=Role.HQ_STAFF, is_staff=True),
        "admin": UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True),
    }
    from accounts.services import hq_group_ensure

    users["hq_staff"].groups.add(hq_group_ensure())
    draft = ApplicationFactory(call=call, organisation=organisation_a)
    member = ConsortiumMemberFactory(application=draft)
    contact = PriorContact.objects.create(application=draft, date=timezone.localdate(),
                                          form=ContactForm.VISIT_ABROAD, people="訪問者")
    reviewed = ApplicationFactory(call=call, organisation=organisation_a,
                                  status=S.UNDER_REVIEW, reference="RIT-FY2027-0001",
                                  sequence=1, submitted_at=timezone.now())
    attachment = attach_pdf(reviewed)
    for role, status in [("hq_reviewer", ConflictStatus.NONE),
                         ("overseas_reviewer", ConflictStatus.NONE),
                         ("reviewer_undeclared", ConflictStatus.UNDECLARED)]:
        AssignmentFactory(application=reviewed, reviewer=users[role], conflict_status=status)
    conflicted = AssignmentFactory(application=reviewed, reviewer=users["reviewer_conflicted"],
                                   conflict_status=ConflictStatus.CONFLICT,
                                   conflict_type="personal", conflict_note="Former employer")
    decision = approved_decision(application__call=call,
                                 application__organisation=organisation_a,
                                 application__decision_published_at=timezone.now())
    letter = AwardLetter.objects.create(decision=decision, status=LetterStatus.READY)
    letter.file.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"))
    batch = LetterBatch.objects.create(call=call, requested_by=users["hq_staff"], total=1)
    board_job = BoardJob.objects.create(call=call, kind=BoardJobKind.PUBLISH,
                                        requested_by=users["hq_staff"])
    project = _sponsored_project(decision, users["applicant_a"])
    _one_row_of_every_admin_model(users, reviewed, call, organisation_a)
    notification = notify(Kind.PARTNER_REQUEST, to=Address("partner@bw.example.de", "en"),
                          about=reviewed, params={"confirmation": 1})
    return World(users=users, call=call, draft=draft, reviewed=reviewed, member=member,
                 contact=contact, attachment=attachment,
                 assignment=conflicted, letter=letter, batch=batch, board_job=board_job,
                 notification=notification,
                 project=project, monitoring=_monitoring(users["hq_staff"], call),
                 partnering=_partnering(users["applicant_a"]))


def _partnering(applicant) -> dict:
    from partnering.enums import InterestStatus
    from tests.partnering.builders import interest, introduction

    awaiting = interest(InterestStatus.AWAITING_REVIEW, email="awaiting@bw-i.example.de")
    published = interest(InterestStatus.PUBLISHED)
    return {"awaiting": awaiting.pk, "published": published.pk,
            "introduction": introduction(published, applicant=applicant).pk}


def _monitoring(hq_staff, call) -> dict:
    """A ready annual report with its files, and an API token of the HQ staff member."""
    from monitoring.enums import ReportJobStatus
    from monitoring.models import AnnualReport, ExportJob
    from monitoring.services import api_token_create

    report = AnnualReport.objects.create(fiscal_year=2027, requested_by=hq_staff,
                                         status=ReportJobStatus.READY, progress=100)
    for name in ("pdf", "csv", "xlsx"):
        getattr(report, name).save(f"report.{name}", ContentFile(b"%PDF-1.4 report"))
    token, _secret = api_token_create(by=hq_staff, label="statistics")
    # A large export written by the worker for the HQ staff member (theirs alone).
    export = ExportJob.objects.create(call=call, table="reviews", file_format="csv",
                                      requested_by=hq_staff, status=ReportJobStatus.READY,
                                      rows_written=1, rows_total=1)
    export.file.save("reviews.csv", ContentFile(b"Reference\r\n"))
    return {"report": report.pk, "token": token.pk, "export": export.pk}


def _sponsored_project(decision, member) -> dict:
    """Organisation A's project (as publication creates it) with an activity, a foreign
    expert on its roster, an outcome, a spend line with its receipt; their ids."""
    import datetime as dt

    from projects.models import Receipt
    from projects.services import (
        activity_create,
        delegate_consent_record,
        outcome_create,
        project_firm_create,
        project_for_decision,
        spend_line_create,
    )
    from tests.projects.builders import expert, receipt_pdf, year_of

    project = project_for_decision(decision=decision)
    year = year_of(project, 1)
    activity = activity_create(
        project_year=year, by=member, activity_type="matching_japan", title_ja="商談会",
        starts_on=dt.date(year.fiscal_year, 7, 14), ends_on=dt.date(year.fiscal_year, 7, 15),
        city="Mito", venue="Mito Plaza")
    delegate = expert(activity, member)
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    firm = project_firm_create(project=project, by=member, name="Stuttgart Tech GmbH",
                               location="partner_region")
    outcome = outcome_create(report=year.report, by=member, kind="business_meetings", count=3,
                             value_yen=None, description="商談")
    line = year.approved_lines.filter(approved_amount__gt=0).first()
    spend = spend_line_create(report=year.report, by=member, approved_line=line,
                              description="航空運賃", amount=1000,
                              paid_on=timezone.localdate(), receipt=receipt_pdf())
    changes = _project_changes(project, member)
    return {"pk": project.pk, "year": 1, "activity_pk": activity.pk,
            "delegate_pk": delegate.pk, "firm_pk": firm.pk, "outcome_pk": outcome.pk,
            "line_pk": spend.pk,
            "receipt_pk": Receipt.objects.get(spend_line=spend).pk, **changes}


def _project_changes(project, member) -> dict:
    """Change 1 approved (a reallocation, its amendment letter produced), change 2 returned
    to the organisation (a report's due date)."""
    import datetime as dt

    from projects.letters import project_letter_produce
    from projects.services import variation_approve, variation_request, variation_return

    hq_user = UserFactory(role=Role.HQ_STAFF)
    lines = list(project.years.get(number=2).approved_lines.order_by("pk")[:2])
    approved = variation_request(project=project, by=member, kind="reallocation", reason="理由",
                                 amounts={lines[0].pk: lines[0].approved_amount - 1000,
                                          lines[1].pk: lines[1].approved_amount + 1000})
    variation_approve(variation=approved, by=hq_user)
    project_letter_produce(letter_id=approved.letter.pk)
    returned = variation_request(project=project, by=member, kind="dates", reason="理由",
                                 project_year=project.years.get(number=1),
                                 new_report_due_on=dt.date(2030, 5, 31))
    variation_return(variation=returned, by=hq_user, note="日付を確認してください。")
    return {"number": approved.number, "returned_number": returned.number,
            "letter_pk": approved.letter.pk, "claim_number": _returned_claim(project, member,
                                                                              hq_user)}


def _returned_claim(project, member, hq_user) -> int:
    """A held activity's spend claimed with the report's receipt, returned by HQ."""
    from projects.enums import ActivityStatus
    from projects.models import ProjectActivity, Receipt
    from projects.services import claim_return, claim_submit, spend_line_create
    from tests.projects.builders import held_activity, receipt_pdf, year_of

    # The world's project year lies ahead: the activity is marked held directly.
    activity = held_activity(project, member, status=ActivityStatus.PLANNED)
    ProjectActivity.objects.filter(pk=activity.pk).update(status=ActivityStatus.HELD)
    activity.refresh_from_db()
    line = year_of(project, 1).approved_lines.filter(activity=activity.activity_type,
                                                     approved_amount__gt=1000).first()
    spend = spend_line_create(report=year_of(project, 1).report, by=member, approved_line=line,
                              description="宿泊", amount=500, paid_on=timezone.localdate(),
                              receipt=receipt_pdf())
    claim = claim_submit(project=project, by=member, activity=activity, amounts={line.pk: 500},
                         receipts={line.pk: [Receipt.objects.get(spend_line=spend).pk]})
    claim_return(claim=claim, by=hq_user, note="領収書を確認してください。")
    return claim.number


def _partner_region_pk(name_en: str) -> int:
    from regions.models import PartnerRegion

    return PartnerRegion.objects.get(name_en=name_en).pk


def project_ids(*names):
    return lambda w: {name: w.project[name] for name in names}


def _one_row_of_every_admin_model(users, application, call, organisation) -> None:
    """So that each model's change, history and delete pages have an object to show."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RecoveryCodeSet
    from privacy.models import PersonalDataAccess, Provision, RetentionRun
    from reviews.models import ConsensusScore, ReviewAssignment, ReviewSettings
    from tests.reviews.factories import submitted_review

    access = {"user_agent": "test", "ip_address": "198.51.100.1", "username": "x@example.jp",
              "http_accept": "*/*", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    TOTPDevice.objects.create(user=users["admin"], name="app", confirmed=False)
    RecoveryCodeSet.objects.create(user=users["admin"], name="recovery")
    PersonalDataAccess.objects.create(by=users["hq_staff"], what="roster", subject="RIT")
    Provision.objects.create(by=users["hq_staff"], what="travel_request", subject="RIT",
                             items="names", recipient_kind="travel_agent",
                             recipient_name="JTB")
    RetentionRun.objects.create(started_at=timezone.now(), finished_at=timezone.now(),
                                counts={"delegates": 1})
    ReviewSettings.objects.create(call=call)
    submitted_review(ReviewAssignment.objects.filter(application=application).first())
    ConsensusScore.objects.create(application=application, criterion="c1", score=3,
                                  reason="agreed", recorded_by=users["hq_staff"],
                                  recorded_at=timezone.now())


def _showcase_entry(w) -> int:
    """Organisation A's project's showcase entry (recorded on first use)."""
    from showcase.models import ShowcaseEntry

    return ShowcaseEntry.objects.get_or_create(project_id=w.project["pk"])[0].pk


def data_request_pk(w):
    """A personal data request HQ recorded (on first use)."""
    from privacy.models import DataRequest

    request = DataRequest.objects.filter(person_name="Yuki Tanabe").first()
    if request is None:
        request = DataRequest.objects.create(
            person_name="Yuki Tanabe", kind="disclosure", identified_by="document",
            recorded_by=w.users["hq_staff"])
    return {"pk": request.pk}


def call_pk(w):
    return {"pk": w.call.pk}


def draft_pk(w):
    return {"pk": w.draft.pk}


def reviewed_pk(w):
    return {"pk": w.reviewed.pk}


# Reviewers' home is their own; the public pages are everyone's.
HOME = signed_in(200)
# The review page: the assigned reviewers (the undeclared one sees the declaration form).
REVIEW_PAGE = signed_in(404, hq_reviewer=200, overseas_reviewer=200, reviewer_undeclared=200)

# Foreign regions' interest: HQ and the overseas offices; one interest, its covering office.
OVERSEAS_AND_HQ = signed_in(404, overseas_reviewer=200, overseas_other=200, hq_staff=200,
                            admin=200)
GERMANY_AND_HQ = signed_in(404, overseas_reviewer=200, hq_staff=200, admin=200)

ACCESS: dict[str, Access] = {
    # --- public and account pages -----------------------------------------------------
    "public-home": Access(everyone(200)),
    "favicon.ico": Access(everyone(301)),
    "call-detail": Access(everyone(200), call_pk),
    # --- the public showcase and the promoter kit (issue 22) ------------------------------
    "showcase:list": Access(everyone(200)),
    "showcase:detail": Access(everyone(404), lambda w: {"reference": "RIT-FY2099-9999"}),
    "showcase:project": Access(project_editors(), project_ids("pk")),
    "showcase:review": Access(hq()),
    "showcase:review-decide": Access(hq(REDIRECT), lambda w: {"pk": _showcase_entry(w)}),
    "showcase:kit": Access(everyone(200)),
    "showcase:poster": Access(everyone(200), call_pk),
    "showcase:embed-calls": Access(everyone(200)),
    "home": Access(HOME),
    "login": Access(everyone(REDIRECT, anonymous=200)),
    "logout": Access(everyone(REDIRECT), method="post"),
    "password_change": Access(signed_in(200)),
    "password_change_done": Access(signed_in(200)),
    "password_reset": Access(everyone(200)),
    "password_reset_done": Access(everyone(200)),
    "password_reset_confirm": Access(everyone(200), lambda w: {"uidb64": "MQ", "token": "x-y"}),
    "password_reset_complete": Access(everyone(200)),
    "register": Access(everyone(REDIRECT, anonymous=200)),
    "colleagues": Access(signed_in(404, applicant_a=200, applicant_b=200)),
    "organisation-profile": Access(signed_in(404, applicant_a=200, applicant_b=200)),
    "invitation-accept": Access(everyone(404), lambda w: {"token": "not-a-token"}),
    "office-staff": Access(hq()),
    # HQ keeps the offices, their territories and the partner regions (issue 23).
    "offices": Access(hq()),
    "office-new": Access(hq()),
    "office": Access(hq(), lambda w: {"code": "JP-IBARAKI"}),
    "partner-regions": Access(hq()),
    "partner-region-new": Access(hq()),
    "partner-region": Access(hq(), lambda w: {"pk": _partner_region_pk("Bavaria")}),
    "set_language": Access(everyone(REDIRECT), method="post", data={"language": "en"}),
    "two-factor": Access(hq()),
    "two-factor-setup": Access(hq()),
    "two-factor-verify": Access(hq(REDIRECT)),  # not enrolled: sent to the set-up page
    "two-factor-recovery-codes": Access(hq(REDIRECT), method="post"),
    # --- calls (HQ) --------------------------------------------------------------------
    "applications:call-manage-list": Access(hq()),
    "applications:call-create": Access(hq()),
    "applications:call-edit": Access(hq(), call_pk),
    "applications:call-publish": Access(hq(REDIRECT), call_pk, method="post"),
    "applications:call-unpublish": Access(hq(REDIRECT), call_pk, method="post"),
    "applications:call-history": Access(hq(), call_pk),
    "applications:referral-report": Access(hq()),
    "applications:proposed-regions": Access(hq()),
    "applications:information-requests": Access(hq()),
    # --- the application ---------------------------------------------------------------
    "applications:list": Access(signed_in(404, applicant_a=200, applicant_b=200)),
    "applications:start": Access(signed_in(404, applicant_a=200, applicant_b=200),
                                 lambda w: {"call_pk": w.call.pk}),
    # Copying needs an earlier application of one's own (none posted here: 404).
    "applications:copy": Access(signed_in(404), lambda w: {"call_pk": w.call.pk},
                                method="post"),
    "applications:detail": Access(application_readers(), reviewed_pk),
    "applications:pdf": Access(application_readers(), reviewed_pk),
    "applications:section-overview": Access(draft_editors(), draft_pk),
    "applications:section-consortium": Access(draft_editors(), draft_pk),
    "applications:consortium-csv": Access(draft_editors(REDIRECT), draft_pk),
    "applications:consortium-csv-template": Access(application_readers(), reviewed_pk),
    "applications:member-edit": Access(
        draft_editors(), lambda w: {"pk": w.draft.pk, "member_pk": w.member.pk}),
    "applications:member-delete": Access(
        draft_editors(REDIRECT), lambda w: {"pk": w.draft.pk, "member_pk": w.member.pk}),
    "applications:section-cooperation": Access(draft_editors(), draft_pk),
    "applications:section-prospects": Access(draft_editors(), draft_pk),
    "applications:section-partner": Access(draft_editors(), draft_pk),
    "applications:partner-contacts": Access(draft_editors(), draft_pk),
    "applications:partner-request": Access(draft_editors(), draft_pk),
    "applications:partner-letter": Access(draft_editors(), draft_pk),
    "applications:partner-summary": Access(draft_editors(), draft_pk),
    "applications:prior-contact-delete": Access(
        draft_editors(REDIRECT), lambda w: {"pk": w.draft.pk, "contact_pk": w.contact.pk}),
    "applications:section-attachments": Access(draft_editors(), draft_pk),
    "applications:attachment-download": Access(
        application_readers(), lambda w: {"pk": w.reviewed.pk,
                                          "attachment_pk": w.attachment.pk}),
    "applications:attachment-delete": Access(
        application_readers(REDIRECT), lambda w: {"pk": w.reviewed.pk,
                                                  "attachment_pk": w.attachment.pk}),
    "applications:submit": Access(draft_editors(), draft_pk),
    # Advice of A's office in Japan: A and that office only (A's draft is not shared here).
    "applications:advice": Access(signed_in(404, applicant_a=200, office_a=200), reviewed_pk),
    "applications:withdraw": Access(application_readers(REDIRECT, applicant_a=200),
                                    reviewed_pk),
    "applications:request-information": Access(
        signed_in(404, applicant_a=404, hq_staff=200, admin=200), reviewed_pk),
    "applications:partner-confirm": Access(everyone(404), lambda w: {"token": "altered"}),
    # --- foreign regions' interest and matchmaking (issue 22) ----------------------------
    # The foreign region's pages: no account; the signed link refuses an altered token.
    "partnering:register": Access(everyone(200)),
    "partnering:register-sent": Access(everyone(200)),
    "partnering:access": Access(everyone(200)),
    "partnering:region": Access(everyone(404), lambda w: {"token": "altered"}),
    # HQ and every overseas office follow interests (each office its countries')…
    "partnering:interests": Access(OVERSEAS_AND_HQ),
    "partnering:interest-new": Access(OVERSEAS_AND_HQ),
    "partnering:introductions": Access(OVERSEAS_AND_HQ),
    # …one interest or introduction: HQ and the office covering Germany only.
    "partnering:interest": Access(GERMANY_AND_HQ, lambda w: {"pk": w.partnering["awaiting"]}),
    "partnering:interest-publish": Access(
        signed_in(404, overseas_reviewer=REDIRECT, hq_staff=REDIRECT, admin=REDIRECT),
        lambda w: {"pk": w.partnering["awaiting"]}, method="post"),
    "partnering:introduction": Access(GERMANY_AND_HQ,
                                      lambda w: {"pk": w.partnering["introduction"]}),
    # Applicant organisations: the directory; the introduction of one's own organisation.
    "partnering:directory": Access(signed_in(404, applicant_a=200, applicant_b=200)),
    "partnering:directory-detail": Access(signed_in(404, applicant_a=200, applicant_b=200),
                                          lambda w: {"pk": w.partnering["published"]}),
    "partnering:introduction-start": Access(signed_in(404, applicant_a=200),
                                            lambda w: {"pk": w.partnering["introduction"]}),
    # --- reviews -----------------------------------------------------------------------
    "reviews:index": Access(hq()),
    "reviews:review": Access(REVIEW_PAGE, reviewed_pk),
    # Every reviewer's own conflicts of interest declared in advance.
    "reviews:conflicts": Access(signed_in(404, hq_reviewer=200, overseas_reviewer=200,
                                          overseas_other=200, reviewer_undeclared=200,
                                          reviewer_conflicted=200)),
    "reviews:reviewers": Access(hq()),
    # (reactivating an active reviewer: nothing changes)
    "reviews:reviewer-active": Access(hq(REDIRECT),
                                      lambda w: {"pk": w.users["overseas_other"].pk},
                                      method="post", data={"active": "1"}),
    "reviews:feedback": Access(hq(), reviewed_pk),
    "reviews:settings": Access(hq(), call_pk),
    "reviews:assignments": Access(hq(), call_pk),
    "reviews:assign": Access(hq(), reviewed_pk),
    "reviews:summary": Access(hq(), reviewed_pk),
    # (the conflicted reviewer's: a declared conflict stays on record, HQ is told so)
    "reviews:unassign": Access(hq(REDIRECT), lambda w: {"pk": w.assignment.pk}, method="post"),
    # --- sponsorship -------------------------------------------------------------------
    "sponsorship:cost-proposal": Access(application_readers(), reviewed_pk),
    "sponsorship:cost-proposal-export": Access(application_readers(), reviewed_pk),
    "sponsorship:cost-proposal-import": Access(application_readers(REDIRECT), reviewed_pk,
                                               method="post"),
    "sponsorship:board": Access(hq(), call_pk),
    "sponsorship:board-action": Access(hq(), call_pk, method="post"),  # nothing chosen
    "sponsorship:publish": Access(hq(REDIRECT), call_pk, method="post"),
    "sponsorship:board-job": Access(hq(), lambda w: {"pk": w.board_job.pk}),
    "sponsorship:board-job-progress": Access(hq(), lambda w: {"pk": w.board_job.pk}),
    # A job that is neither failed nor stale: refused, back to its page.
    "sponsorship:board-job-retry": Access(hq(REDIRECT), lambda w: {"pk": w.board_job.pk},
                                          method="post"),
    "sponsorship:decision-list": Access(hq()),
    "sponsorship:decide": Access(hq(), reviewed_pk),
    "sponsorship:letter-calls": Access(hq()),
    "sponsorship:letter-download": Access(hq(200, applicant_a=200),
                                          lambda w: {"pk": w.letter.pk}),
    "sponsorship:letter-retry": Access(hq(REDIRECT), lambda w: {"pk": w.letter.pk},
                                       method="post"),
    "sponsorship:call-letters": Access(hq(), lambda w: {"call_pk": w.call.pk}),
    "sponsorship:call-letters-regenerate": Access(hq(REDIRECT), lambda w: {"call_pk": w.call.pk},
                                                  method="post"),
    "sponsorship:letter-batch-progress": Access(hq(), lambda w: {"pk": w.batch.pk}),
    # --- notifications (HQ reads the outbox and resends) ---------------------------------
    "notifications:outbox": Access(hq()),
    "notifications:detail": Access(hq(), lambda w: {"pk": w.notification.pk}),
    "notifications:resend": Access(hq(REDIRECT), lambda w: {"pk": w.notification.pk},
                                   method="post"),
    # --- sponsored projects (issue 13): A's project, its reports and delegates -------------
    "projects:list": Access(signed_in(404, applicant_a=200, applicant_b=200, hq_staff=200,
                                      admin=200)),
    "projects:detail": Access(project_readers(), project_ids("pk")),
    # HQ ends a project from its page (a GET goes back to the page).
    "projects:end": Access(hq(REDIRECT), project_ids("pk")),
    "projects:partner-contact": Access(project_editors(), project_ids("pk")),
    "projects:firms": Access(project_readers(), project_ids("pk")),
    "projects:firm-edit": Access(project_editors(), project_ids("pk", "firm_pk")),
    "projects:firm-delete": Access(project_readers(REDIRECT), project_ids("pk", "firm_pk")),
    "projects:report-activities": Access(project_readers(), project_ids("pk", "year")),
    "projects:report-outcomes": Access(project_readers(), project_ids("pk", "year")),
    "projects:outcome-delete": Access(project_readers(REDIRECT),
                                      project_ids("pk", "year", "outcome_pk")),
    "projects:report-firms": Access(project_readers(), project_ids("pk", "year")),
    "projects:report-spend": Access(project_readers(), project_ids("pk", "year")),
    "projects:spend-delete": Access(project_readers(REDIRECT),
                                    project_ids("pk", "year", "line_pk")),
    "projects:receipt-upload": Access(project_readers(REDIRECT),
                                      project_ids("pk", "year", "line_pk")),
    "projects:receipt-download": Access(project_readers(),
                                        project_ids("pk", "year", "receipt_pk")),
    "projects:receipt-delete": Access(project_readers(REDIRECT),
                                      project_ids("pk", "year", "receipt_pk")),
    "projects:report-survey": Access(project_readers(), project_ids("pk", "year")),
    "projects:report-summary": Access(project_readers(), project_ids("pk", "year")),
    "projects:report-submit": Access(project_readers(), project_ids("pk", "year")),
    "projects:report-review": Access(project_readers(applicant_a=404, office_a=404),
                                     project_ids("pk", "year")),
    "projects:travel-request": Access(delegate_readers(),
                                      lambda w: {**project_ids("pk", "year")(w), "fmt": "xlsx"}),
    # An activity's page holds its roster (personal data): A's office gets a 404.
    "projects:activity": Access(delegate_readers(), project_ids("pk", "activity_pk")),
    "projects:activity-edit": Access(project_editors() | {"office_a": 404},
                                     project_ids("pk", "activity_pk")),
    "projects:activity-delete": Access(delegate_readers(REDIRECT),
                                       project_ids("pk", "activity_pk")),
    "projects:delegate-edit": Access(project_editors() | {"office_a": 404},
                                     project_ids("pk", "activity_pk", "delegate_pk")),
    "projects:delegate-delete": Access(delegate_readers(REDIRECT),
                                       project_ids("pk", "activity_pk", "delegate_pk")),
    # The traveller's consent (APPI Art. 28): read by whoever reads the roster.
    "projects:delegate-consent": Access(delegate_readers(),
                                        project_ids("pk", "activity_pk", "delegate_pk")),
    "projects:invitation-letter": Access(delegate_readers(),
                                         project_ids("pk", "activity_pk", "delegate_pk")),
    # An office in Japan's upcoming activities, and one of them with its travellers' dates
    # (A's activity in Japan, co-organised by A's office by default): another office's 404.
    "projects:office-activities": Access(signed_in(404, office_a=200, office_other=200)),
    "projects:office-activity": Access(signed_in(404, office_a=200),
                                       project_ids("activity_pk")),
    "projects:hq-reports": Access(hq()),
    "projects:hq-surveys": Access(hq()),
    # Changes to a project (issue 24): A's change 1 approved, change 2 returned to A.
    "projects:hq-variations": Access(hq()),
    "projects:variations": Access(project_readers(), project_ids("pk")),
    "projects:variation-new": Access(project_editors(REDIRECT),
                                     lambda w: {"pk": w.project["pk"]}),
    "projects:variation": Access(project_readers(), project_ids("pk", "number")),
    "projects:variation-edit": Access(project_editors(),
                                      lambda w: {"pk": w.project["pk"],
                                                 "number": w.project["returned_number"]}),
    "projects:letter-download": Access(project_readers(), project_ids("pk", "letter_pk")),
    # (the amendment letter's e-mail not sent yet: HQ's retry sends it, back to the change)
    "projects:letter-retry": Access(hq(REDIRECT), project_ids("pk", "letter_pk"),
                                    method="post"),
    # The final report (issue 24): A writes it, its office and HQ read it.
    "projects:final-report": Access(project_readers(), project_ids("pk")),
    "projects:hq-final-reports": Access(hq()),
    # Claims and payments (issue 24): A's claim 1, returned to A.
    "projects:hq-claims": Access(hq()),
    "projects:payments-export": Access(hq(), lambda w: {"fmt": "csv"}),
    "projects:claims": Access(project_readers(), project_ids("pk")),
    "projects:claim-new": Access(project_readers(404, office_a=REDIRECT, hq_staff=REDIRECT,
                                                 admin=REDIRECT),
                                 lambda w: {"pk": w.project["pk"]}),
    "projects:claim": Access(project_readers(),
                             lambda w: {"pk": w.project["pk"],
                                        "number": w.project["claim_number"]}),
    "projects:claim-edit": Access(project_editors(),
                                  lambda w: {"pk": w.project["pk"],
                                             "number": w.project["claim_number"]}),
    "projects:survey": Access(everyone(404), lambda w: {"token": "altered"}),
    # The traveller's own consent (issue 26): no account; an altered link is refused.
    "projects:traveller-consent": Access(everyone(404), lambda w: {"token": "altered"}),
    # --- monitoring (issue 14): HQ's figures, annual report, exports, API tokens ---------
    "monitoring:dashboard": Access(hq()),
    # A domestic office's figures: HQ for any office, its staff for their own.
    "monitoring:office": Access(hq(office_a=200), lambda w: {"code": "JP-IBARAKI"}),
    "monitoring:reports": Access(hq()),
    "monitoring:report": Access(hq(), lambda w: {"pk": w.monitoring["report"]}),
    "monitoring:report-progress": Access(hq(), lambda w: {"pk": w.monitoring["report"]}),
    # (a ready report cannot be retried: HQ is sent back to its page with the reason)
    "monitoring:report-retry": Access(hq(REDIRECT), lambda w: {"pk": w.monitoring["report"]},
                                      method="post"),
    "monitoring:report-download": Access(hq(), lambda w: {"pk": w.monitoring["report"],
                                                          "fmt": "pdf"}),
    "monitoring:call-money": Access(hq(), lambda w: {"pk": w.call.pk}),
    "monitoring:call-export": Access(hq(), lambda w: {"pk": w.call.pk, "table": "reviews",
                                                      "fmt": "csv"}),
    # A large export written by the worker: its requester's alone (the administrator's
    # are others').
    "monitoring:exports": Access(hq()),
    "monitoring:export": Access(hq(admin=404), lambda w: {"pk": w.monitoring["export"]}),
    "monitoring:export-download": Access(hq(admin=404),
                                         lambda w: {"pk": w.monitoring["export"]}),
    # (a finished export cannot be retried: its requester is sent back with the reason)
    "monitoring:export-retry": Access(hq(REDIRECT, admin=404),
                                      lambda w: {"pk": w.monitoring["export"]}, method="post"),
    "monitoring:api-tokens": Access(hq()),
    # Each person revokes only their own token (the administrator's is another's here).
    "monitoring:api-token-revoke": Access(hq(REDIRECT, admin=404),
                                          lambda w: {"pk": w.monitoring["token"]},
                                          method="post"),
    # --- the reporting API: HQ's session (or token); no one signed in: 401 ---------------
    "api-v1:openapi-json": Access(hq(anonymous=401)),
    "api-v1:api-root": Access(everyone(404)),
    "api-v1:calls": Access(hq(anonymous=401)),
    "api-v1:call": Access(hq(anonymous=401), lambda w: {"call_id": w.call.pk}),
    "api-v1:call-money": Access(hq(anonymous=401), lambda w: {"call_id": w.call.pk}),
    "api-v1:applications": Access(hq(anonymous=401)),
    "api-v1:application": Access(hq(anonymous=401), lambda w: {"application_id": w.reviewed.pk}),
    "api-v1:decisions": Access(hq(anonymous=401)),
    "api-v1:projects": Access(hq(anonymous=401)),
    "api-v1:project": Access(hq(anonymous=401), lambda w: {"project_id": w.project["pk"]}),
    "api-v1:dashboard": Access(hq(anonymous=401)),
    # --- public feeds of the open calls ---------------------------------------------------
    "feed-atom": Access(everyone(200), lambda w: {"lang": "ja"}),
    "feed-ical": Access(everyone(200), lambda w: {"lang": "en"}),
    # --- the privacy notice (APPI Art. 21), every version public ------------------------
    "privacy:notice": Access(everyone(200)),
    "privacy:notice-version": Access(everyone(200), lambda w: {"version": 1}),
    # --- a person's own data, and HQ's answers to requests (APPI Art. 33-35) --------------
    "privacy:my-data": Access(signed_in(200)),
    "privacy:my-data-download": Access(signed_in(200), lambda w: {"file_format": "json"}),
    "privacy:requests": Access(hq()),
    "privacy:provisions": Access(hq()),
    "privacy:request-new": Access(hq()),
    "privacy:request": Access(hq(), data_request_pk, data={"term": "applicant"}),
    "privacy:request-export": Access(hq(), lambda w: data_request_pk(w) | {"file_format": "json"},
                                     data={"term": "applicant"}),
    # A category whose records are not corrected here: the page again, with the message.
    "privacy:request-correct": Access(hq(400), data_request_pk, method="post",
                                      data={"category": "reviews", "record": 1,
                                            "field": "c1_comment", "value": "x"}),
    "privacy:request-erase": Access(hq(REDIRECT), data_request_pk, method="post",
                                    data={"category": "delegates", "record": 999999}),
    "privacy:request-close": Access(hq(REDIRECT), data_request_pk, method="post",
                                    data={"answer": "Disclosed what is held."}),
    # --- for load balancers -------------------------------------------------------------
    "health": Access(everyone(200)),
    # --- for the operator's scraper (a bearer token, tests/project/test_observability.py)
    # and the site administrator -----------------------------------------------------------
    "metrics": Access(everyone(404, admin=200)),
    # --- the administration (site-wide pages; each model's pages: ADMIN_MODELS) ----------
    "admin:index": Access(hq()),
    "admin:login": Access(hq(REDIRECT, anonymous=LOGIN)),
    "admin:logout": Access(hq(REDIRECT), method="post"),
    "admin:password_change": Access(hq()),
    "admin:password_change_done": Access(hq()),
    "admin:autocomplete": Access(hq(404)),  # without its parameters: nothing to complete
    "admin:jsi18n": Access(hq()),
    "admin:view_on_site": Access(hq(404), lambda w: {"content_type_id": 1, "object_id": 1}),
    "admin:app_list": Access(hq(), lambda w: {"app_label": "regions"}),
    "admin/(?P<url>.*)$": Access(hq(404), lambda w: {"url": "no-such-page/"}),
    "admin:auth_user_password_change": Access(
        superuser(404), lambda w: {"id": w.users["hq_staff"].pk}),  # nobody sets another's
}

# Every model in the administration: who maintains it (HQ staff, or the administrator
# alone) and whether anyone may add or delete there. Its six URL patterns follow.
HQ, ADMIN = "hq", "admin"
ADMIN_MODELS = {
    # model label: (who, add, delete)
    "regions.prefecture": (HQ, True, True),
    "regions.country": (HQ, True, True),
    "regions.partnerregion": (HQ, True, True),
    "regions.jetrooffice": (HQ, True, True),
    "regions.sector": (HQ, True, True),
    "accounts.applicantorganisation": (HQ, False, False),
    "accounts.user": (ADMIN, True, True),
    "auth.group": (ADMIN, True, True),
    "axes.accessattempt": (ADMIN, False, True),
    "axes.accesslog": (ADMIN, False, True),
    "axes.accessfailurelog": (ADMIN, False, True),
    "otp_totp.totpdevice": (ADMIN, False, True),
    "accounts.recoverycodeset": (ADMIN, False, True),
    "privacy.personaldataaccess": (ADMIN, False, False),
    "privacy.provision": (ADMIN, False, False),
    "privacy.retentionrun": (ADMIN, False, False),
    "reviews.reviewsettings": (ADMIN, False, False),
    "reviews.reviewassignment": (ADMIN, False, False),
    "reviews.review": (ADMIN, False, False),
    "reviews.consensusscore": (ADMIN, False, False),
    "sponsorship.awardletter": (ADMIN, False, False),
    "sponsorship.letterbatch": (ADMIN, False, False),
    "sponsorship.costline": (ADMIN, False, False),
    "sponsorship.sponsorshipdecision": (ADMIN, False, False),
    "projects.project": (ADMIN, False, False),
    "projects.progressreport": (ADMIN, False, False),
    "monitoring.annualreport": (ADMIN, False, False),
}


def _admin_entries() -> dict[str, Access]:
    """The six patterns of each model in ADMIN_MODELS, on an object of the world."""
    entries = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label not in ADMIN_MODELS:
            continue
        who, can_add, can_delete = ADMIN_MODELS[label]
        allowed = hq if who == HQ else superuser
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

        def object_id(w, model=model):
            return {"object_id": model._default_manager.order_by("pk").values_list(
                "pk", flat=True).first() or 1}

        entries.update({
            f"{prefix}_changelist": Access(allowed()),
            f"{prefix}_add": Access(allowed(200 if can_add else 404)),
            f"{prefix}_change": Access(allowed(), object_id),
            f"{prefix}_history": Access(allowed(), object_id),
            f"{prefix}_delete": Access(allowed(200 if can_delete else 404), object_id),
            # Redirects staff to the change page (which then decides), whatever the model.
            f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/":
                Access(hq(REDIRECT), object_id),
        })
    return entries


def url_patterns(resolver=None, prefix="", namespace=""):
    """(key, pattern) of every URL pattern: its namespaced name, or its route if unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)
            yield key, pattern


def all_entries() -> dict[str, Access]:
    return {**ACCESS, **_admin_entries()}


def test_every_url_pattern_has_an_entry():
    entries = all_entries()
    missing = [key for key, _pattern in url_patterns() if key not in entries]
    assert not missing, (
        "These URL patterns have no entry in tests/project/test_url_access.py: "
        + ", ".join(missing) + ". Add one to ACCESS for each (a model of the administration: "
        "to ADMIN_MODELS), saying what every role gets, e.g. "
        f'"{missing[0]}": Access(hq(), call_pk).')
    stale = sorted(set(entries) - {key for key, _pattern in url_patterns()})
    assert not stale, f"Entries for URL patterns that no longer exist: {stale}"


def _url(key: str, kwargs: dict) -> str:
    if "/" not in key and "." not in key:  # a URL name (unnamed patterns are keyed by route)
        return reverse(key, kwargs=kwargs)
    route = key
    for name, value in kwargs.items():
        route = route.replace(f"<path:{name}>", str(value))
    return "/" + route.replace("(?P<url>.*)$", kwargs.get("url", ""))


def _outcome(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if location.startswith(reverse("login")) else REDIRECT
    return response.status_code


@dataclass
class Visitors:
    """The world and, for each role, a client signed in once (its session cookie kept)."""
    world: World
    clients: dict[str, Client]
    cookies: dict[str, object]

    def visit(self, role: str, access: Access, url: str):
        """`role`'s request as the first of a fresh visit, its writes rolled back after."""
        client = self.clients[role]
        client.cookies = copy.deepcopy(self.cookies[role])
        with transaction.atomic():
            response = getattr(client, access.method)(url, access.data)
            transaction.set_rollback(True)
        return response


@pytest.fixture(scope="module")
def visitors(django_db_setup, django_db_blocker):
    """The world and each role's signed-in client, built once inside a transaction that
    the module's end rolls back (what Django's TestCase.setUpTestData does for a class)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            clients = {role: Client() for role in ROLES}
            for role, user in world.users.items():
                if user is not None:
                    clients[role].force_login(user)
            cookies = {role: copy.deepcopy(client.cookies) for role, client in clients.items()}
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield Visitors(world, clients, cookies)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _admin_keys() -> list[str]:
    """One case per model of the administration ("admin-models:<label>")."""
    return sorted(f"admin-models:{model._meta.label_lower}" for model in admin.site._registry
                  if model._meta.label_lower in ADMIN_MODELS)


def _entries(key: str) -> dict[str, Access]:
    if not key.startswith("admin-models:"):
        return {key: ACCESS[key]}
    app_label, model_name = key.removeprefix("admin-models:").split(".")
    prefixes = (f"admin:{app_label}_{model_name}_", f"admin/{app_label}/{model_name}/")
    return {name: access for name, access in _admin_entries().items()
            if name.startswith(prefixes)}


def test_every_model_of_the_administration_has_its_six_cases():
    for key in _admin_keys():
        assert len(_entries(key)) == 6, key


@pytest.mark.parametrize("key", sorted(ACCESS) + _admin_keys())
def test_each_role_gets_what_the_table_says(visitors, db, key):
    world = visitors.world
    wrong = []
    for (name, access), role in itertools.product(_entries(key).items(), ROLES):
        url = _url(name, access.kwargs(world))
        got = _outcome(visitors.visit(role, access, url))
        if got != access.expect[role]:
            wrong.append(f"{name} {access.method.upper()} {url} as {role}: got {got}, "
                         f"table says {access.expect[role]}")
    assert not wrong, "\n".join(wrong)
