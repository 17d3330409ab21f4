"""Every main form of the portal, fed random and hostile input (hypothesis): the page
answers with the form and its field errors (200) or accepts it (302), never a 500.

The test client raises any exception a view lets through, so a 500 fails the example and
hypothesis shrinks it to the smallest input that does it. Both CSV importers have their
own property tests in tests/project/test_csv_io.py.

Adding a form? Add its page to FORMS: the URL, who posts it, its field names and the form
classes the page posts. `test_every_form_class_of_the_project_is_swept` discovers every form
class of the project and fails while one is neither on a page of FORMS nor in SWEPT_ELSEWHERE
(with where) or NOT_YET_SWEPT (the known debt, to be emptied): a new form without its page
fails CI.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.enums import Role
from accounts.forms import (
    CurrentPasswordForm,
    InvitationForm,
    OfficeForm,
    OfficeStaffInvitationForm,
    OfficeTerritoryForm,
    OrganisationForm,
    PartnerRegionForm,
    PortalAuthenticationForm,
    PortalPasswordChangeForm,
    PortalPasswordResetForm,
    RegistrationPersonForm,
    SecondFactorForm,
)
from applications.enums import ApplicationStatus as S
from applications.forms import (
    ApplicationStartForm,
    AttachmentForm,
    CallForm,
    ConsortiumCsvForm,
    ConsortiumMemberForm,
    CooperationForm,
    InformationRequestForm,
    OverviewForm,
    PartnerLetterForm,
    PartnerRequestForm,
    PriorContactForm,
    ProspectsForm,
    SelfCheckForm,
    SubmitForm,
    WithdrawForm,
)
from applications.views.advice import AdviceForm, AnswerForm
from monitoring.forms import ApiTokenForm, ReportRequestForm
from partnering.forms import (
    AccessForm,
    DirectoryFilterForm,
    InterestEditForm,
    InterestForm,
    IntroductionForm,
    OnBehalfForm,
    OutcomeForm,
    RejectForm,
    StartApplicationForm,
)
from projects.forms import (
    ClaimDecisionForm,
    ClaimForm,
    DelegateConsentAskForm,
    DelegateConsentForm,
    FinalReportDecisionForm,
    FinalReportForm,
    PaymentForm,
    TravellerConsentForm,
    TravelRequestRecipientForm,
)
from reviews.enums import ConflictStatus
from reviews.forms import (
    AssignForm,
    ConflictForm,
    ConsensusForm,
    FeedbackForm,
    ReviewerInvitationForm,
    ReviewForm,
    SettingsForm,
    StandingConflictForm,
)
from showcase.forms import ConsentForm, StoryForm, StoryReturnForm
from sponsorship.forms import (
    COST_LINE_FIELDS,
    BulkActionForm,
    CostCsvImportForm,
    CostLineForm,
    SelectionDecisionForm,
    SponsorshipLevelForm,
)
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, reviewed_application
from tests.sponsorship.factories import approved_decision

# What people and attackers type: numbers in every script and size, dates at the edges of
# the calendar, NUL bytes, markup, SQL, very long text, right-to-left marks.
HOSTILE = st.sampled_from([
    "", " ", "0", "-1", "1", "5", "10", "3.5", "1e309", "NaN", "Infinity", "-0", "0x10",
    "፩", "١٢٣", "１２３", "1,200 円", "9" * 5000, str(2**63), str(-2**63 - 1), str(2**31),
    "9999", "99999", "0001-01-01", "9999-12-31", "2027-02-30", "0001-01-01T00:00:00",
    "9999-12-31T23:59:59", "2027-04-01T25:61", "\x00", "a\x00b", "<script>alert(1)</script>",
    "' OR 1=1 --", "=HYPERLINK(\"http://x\")", "\u202egnp.exe", "x" * 20_000, "on", "yes",
    "no", "true", "ja", "en", "c1", "full", "percentage", "per_line", "eligible", "reject",
])
VALUE = st.one_of(HOSTILE, st.text(max_size=60))


@dataclass(frozen=True)
class FormPage:
    url: Callable  # world -> URL
    user: str  # a key of the world's users
    fields: list[str] | Callable  # or world -> names (fields named after a row)
    extra: dict | Callable | None = None  # fixed fields (e.g. which of a page's forms is sent)
    method: str = "post"
    forms: tuple = ()  # the form classes this page posts (besides those named in `fields`)


_SWEPT: set[type] = set()  # every form class whose fields a page of FORMS posts


def _fields(form_class, prefix: str = "") -> list[str]:
    _SWEPT.add(form_class)
    return [f"{prefix}-{name}" if prefix else name for name in form_class.base_fields]


@pytest.fixture
def world(db):
    draft = ApplicationFactory(duration_years=2)
    under_review = ApplicationFactory(status=S.UNDER_REVIEW, reference="RIT-FY2099-0001",
                                      sequence=9)
    assignment = AssignmentFactory(application=under_review,
                                   conflict_status=ConflictStatus.UNDECLARED)
    eligible = approved_decision(application__status=S.ELIGIBLE).application
    hq = UserFactory(role=Role.HQ_STAFF, is_staff=True)
    # Reviewed, feedback not written yet: HQ writes it (reviews:feedback).
    reviewed = reviewed_application(scores=((4, 2, 3, "7"), (3, 2, 4, "6")),
                                    status=S.INELIGIBLE, feedback=False)
    # A reviewer who declared no conflict scores this one (reviews:review).
    scoring = AssignmentFactory(application=ApplicationFactory(
        status=S.UNDER_REVIEW, reference="RIT-FY2099-0002", sequence=10),
        conflict_status=ConflictStatus.NONE)
    claims = _claims(hq)
    advice = _advice(draft)
    partnering = _partnering(applicant_of(draft.organisation))
    return {
        "partnering": partnering, "draft": draft, "under_review": under_review,
        "eligible": eligible, "call": CallFactory(fiscal_year=2030), "reviewed": reviewed,
        "scoring": scoring.application, **claims, "advice": advice,
        "users": {"applicant": partnering["applicant"], "hq": hq,
                  "reviewer": assignment.reviewer, "scoring_reviewer": scoring.reviewer,
                  "visitor": None, "project_member": claims["project_member"],
                  "office": advice.written_by},
    }


def _partnering(applicant) -> dict:
    """A German interest awaiting review, a published one and the applicant's introduction
    to another published one (partnering's pages)."""
    from partnering.enums import InterestStatus
    from tests.partnering.builders import interest, introduction

    introduced = introduction(interest(email="i@bw-i.example.de"), applicant=applicant)
    return {"applicant": applicant, "introduction": introduced,
            "awaiting": interest(InterestStatus.AWAITING_REVIEW, email="a@bw-i.example.de"),
            "published": interest(email="p@bw-i.example.de")}


def _advice(draft):
    """The draft shared with its JETRO office in Japan, with one piece of the office's
    advice for the applicant to answer (applications:advice)."""
    from applications.models import Application
    from applications.services import office_advice_give
    from tests.accounts.test_office_staff import office_staff

    Application.objects.filter(pk=draft.pk).update(shared_with_office_at="2027-05-01T00:00Z")
    draft.refresh_from_db()
    return office_advice_give(application=draft, by=office_staff("JP-IBARAKI"),
                              section="consortium", text="従業員数を記入してください。")


def _claims(hq) -> dict:
    """A sponsored project with a held activity whose spend is claimed twice: claim 1
    awaiting HQ's decision, claim 2 approved and awaiting its payment."""
    from projects.services import claim_approve, claim_submit
    from tests.projects.builders import member_of, published_project
    from tests.projects.test_claims import _claimable, airfare

    project = published_project()
    member = member_of(project)
    line = airfare(project)

    def claim(amount):
        activity, receipt = _claimable(project, member, spent=amount)
        return claim_submit(project=project, by=member, activity=activity,
                            amounts={line.pk: amount}, receipts={line.pk: [receipt.pk]})

    awaiting = claim(300_000)
    to_pay = claim(200_000)
    claim_approve(claim=to_pay, by=hq,
                  amounts={row.pk: row.claimed for row in to_pay.lines.all()})
    activity, _receipt = _claimable(project, member, spent=10_000)
    # A traveller without consent yet on its roster (projects:delegate-consent).
    from projects.models import Delegate
    from regions.models import Country

    delegate = Delegate.objects.create(
        activity=activity, traveller_type="foreign_expert", family_name="Becker",
        given_names="Anna", nationality=Country.objects.get(iso2="DE"),
        organisation="Fraunhofer IPT", role="Researcher")
    # Another project whose final report awaits HQ's decision.
    from projects.enums import FinalReportStatus
    from projects.models import FinalReport
    from tests.projects.builders import published_project

    handed_in = FinalReport.objects.create(project=published_project(),
                                           status=FinalReportStatus.SUBMITTED,
                                           outcomes="成果", business_results="なし",
                                           lessons="教訓")
    return {"project": project, "project_member": member, "claim_awaiting": awaiting,
            "claim_to_pay": to_pay, "held_activity": activity, "delegate": delegate,
            "final_report_project": handed_in.project}


FORMS = {
    "register": FormPage(lambda w: reverse("register"), "visitor",
                         _fields(OrganisationForm, "org") + _fields(RegistrationPersonForm,
                                                                    "person")),
    "colleagues": FormPage(lambda w: reverse("colleagues"), "applicant",
                           _fields(InvitationForm)),
    "start": FormPage(lambda w: reverse("applications:start", args=[w["draft"].call_id]),
                      "applicant", _fields(ApplicationStartForm)),
    "overview": FormPage(lambda w: reverse("applications:section-overview",
                                           args=[w["draft"].pk]), "applicant",
                         _fields(OverviewForm)),
    "consortium": FormPage(lambda w: reverse("applications:section-consortium",
                                             args=[w["draft"].pk]), "applicant",
                           _fields(ConsortiumMemberForm, "member")),
    "cooperation": FormPage(lambda w: reverse("applications:section-cooperation",
                                              args=[w["draft"].pk]), "applicant",
                            _fields(CooperationForm) + ["year_1", "year_2", "year_3"]),
    "prospects": FormPage(lambda w: reverse("applications:section-prospects",
                                            args=[w["draft"].pk]), "applicant",
                          _fields(ProspectsForm)),
    "partner-contact": FormPage(lambda w: reverse("applications:partner-contacts",
                                                  args=[w["draft"].pk]), "applicant",
                                _fields(PriorContactForm, "contact")),
    "costs": FormPage(lambda w: reverse("sponsorship:cost-proposal", args=[w["draft"].pk]),
                      "applicant", [f"lines-0-{name}" for name in COST_LINE_FIELDS],
                      {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
                       "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200"},
                      forms=(CostLineForm,)),
    "withdraw": FormPage(lambda w: reverse("applications:withdraw", args=[w["draft"].pk]),
                         "applicant", _fields(WithdrawForm)),
    "self-check": FormPage(lambda w: reverse("call-detail", args=[w["draft"].call_id]),
                           "visitor", _fields(SelfCheckForm), method="get"),
    "call": FormPage(lambda w: reverse("applications:call-edit", args=[w["call"].pk]), "hq",
                     _fields(CallForm)),
    "request-information": FormPage(lambda w: reverse("applications:request-information",
                                                      args=[w["under_review"].pk]), "hq",
                                    _fields(InformationRequestForm)),
    "review-settings": FormPage(lambda w: reverse("reviews:settings", args=[w["call"].pk]),
                                "hq", _fields(SettingsForm)),
    "conflict": FormPage(lambda w: reverse("reviews:review", args=[w["under_review"].pk]),
                         "reviewer", _fields(ConflictForm), {"declare": "1"}),
    "consensus": FormPage(lambda w: reverse("reviews:summary", args=[w["eligible"].pk]), "hq",
                          _fields(ConsensusForm), {"consensus": "1"}),
    "selection-decision": FormPage(lambda w: reverse("sponsorship:decide",
                                                     args=[w["eligible"].pk]), "hq",
                                   _fields(SelectionDecisionForm), {"decide": "1"}),
    "sponsorship-level": FormPage(lambda w: reverse("sponsorship:decide",
                                                    args=[w["eligible"].pk]), "hq",
                                  _fields(SponsorshipLevelForm) + ["line_1", "line_2"]),
    "second-factor": FormPage(lambda w: reverse("two-factor-setup"), "hq",
                              _fields(SecondFactorForm)),
    "annual-report": FormPage(lambda w: reverse("monitoring:reports"), "hq",
                              _fields(ReportRequestForm)),
    "api-token": FormPage(lambda w: reverse("monitoring:api-tokens"), "hq",
                          _fields(ApiTokenForm)),
    # --- added in issue 27 ------------------------------------------------------------------
    "login": FormPage(lambda w: reverse("login"), "visitor", _fields(PortalAuthenticationForm)),
    "password-reset": FormPage(lambda w: reverse("password_reset"), "visitor",
                               _fields(PortalPasswordResetForm)),
    "password-change": FormPage(lambda w: reverse("password_change"), "applicant",
                                _fields(PortalPasswordChangeForm)),
    "recovery-codes": FormPage(lambda w: reverse("two-factor-recovery-codes"), "hq",
                               _fields(CurrentPasswordForm)),
    "partner-request": FormPage(lambda w: reverse("applications:partner-request",
                                                  args=[w["draft"].pk]), "applicant",
                                _fields(PartnerRequestForm, "request")),
    "partner-letter": FormPage(lambda w: reverse("applications:partner-letter",
                                                 args=[w["draft"].pk]), "applicant",
                               _fields(PartnerLetterForm, "letter")),
    "attachments": FormPage(lambda w: reverse("applications:section-attachments",
                                              args=[w["draft"].pk]), "applicant",
                            _fields(AttachmentForm)),
    "submit": FormPage(lambda w: reverse("applications:submit", args=[w["draft"].pk]),
                       "applicant", _fields(SubmitForm)),
    "standing-conflict": FormPage(lambda w: reverse("reviews:conflicts"), "reviewer",
                                  _fields(StandingConflictForm)),
    "assign": FormPage(lambda w: reverse("reviews:assign", args=[w["under_review"].pk]), "hq",
                       _fields(AssignForm)),
    "reviewer-invitation": FormPage(lambda w: reverse("reviews:reviewers"), "hq",
                                    _fields(ReviewerInvitationForm)),
    "office-staff": FormPage(lambda w: reverse("office-staff"), "hq",
                             _fields(OfficeStaffInvitationForm)),
    "feedback": FormPage(lambda w: reverse("reviews:feedback", args=[w["reviewed"].pk]), "hq",
                         ["c1", "c2", "c3", "value"], forms=(FeedbackForm,)),
    "review-scores": FormPage(lambda w: reverse("reviews:review", args=[w["scoring"].pk]),
                              "scoring_reviewer",
                              ["c1_score", "c2_score", "c3_score", "value_score", "c1_comment",
                               "c2_comment", "c3_comment", "value_comment", "recommendation",
                               "submit"], forms=(ReviewForm,)),
    "board-action": FormPage(lambda w: reverse("sponsorship:board-action",
                                               args=[w["eligible"].call_id]), "hq",
                             _fields(BulkActionForm) + ["query"]),
    # Claims (issue 24): the per-line amounts and receipts are fields named after the
    # lines (line_<id>, receipts_<id>), added in the forms' __init__: swept as the page
    # posts them, random values included.
    "claim": FormPage(lambda w: reverse("projects:claim-new", args=[w["project"].pk])
                      + f"?activity={w['held_activity'].pk}", "project_member",
                      ["line_1", "line_2", "receipts_1", "receipts_2"], forms=(ClaimForm,)),
    "claim-decision": FormPage(lambda w: reverse("projects:claim", args=[
        w["project"].pk, w["claim_awaiting"].number]), "hq",
        _fields(ClaimDecisionForm, "decide") + ["decide-line_1", "decide-line_2"]),
    "claim-payment": FormPage(lambda w: reverse("projects:claim", args=[
        w["project"].pk, w["claim_to_pay"].number]), "hq", _fields(PaymentForm, "pay"),
        {"pay": "1"}),
    # The final report (issue 24): the organisation saves or submits it, HQ decides.
    "final-report": FormPage(lambda w: reverse("projects:final-report", args=[
        w["project"].pk]), "project_member", _fields(FinalReportForm) + ["action"]),
    "final-report-decision": FormPage(lambda w: reverse("projects:final-report", args=[
        w["final_report_project"].pk]), "hq", _fields(FinalReportDecisionForm)),
}

# Advice on a shared draft (issue 23): the office advises, the applicant answers (each
# answer's fields are prefixed with its advice's id).
FORMS["advice"] = FormPage(lambda w: reverse("applications:advice", args=[w["draft"].pk]),
                           "office", _fields(AdviceForm), {"action": "advise"})
FORMS["advice-answer"] = FormPage(
    lambda w: reverse("applications:advice", args=[w["draft"].pk]), "applicant",
    lambda w: [f"a{w['advice'].pk}-{name}" for name in _fields(AnswerForm)],
    lambda w: {"action": "answer", "advice": str(w["advice"].pk)}, forms=(AnswerForm,))

# HQ keeps the offices, their territories and the partner regions (issue 23): the
# territory's fields exist per kind of office (added in the form's __init__).
FORMS["office-new"] = FormPage(lambda w: reverse("office-new"), "hq", _fields(OfficeForm))
FORMS["office-details"] = FormPage(lambda w: reverse("office", args=["JP-SUWA"]), "hq",
                                   _fields(OfficeForm, "office"), {"action": "details"})
FORMS["office-territory"] = FormPage(lambda w: reverse("office", args=["JP-SUWA"]), "hq",
                                     ["territory-prefectures"], {"action": "territory"},
                                     forms=(OfficeTerritoryForm,))
FORMS["office-countries"] = FormPage(lambda w: reverse("office", args=["BER"]), "hq",
                                     ["territory-countries"], {"action": "territory"},
                                     forms=(OfficeTerritoryForm,))
FORMS["partner-region-new"] = FormPage(lambda w: reverse("partner-region-new"), "hq",
                                       _fields(PartnerRegionForm))
FORMS["partner-region"] = FormPage(
    lambda w: reverse("partner-region", args=[_region_pk("Bavaria")]), "hq",
    _fields(PartnerRegionForm), {"action": "details"})


def _region_pk(name_en: str) -> int:
    from regions.models import PartnerRegion

    return PartnerRegion.objects.get(name_en=name_en).pk


# Foreign regions' interest and matchmaking (issue 22): the public form and the link asked
# again (no account), the office's edit, refusal and registration after a visit, the
# directory's filters, an introduction, its outcome and the application started from it.
FORMS.update({
    "interest-register": FormPage(lambda w: reverse("partnering:register"), "visitor",
                                  _fields(InterestForm)),
    "interest-access": FormPage(lambda w: reverse("partnering:access"), "visitor",
                                _fields(AccessForm)),
    "interest-edit": FormPage(lambda w: reverse("partnering:interest",
                                                args=[w["partnering"]["awaiting"].pk]), "hq",
                              _fields(InterestEditForm), {"action": "edit"}),
    "interest-reject": FormPage(lambda w: reverse("partnering:interest",
                                                  args=[w["partnering"]["awaiting"].pk]), "hq",
                                _fields(RejectForm), {"action": "reject"}),
    "interest-new": FormPage(lambda w: reverse("partnering:interest-new"), "hq",
                             _fields(OnBehalfForm)),
    "directory": FormPage(lambda w: reverse("partnering:directory"), "applicant",
                          _fields(DirectoryFilterForm), method="get"),
    "introduction": FormPage(lambda w: reverse("partnering:directory-detail",
                                               args=[w["partnering"]["published"].pk]),
                             "applicant", _fields(IntroductionForm)),
    "introduction-outcome": FormPage(lambda w: reverse(
        "partnering:introduction", args=[w["partnering"]["introduction"].pk]), "hq",
        _fields(OutcomeForm)),
    "introduction-start": FormPage(lambda w: reverse(
        "partnering:introduction-start", args=[w["partnering"]["introduction"].pk]),
        "applicant", _fields(StartApplicationForm)),
})

# The public showcase (issue 22): the organisation's consent and story on its project's
# page, HQ's return of a story awaiting approval.
def _awaiting_story(w) -> int:
    from showcase.services import showcase_story_submit

    return showcase_story_submit(project=w["project"], by=w["project_member"],
                                 story_ja="成果", story_en="Outcome").pk


FORMS["showcase-consent"] = FormPage(
    lambda w: reverse("showcase:project", args=[w["project"].pk]), "project_member",
    _fields(ConsentForm), {"action": "consent"})
FORMS["showcase-story"] = FormPage(
    lambda w: reverse("showcase:project", args=[w["project"].pk]), "project_member",
    _fields(StoryForm), {"action": "story"})
FORMS["showcase-return"] = FormPage(
    lambda w: reverse("showcase:review-decide", args=[_awaiting_story(w)]), "hq",
    _fields(StoryReturnForm), {"action": "return"})

# Form classes whose random and hostile input is swept by another test.
# The traveller's consent and who receives the travel request (issue 26, APPI Art. 27-29).
FORMS["delegate-consent"] = FormPage(
    lambda w: reverse("projects:delegate-consent", args=[
        w["project"].pk, w["held_activity"].pk, w["delegate"].pk]), "project_member",
    _fields(DelegateConsentForm))
FORMS["delegate-consent-ask"] = FormPage(
    lambda w: reverse("projects:delegate-consent", args=[
        w["project"].pk, w["held_activity"].pk, w["delegate"].pk]), "project_member",
    _fields(DelegateConsentAskForm, "ask"), {"ask": "1"})


def _traveller_consent(w) -> str:
    """The traveller's own page behind their link (an open request to their address)."""
    from django.utils import timezone

    from projects.services import delegate_consent_path

    delegate = w["delegate"]
    delegate.email = "anna.becker@ipt.example.de"
    delegate.consent_asked_at = timezone.now()
    delegate.save(update_fields=["email", "consent_asked_at"])
    return delegate_consent_path(delegate=delegate)


FORMS["traveller-consent"] = FormPage(_traveller_consent, "visitor",
                                      _fields(TravellerConsentForm))
FORMS["travel-request"] = FormPage(
    lambda w: reverse("projects:travel-request", args=[
        w["project"].pk, w["held_activity"].project_year.number, "csv"]), "project_member",
    _fields(TravelRequestRecipientForm), method="get")

SWEPT_ELSEWHERE = {
    ConsortiumCsvForm: "tests/project/test_csv_io.py (the consortium importer, any file)",
    CostCsvImportForm: "tests/project/test_csv_io.py (the cost importer, any file)",
}
# Not a form of its own: a base class (its subclasses are swept) or one posted only with
# another (named).
NOT_A_PAGE = {
    "accounts.forms.PersonForm": "base of RegistrationPersonForm and InvitationAcceptForm",
    "rit_portal.forms.Form": "the portal's base form (field messages)",
    "rit_portal.forms.ModelForm": "the portal's base model form (field messages)",
    "accounts.forms.ReplaceSecondFactorForm": "SecondFactorForm with CurrentPasswordForm's "
                                              "field, both swept",
}
# Known debt (issue 27): forms not yet on a page of FORMS. Remove a line when its page is
# added; never add one for a new form.
NOT_YET_SWEPT = {
    "accounts.forms.InvitationAcceptForm", "accounts.forms.OrganisationProfileForm",
    "accounts.forms.PortalSetPasswordForm", "applications.admin.OrganisationCorrectionForm",
    "applications.forms.EnglishSummaryForm", "applications.forms.PartnerAnswerForm",
    "applications.forms.ProposedRegionConfirmForm", "projects.forms.ActivityForm",
    "projects.forms.DelegateForm", "projects.forms.FirmForm", "projects.forms.OutcomeForm",
    "projects.forms.PartnerContactForm", "projects.forms.ProjectEndForm",
    "projects.forms.ReceiptForm", "projects.forms.ReportFirmsForm", "projects.forms.ReviewForm",
    "projects.forms.SpendLineForm", "projects.forms.SummaryForm", "projects.forms.SurveyForm",
    "projects.forms.VariationDecisionForm", "projects.forms.VariationForm",
}
PROJECT_APPS = ("accounts", "applications", "partnering", "reviews", "sponsorship", "projects",
                "monitoring", "notifications", "audit", "regions", "rit_portal", "demo")


def _project_form_classes() -> set[str]:
    """Every form class defined in the project's code (the URLconf and admin loaded, so
    every module a page uses is imported)."""
    import importlib
    from importlib.util import find_spec

    from django import forms
    from django.contrib import admin
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # imports every view module, and so their forms
    admin.autodiscover()
    for app in PROJECT_APPS:
        if find_spec(f"{app}.forms") is not None:
            importlib.import_module(f"{app}.forms")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {f"{c.__module__}.{c.__qualname__}" for c in subclasses(forms.BaseForm)
            if c.__module__.split(".")[0] in PROJECT_APPS}


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_every_form_class_of_the_project_is_swept():
    swept = {_name(c) for c in _SWEPT} | {_name(c) for page in FORMS.values()
                                          for c in page.forms}
    accounted = swept | {_name(c) for c in SWEPT_ELSEWHERE} | set(NOT_A_PAGE) | NOT_YET_SWEPT
    found = _project_form_classes()
    assert sorted(found - accounted) == [], (
        "a form class without a page in FORMS: add its page (URL, user, fields)")
    # The lists name only forms that exist, and a swept form leaves the debt list.
    assert sorted((set(NOT_A_PAGE) | NOT_YET_SWEPT) - found) == []
    assert sorted(NOT_YET_SWEPT & swept) == []


@pytest.mark.parametrize("name", sorted(FORMS))
def test_random_and_hostile_input_gets_field_errors_never_a_server_error(client, world, name):
    page = FORMS[name]
    user = world["users"][page.user]
    if user is not None:
        client.force_login(user)
    url = page.url(world)
    fields = page.fields(world) if callable(page.fields) else page.fields
    extra = (page.extra(world) if callable(page.extra) else page.extra) or {}

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUE)))
    def check(data):
        response = getattr(client, page.method)(url, {**data, **extra})
        assert response.status_code in (200, 302), (response.status_code, data)
        if response.status_code == 200:
            # A refused form comes back (with what was typed and its errors).
            assert "<form" in response.content.decode(), data

    check()

