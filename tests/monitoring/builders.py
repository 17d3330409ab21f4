"""A small programme for the monitoring tests: two calls (FY2026, FY2027), applications in
every outcome, three sponsored projects whose consortia share firms (one by corporate
number, one by a name written differently, one matched to a numbered firm by its name),
reports handed in and a draft one (which must count for nothing), outcomes, spend,
activities and survey answers, and organisations brought by different shared links."""

import datetime as dt

from django.utils import timezone

from applications.enums import ApplicationStatus as S
from projects.enums import ActivityStatus, OutcomeKind, ReportStatus
from projects.models import (
    Outcome,
    ProgressReport,
    ProjectActivity,
    SpendLine,
    SurveyInvitation,
    SurveyResponse,
)
from projects.services import project_for_decision
from regions.models import PartnerRegion, Prefecture, Sector
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ConsortiumMemberFactory,
    OrganisationFactory,
)
from tests.sponsorship.factories import CostLineFactory, approved_decision

SME = {"capital_yen": 50_000_000, "employees": 80}
LARGE = {"capital_yen": 5_000_000_000, "employees": 3000}
_sequence = iter(range(1, 10_000))


def received(call, status, *, referral="", objectives=(), **kwargs):
    n = next(_sequence)
    application = ApplicationFactory(
        call=call, status=status, reference=f"RIT-FY{call.fiscal_year}-{n:04d}", sequence=n,
        submitted_at=timezone.now(), objectives=list(objectives),
        organisation=OrganisationFactory(referral_source=referral), **kwargs)
    CostLineFactory(application=application, quantity=1, unit_cost=1_000_000)
    return application


def sponsored(call, *, firms, referral="", objectives=(), sector="automotive",
              region="Baden-Württemberg", prefectures=("08",)):
    """An approved, published application of `call` with its project; `firms` are
    (name, corporate number, SME values) of its consortium."""
    n = next(_sequence)
    decision = approved_decision(
        application__call=call, application__reference=f"RIT-FY{call.fiscal_year}-{n:04d}",
        application__sequence=n, application__submitted_at=timezone.now(),
        application__objectives=list(objectives),
        application__sector=Sector.objects.get(code=sector),
        application__partner_region=PartnerRegion.objects.get(name_en=region),
        application__organisation=OrganisationFactory(referral_source=referral))
    application = decision.application
    application.prefectures.set(Prefecture.objects.filter(code__in=prefectures))
    for name, number, size in firms:
        ConsortiumMemberFactory(application=application, name=name, corporate_number=number,
                                **size)
    return project_for_decision(decision=decision)


def hand_in(project, number: int = 1, status=ReportStatus.SUBMITTED):
    report = ProgressReport.objects.get(project_year__project=project,
                                        project_year__number=number)
    ProgressReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def spend(report, amount: int):
    line = report.project_year.approved_lines.filter(approved_amount__gt=0).first()
    return SpendLine.objects.create(report=report, approved_line=line, description="航空運賃",
                                    amount=amount, paid_on=dt.date(2026, 7, 1))


def held(report, activity_type="matching_japan", **counts):
    year = report.project_year
    return ProjectActivity.objects.create(
        project_year=year, activity_type=activity_type, title_ja="商談会",
        starts_on=dt.date(year.fiscal_year, 7, 14), ends_on=dt.date(year.fiscal_year, 7, 15),
        city="Mito", venue="Plaza", status=ActivityStatus.HELD, **counts)


def answer(project_year, email, *, overall, matching=None, result="yes", opened=True,
           answered=True):
    invitation = SurveyInvitation.objects.create(
        project_year=project_year, organisation_name="Firm", email=email, language="ja",
        first_opened_at=timezone.now() if opened else None,
        answered_at=timezone.now() if answered else None)
    if answered:
        SurveyResponse.objects.create(invitation=invitation, overall_satisfaction=overall,
                                      matching_usefulness=matching, business_result=result,
                                      language="ja")
    return invitation


def programme_world() -> dict:
    call26 = CallFactory(fiscal_year=2026, budget_envelope=100_000_000)
    call27 = CallFactory(fiscal_year=2027, budget_envelope=150_000_000)
    p1 = sponsored(call26, referral="chamber-ibaraki", objectives=["export", "joint_development"],
                   prefectures=("08", "07"), firms=[
                       ("株式会社アルファ", "9111111111111", SME),
                       ("ベータ工業 株式会社", "", SME),
                       ("GAMMA Corp", "", LARGE),
                       ("デルタ精機", "9222222222222", LARGE),
                       ("イプシロン", "", SME)])
    p2 = sponsored(call26, referral="embassy-de", objectives=["export"],
                   sector="medical-machinery", region="Nordrhein-Westfalen", firms=[
                       ("アルファ株式会社（旧名）", "9111111111111", SME),  # same number
                       ("ベータ工業株式会社", "", SME),                      # no space
                       ("ＧＡＭＭＡ　ｃｏｒｐ", "", LARGE),                  # full width
                       ("デルタ精機", "", LARGE),                           # name of a numbered one
                       ("ゼータ", "9333333333333", SME)])
    p3 = sponsored(call27, referral="", objectives=["technical_cooperation"],
                   sector="cosmetics", region="Île-de-France", prefectures=("41",), firms=[
                       ("株式会社アルファ", "9111111111111", SME),
                       ("エータ", "", LARGE), ("シータ", "", SME), ("イオタ", "", SME),
                       ("カッパ", "9444444444444", LARGE)])
    others = [
        received(call26, S.INELIGIBLE, referral="chamber"),
        received(call26, S.REJECTED, referral="mystery-link"),
        received(call26, S.WAITLISTED),
        received(call26, S.WITHDRAWN, referral="embassy"),
        received(call27, S.UNDER_REVIEW, referral="chamber-ibaraki"),
        received(call27, S.ELIGIBLE, referral="newsletter"),
    ]
    draft = ApplicationFactory(call=call26)  # not received: never counted
    CostLineFactory(application=draft)

    r1 = hand_in(p1, 1)
    spend(r1, 400_000)
    spend(r1, 150_000)
    Outcome.objects.create(report=r1, kind=OutcomeKind.BUSINESS_MEETINGS, count=12,
                           description="商談")
    Outcome.objects.create(report=r1, kind=OutcomeKind.SALES_CONTRACTS, count=2,
                           value_yen=8_000_000, description="契約")
    held(r1, foreign_experts=3, firms_attending=6, participants_total=40)
    r1b = hand_in(p1, 2, ReportStatus.ACCEPTED)
    spend(r1b, 90_000)
    Outcome.objects.create(report=r1b, kind=OutcomeKind.SALES_CONTRACTS, count=1,
                           value_yen=2_500_000, description="契約")
    held(r1b, activity_type="networking_abroad", delegates_sent=5, participants_total=25)
    draft_report = ProgressReport.objects.get(project_year__project=p2, project_year__number=1)
    spend(draft_report, 777_000)  # a draft: counts for nothing
    Outcome.objects.create(report=draft_report, kind=OutcomeKind.SUBSIDIARY_OR_OFFICE, count=1,
                           description="下書き")
    held(draft_report, foreign_experts=9, participants_total=99)
    r2b = hand_in(p2, 2)
    Outcome.objects.create(report=r2b, kind=OutcomeKind.JOINT_DEVELOPMENT, count=1,
                           description="共同開発")
    y1 = r1.project_year
    answer(y1, "a@example.jp", overall=5, matching=4)
    answer(y1, "b@example.jp", overall=4, matching=None, result="expected")
    answer(y1, "c@example.jp", overall=3, matching=2, result="no")
    answer(y1, "d@example.jp", overall=1, opened=True, answered=False)
    answer(y1, "e@example.jp", overall=1, opened=False, answered=False)
    answer(draft_report.project_year, "f@example.jp", overall=2, matching=5)
    answer(r1b.project_year, "g@example.jp", overall=4, matching=4)
    return {"calls": [call26, call27], "projects": [p1, p2, p3], "others": others,
            "draft": draft}
