"""Bulk data for benchmarks: a programme at the scale of a national rollout, written with
`bulk_create` (seconds, not the minutes factories would take). From the command line:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench \
        .venv/bin/python bench/generate.py --applications 5000

(the database named is dropped, created and migrated), or from any bench script once
Django is set up:

    from bench.generate import fresh_database, generate_call, generate_programme
    fresh_database(os.environ["DATABASE_URL"])        # drop, create, then migrate
    programme = generate_programme(applications=5000)  # the issue's shape, below
    call = generate_call(applications=5000)            # one call only

`generate_call`: a published, closed call whose applications are all received (a
reference, submitted), each by its own organisation with one applicant user, with a
consortium of `members` firms, `cost_lines` cost lines and `reviews` reviews: the busy HQ
reviewer (who reviews everything, in every call), the overseas reviewer of the office
covering the partner region, and a second HQ reviewer from a pool of twelve. The first
`pending` applications (after the approved ones) still wait for the busy reviewer's
review (a draft): open work on the reviewer's home page. The first `approved` ones are approved
and published through the real service, which creates their projects; each approval gets
its award letter's record (ready and e-mailed; no PDF is written).

`generate_programme`: the current call (FY2027 by default: 5,000 applications, 8 firms,
15 cost lines and 3 reviews each) and three earlier fiscal years (FY2024–FY2026) with
their calls, approvals and sponsored projects: project years, approved lines, firms,
activities, and a progress report per year — accepted for the years whose due date has
passed (with outcomes, actual spend, the firms that took part, survey answers), a draft
for the year under way.

Every user is created without a usable password; a benchmark sets one for the users it
logs in as. Deterministic for a given `seed`.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTORS = ["automotive", "medical-machinery", "cosmetics", "software", "renewable-energy",
           "industrial-machinery", "water-treatment", "pharmaceuticals"]
REGIONS = ["Baden-Württemberg", "Nordrhein-Westfalen", "Saxony", "Île-de-France", "Scotland"]
BATCH = 2000
HQ_REVIEWER_POOL = 12
BUSY_REVIEWER_EMAIL = "hq-reviewer@bench.example.jp"
HQ_STAFF_EMAIL = "hq@bench.example.jp"


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database of `url`, then migrate it (Django set up)."""
    import django
    import psycopg2
    from django.core.management import call_command

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    django.setup()
    call_command("migrate", verbosity=0)


def _activity_categories():
    """Every (activity, category) pair a cost line may carry, in a fixed order."""
    from sponsorship.enums import Activity, CostCategory

    return [(activity, category) for activity in Activity.values
            for category in CostCategory.values]


def _staff():
    """The HQ programme officer, the busy HQ reviewer, a pool of HQ reviewers and one
    overseas reviewer per office covering a benchmark region (created once, shared by
    every generated call). Returns (hq, busy, pool, {partner_region_id: reviewer})."""
    from accounts.enums import Role
    from accounts.models import User
    from regions.models import JetroOffice, OfficeTerritory, PartnerRegion

    hq, _ = User.objects.get_or_create(
        email=HQ_STAFF_EMAIL, defaults={"role": Role.HQ_STAFF, "first_name": "Hana",
                                        "last_name": "Honbu"})
    head_office = JetroOffice.objects.get(code="HQ")
    busy, _ = User.objects.get_or_create(
        email=BUSY_REVIEWER_EMAIL, defaults={"role": Role.HQ_REVIEWER, "first_name": "Kenji",
                                             "last_name": "Sato", "office": head_office})
    pool = [User.objects.get_or_create(
        email=f"hq-reviewer-{n}@bench.example.jp",
        defaults={"role": Role.HQ_REVIEWER, "first_name": "Reviewer", "last_name": f"HQ {n}",
                  "office": head_office})[0] for n in range(HQ_REVIEWER_POOL)]
    overseas = {}
    for region in PartnerRegion.objects.filter(name_en__in=REGIONS):
        office = OfficeTerritory.objects.get(country_id=region.country_id).office
        overseas[region.pk] = User.objects.get_or_create(
            email=f"{office.code.lower()}-reviewer@bench.example.jp",
            defaults={"role": Role.OVERSEAS_REVIEWER, "first_name": "Anna",
                      "last_name": office.code, "office": office})[0]
    return hq, busy, pool, overseas


def generate_call(*, applications: int = 5000, members: int = 8, cost_lines: int = 15,
                  reviews: int = 3, approved: int = 15, pending: int = 0,
                  fiscal_year: int = 2027, seed: int = 14, closes_at=None,
                  publish_through_service: bool = True, published: bool = True):
    """A published, closed call of `fiscal_year` with `applications` received applications
    (see the module's docstring). Returns the call. With `publish_through_service` off the
    approved applications get their decisions only (see `_bulk_projects`); with `published`
    off as well, their decisions are not yet published (`generate_approvals_to_publish`)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import OrganisationType, Role
    from accounts.models import ApplicantOrganisation, User
    from applications.enums import ApplicationStatus, Industry, Objective
    from applications.models import Application, Call, ConsortiumMember
    from projects.services import project_for_decision
    from regions.models import PartnerRegion, Prefecture, Sector
    from reviews.enums import ConflictStatus, Recommendation, ReviewStatus
    from reviews.models import Review, ReviewAssignment
    from reviews.services import reviewer_loads_refresh, score_tally_refresh
    from sponsorship.enums import DecisionMode
    from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision

    rng = random.Random(seed)
    now = timezone.now()
    closes_at = closes_at or now - dt.timedelta(days=30)
    sectors = list(Sector.objects.filter(code__in=SECTORS))
    regions = list(PartnerRegion.objects.filter(name_en__in=REGIONS))
    prefectures = list(Prefecture.objects.all())
    pairs = _activity_categories()
    hq, busy, pool, overseas = _staff()
    undecided = [ApplicationStatus.REVIEWED, ApplicationStatus.REVIEWED,
                 ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE]
    with transaction.atomic():
        call = Call.objects.create(
            fiscal_year=fiscal_year, title_ja=f"{fiscal_year}年度 RIT 公募（ベンチマーク）",
            title_en=f"FY{fiscal_year} RIT call (benchmark)",
            opens_at=closes_at - dt.timedelta(days=60), closes_at=closes_at,
            review_deadline=closes_at + dt.timedelta(days=60),
            budget_envelope=max(approved, 1) * 8_000_000, is_published=True)
        organisations = ApplicantOrganisation.objects.bulk_create([
            ApplicantOrganisation(
                name_ja=f"ベンチ産業振興会{call.pk}-{n}", name_en=f"Bench association {n}",
                org_type=OrganisationType.BUSINESS_ASSOCIATION, prefecture=rng.choice(prefectures),
                address="東京都港区1-1", representative_name_ja="山田 太郎",
                representative_name_en="Taro Yamada",
                contact_name="佐藤 花子",
                contact_email=f"bench{call.pk}-{n}@example.jp",
                referral_source=rng.choice(["", "chamber", "embassy-de", "newsletter"]))
            for n in range(applications)], batch_size=BATCH)
        User.objects.bulk_create([
            User(email=f"applicant{call.pk}-{n}@bench.example.jp", role=Role.APPLICANT,
                 organisation=organisation, first_name="花子", last_name="佐藤",
                 password="!")  # unusable until a benchmark sets one
            for n, organisation in enumerate(organisations)], batch_size=BATCH)

        def status(n: int) -> str:
            if n < approved:
                return ApplicationStatus.APPROVED
            if n < approved + pending:
                return ApplicationStatus.UNDER_REVIEW
            return rng.choice(undecided)

        rows = Application.objects.bulk_create([
            Application(
                call=call, organisation=organisation, reference=f"RIT-FY{fiscal_year}-{n + 1:04d}",
                sequence=n + 1, status=status(n),
                title_ja=f"共同開発事業 {n + 1}", title_en=f"Joint development {n + 1}",
                sector=rng.choice(sectors), partner_region=rng.choice(regions),
                objectives=rng.sample(Objective.values, 2), duration_years=rng.choice([2, 3]),
                start_date=dt.date(fiscal_year, 6, 1), submitted_at=closes_at,
                cooperation_summary="=SUM(A1:A9) 計画の概要" if n % 500 == 0 else "計画の概要",
                c2_industry_development="地域の産業の高度化" * 20,
                c2_new_products="新製品の見通し" * 20, c2_business_tieups="業務提携" * 20,
                decision_published_at=now if n < approved and published else None)
            for n, organisation in enumerate(organisations)], batch_size=BATCH)
        Through = Application.prefectures.through
        Through.objects.bulk_create([Through(application_id=a.pk, prefecture_id=rng.choice(
            prefectures).pk) for a in rows], batch_size=BATCH)
        ConsortiumMember.objects.bulk_create([
            ConsortiumMember(application=a, name=f"株式会社ベンチ{a.sequence}-{m}",
                             industry=rng.choice(Industry.values),
                             capital_yen=rng.choice([10_000_000, 80_000_000, 2_000_000_000]),
                             employees=rng.choice([20, 150, 900]), interest="共同開発", position=m)
            for a in rows for m in range(members)], batch_size=BATCH)
        CostLine.objects.bulk_create([
            CostLine(application=a, activity=pairs[(a.sequence + line) % len(pairs)][0],
                     year=1 + line % a.duration_years,
                     category=pairs[(a.sequence + line) % len(pairs)][1],
                     description="経費", quantity=rng.randint(1, 6), unit="式",
                     unit_cost=rng.randrange(50_000, 400_000, 1000), position=line)
            for a in rows for line in range(cost_lines)], batch_size=BATCH)

        def reviewers_of(a) -> list:
            chosen = [busy, overseas[a.partner_region_id], pool[a.sequence % len(pool)]]
            return chosen[:reviews]

        assignments = ReviewAssignment.objects.bulk_create([
            ReviewAssignment(application=a, reviewer=reviewer, assigned_by=hq,
                             assigned_at=closes_at, conflict_status=ConflictStatus.NONE,
                             conflict_declared_at=closes_at)
            for a in rows for reviewer in reviewers_of(a)], batch_size=BATCH)
        waiting = {a.pk for a in rows[approved:approved + pending]}
        # The busy reviewer's review of the waiting applications is the one still open.
        open_review = {a.pk for a in assignments
                       if a.application_id in waiting and a.reviewer_id == busy.pk}

        def review(assignment) -> Review:
            if assignment.pk in open_review:
                return Review(assignment=assignment, status=ReviewStatus.DRAFT,
                              c1_score=rng.randint(1, 5), c1_comment="確認中")
            return Review(
                assignment=assignment, status=ReviewStatus.SUBMITTED,
                c1_score=rng.randint(1, 5), c2_score=rng.randint(1, 5), c3_score=rng.randint(1, 5),
                c1_comment="地域企業の参加が明確" * 8, c2_comment="見通しは妥当" * 8,
                c3_comment="相手地域の関心を確認" * 8, value_score=rng.randint(3, 10),
                value_comment="価値は中程度" * 8, recommendation=rng.choice(Recommendation.values),
                submitted_at=closes_at + dt.timedelta(days=10))

        Review.objects.bulk_create([review(a) for a in assignments], batch_size=BATCH)
        # Written around the review services: their stored scores, as the services keep them.
        for start in range(0, len(rows), BATCH):
            score_tally_refresh(application_ids=[a.pk for a in rows[start:start + BATCH]])
        # And their reviewers' stored workload.
        reviewer_loads_refresh(reviewer_ids={a.reviewer_id for a in assignments})
    approvals = rows[:approved]
    if not publish_through_service:
        return call
    for application in approvals:
        with transaction.atomic():
            lines = list(CostLine.objects.filter(application=application))
            total = sum(line.quantity * line.unit_cost for line in lines)
            decision = SponsorshipDecision.objects.create(
                application=application, mode=DecisionMode.FULL, requested_total=total,
                approved_total=total, decided_by=hq, decided_at=now)
            DecisionLine.objects.bulk_create([
                DecisionLine(decision=decision, cost_line=line,
                             requested_amount=line.quantity * line.unit_cost,
                             approved_amount=line.quantity * line.unit_cost) for line in lines])
            project_for_decision(decision=decision)
            _letters([decision], at=now)
    return call


def generate_approvals_to_publish(*, approvals: int = 200, fiscal_year: int = 2027,
                                  seed: int = 25):
    """A call of `approvals` applications, each of its own organisation, each approved in
    full (a decision with its lines) with HQ's feedback written, none published yet: what
    HQ publishes in one action (bench/publication.py, scripts/smoke-scale.sh). Returns the
    call."""
    from django.db import transaction
    from django.utils import timezone

    from reviews.enums import FeedbackItem
    from reviews.models import Feedback
    from sponsorship.enums import DecisionMode
    from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision

    call = generate_call(applications=approvals, approved=approvals, cost_lines=6,
                         fiscal_year=fiscal_year, seed=seed, publish_through_service=False,
                         published=False)
    hq = _staff()[0]
    now = timezone.now()
    applications = list(call.applications.order_by("pk"))
    lines = {}
    for line in CostLine.objects.filter(application__call=call):
        lines.setdefault(line.application_id, []).append(line)
    with transaction.atomic():
        decisions = SponsorshipDecision.objects.bulk_create([
            SponsorshipDecision(application=a, mode=DecisionMode.FULL,
                                requested_total=sum(x.quantity * x.unit_cost for x in lines[a.pk]),
                                approved_total=sum(x.quantity * x.unit_cost for x in lines[a.pk]),
                                decided_by=hq, decided_at=now) for a in applications],
            batch_size=BATCH)
        DecisionLine.objects.bulk_create([
            DecisionLine(decision=d, cost_line=x, requested_amount=x.quantity * x.unit_cost,
                         approved_amount=x.quantity * x.unit_cost)
            for d in decisions for x in lines[d.application_id]], batch_size=BATCH)
        Feedback.objects.bulk_create([
            Feedback(application=a, item=item, comment="審査員の所見を踏まえた事務局のコメント",
                     written_by=hq, written_at=now)
            for a in applications for item in FeedbackItem.values], batch_size=BATCH)
        call.budget_envelope = sum(d.approved_total for d in decisions)
        call.save(update_fields=["budget_envelope"])
    return call


def _letters(decisions, *, at) -> None:
    """Each decision's award letter as the letter pages list it: rendered and e-mailed (the
    record only: no PDF is written; bench/letters.py measures rendering)."""
    from sponsorship.enums import LetterStatus
    from sponsorship.models import AwardLetter

    AwardLetter.objects.bulk_create([
        AwardLetter(decision=d, status=LetterStatus.READY, sha256="0" * 64, size=48_000,
                    attempts=1, status_changed_at=at, rendered_at=at, emailed_at=at)
        for d in decisions], batch_size=BATCH)


def _bulk_projects(*, call, approved: int, seed: int, today: dt.date) -> int:
    """Approve and publish the first `approved` applications of `call` in bulk, with their
    projects as publication creates them, then what the organisations reported since:
    activities, and a progress report per project year (accepted with outcomes, spend,
    firms and survey answers once its due date has passed, a draft before). Returns the
    number of projects."""
    from django.db import transaction
    from django.db.models import Sum
    from django.utils import timezone

    from applications.models import Application, ConsortiumMember
    from projects.enums import (
        ActivityStatus,
        BusinessResult,
        FirmLocation,
        OutcomeKind,
        ReportStatus,
        SurveyLanguage,
    )
    from projects.models import (
        ApprovedLine,
        Outcome,
        ProgressReport,
        Project,
        ProjectActivity,
        ProjectFirm,
        ProjectYear,
        SpendLine,
        SurveyInvitation,
        SurveyResponse,
    )
    from sponsorship.enums import DecisionMode
    from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision
    from sponsorship.obligations import fiscal_year_span, project_fiscal_year, report_due_date

    rng = random.Random(seed)
    now = timezone.now()
    hq, *_rest = _staff()
    fy = call.fiscal_year
    applications = list(Application.objects.filter(call=call).order_by("sequence")[:approved])
    ids = [a.pk for a in applications]
    totals = dict(CostLine.objects.filter(application_id__in=ids).values("application_id")
                  .annotate(total=Sum("total")).values_list("application_id", "total"))
    decided_at = call.closes_at + dt.timedelta(days=75)
    with transaction.atomic():
        decisions = SponsorshipDecision.objects.bulk_create([
            SponsorshipDecision(application=a, mode=DecisionMode.FULL,
                                requested_total=totals[a.pk], approved_total=totals[a.pk],
                                decided_by=hq, decided_at=decided_at) for a in applications],
            batch_size=BATCH)
        decision_of = {d.application_id: d for d in decisions}
        lines = list(CostLine.objects.filter(application_id__in=ids))
        DecisionLine.objects.bulk_create([
            DecisionLine(decision=decision_of[line.application_id], cost_line=line,
                         requested_amount=line.quantity * line.unit_cost,
                         approved_amount=line.quantity * line.unit_cost) for line in lines],
            batch_size=BATCH)
        Application.objects.filter(pk__in=ids).update(decision_published_at=decided_at)
        _letters(decisions, at=decided_at)
        projects = Project.objects.bulk_create([
            Project(application=a, decision=decision_of[a.pk], organisation_id=a.organisation_id,
                    partner_region_id=a.partner_region_id, first_fiscal_year=fy,
                    duration_years=a.duration_years, approved_total=totals[a.pk],
                    partner_contact_name="Dr. Anna Müller",
                    partner_contact_email=f"partner-{a.pk}@bench.example.de",
                    partner_contact_organisation="Partner agency")
            for a in applications], batch_size=BATCH)
        def project_year(project, number: int) -> ProjectYear:
            fiscal_year = project_fiscal_year(first_fiscal_year=fy, year=number)
            starts_on, ends_on = fiscal_year_span(fiscal_year)
            return ProjectYear(project=project, number=number, fiscal_year=fiscal_year,
                               starts_on=starts_on, ends_on=ends_on,
                               report_due_on=report_due_date(first_fiscal_year=fy, year=number))

        years = ProjectYear.objects.bulk_create([
            project_year(p, n) for p in projects for n in range(1, p.duration_years + 1)],
            batch_size=BATCH)
        year_of = {(y.project.application_id, y.number): y for y in years}
        approved_amounts: dict = {}
        for line in lines:
            key = (line.application_id, line.year, line.activity, line.category)
            approved_amounts[key] = approved_amounts.get(key, 0) + line.quantity * line.unit_cost
        approved_lines = ApprovedLine.objects.bulk_create([
            ApprovedLine(project_year=year_of[(app_id, year)], activity=activity, category=category,
                         approved_amount=amount)
            for (app_id, year, activity, category), amount in sorted(approved_amounts.items())],
            batch_size=BATCH)
        members = ConsortiumMember.objects.filter(application_id__in=ids).order_by("pk")
        project_of = {p.application_id: p for p in projects}
        firms = ProjectFirm.objects.bulk_create([
            ProjectFirm(project=project_of[m.application_id], name=m.name, consortium_member=m,
                        from_consortium=True, is_sme=m.employees <= 300,
                        location=FirmLocation.JAPAN, contact_name="担当者",
                        contact_email=f"firm-{m.pk}@bench.example.jp",
                        survey_language=SurveyLanguage.JAPANESE)
            for m in members], batch_size=BATCH)
        firms_of: dict = {}
        for firm in firms:
            firms_of.setdefault(firm.project_id, []).append(firm)
        ProjectActivity.objects.bulk_create([
            ProjectActivity(
                project_year=y, activity_type=activity, title_ja=f"{y.fiscal_year}年度 {activity}",
                title_en=f"FY{y.fiscal_year} {activity}",
                starts_on=y.starts_on + dt.timedelta(days=90 + 60 * k),
                ends_on=y.starts_on + dt.timedelta(days=93 + 60 * k), city="Düsseldorf",
                venue="Messe", status=(ActivityStatus.HELD if y.report_due_on < today
                                       else ActivityStatus.PLANNED),
                foreign_experts=3, delegates_sent=4, firms_attending=6, participants_total=40)
            for y in years for k, activity in enumerate(
                ["matching_japan", "networking_abroad"])], batch_size=BATCH)
        def report(year: ProjectYear) -> ProgressReport:
            if year.report_due_on >= today:  # the year under way
                return ProgressReport(project_year=year, status=ReportStatus.DRAFT)
            due = timezone.make_aware(dt.datetime.combine(year.report_due_on, dt.time(10)))
            return ProgressReport(project_year=year, status=ReportStatus.ACCEPTED,
                                  summary="この一年の成果と次年度の計画。" * 10,
                                  submitted_at=due - dt.timedelta(days=5),
                                  accepted_at=due + dt.timedelta(days=20))

        reports = ProgressReport.objects.bulk_create([report(y) for y in years],
                                                     batch_size=BATCH)
        accepted = [r for r, y in zip(reports, years, strict=True) if y.report_due_on < today]
        year_by_pk = {y.pk: y for y in years}
        Outcome.objects.bulk_create([
            Outcome(report=r, kind=kind, count=rng.randint(1, 12),
                    value_yen=rng.randrange(1_000_000, 50_000_000, 100_000)
                    if kind == OutcomeKind.SALES_CONTRACTS else None, description="成果の概要")
            for r in accepted
            for kind in (OutcomeKind.BUSINESS_MEETINGS, OutcomeKind.SALES_CONTRACTS)],
            batch_size=BATCH)
        lines_of_year: dict = {}
        for line in approved_lines:
            lines_of_year.setdefault(line.project_year_id, []).append(line)
        SpendLine.objects.bulk_create([
            SpendLine(report=r, approved_line=line, description="実費",
                      amount=max(1, line.approved_amount * rng.randint(70, 100) // 100),
                      paid_on=year_by_pk[r.project_year_id].starts_on + dt.timedelta(days=120))
            for r in accepted for line in lines_of_year.get(r.project_year_id, [])],
            batch_size=BATCH)
        ReportFirms = ProgressReport.firms.through
        ReportFirms.objects.bulk_create([
            ReportFirms(progressreport_id=r.pk, projectfirm_id=firm.pk)
            for r in accepted
            for firm in firms_of[year_by_pk[r.project_year_id].project_id][:5]], batch_size=BATCH)
        invitations = SurveyInvitation.objects.bulk_create([
            SurveyInvitation(project_year=year_by_pk[r.project_year_id], firm=firm,
                             name=firm.contact_name, organisation_name=firm.name,
                             email=firm.contact_email, language=SurveyLanguage.JAPANESE,
                             sent_at=timezone.make_aware(dt.datetime.combine(
                                 year_by_pk[r.project_year_id].ends_on, dt.time(10))),
                             answered_at=None)
            for r in accepted for firm in firms_of[year_by_pk[r.project_year_id].project_id]],
            batch_size=BATCH)
        answered = [i for i in invitations if rng.random() < 0.7]
        SurveyResponse.objects.bulk_create([
            SurveyResponse(invitation=i, overall_satisfaction=rng.randint(2, 5),
                           matching_usefulness=rng.randint(2, 5), seminar_usefulness=None,
                           interpretation_usefulness=rng.randint(3, 5),
                           business_result=rng.choice(BusinessResult.values), comment="",
                           language=SurveyLanguage.JAPANESE,
                           answered_at=i.sent_at + dt.timedelta(days=7))
            for i in answered], batch_size=BATCH)
        SurveyInvitation.objects.filter(pk__in=[i.pk for i in answered]).update(
            answered_at=now - dt.timedelta(days=30))
    return len(projects)


def generate_programme(*, applications: int = 5000, members: int = 8, cost_lines: int = 15,
                       reviews: int = 3, approved: int = 15, pending: int | None = None,
                       fiscal_year: int = 2027, earlier_years: int = 3,
                       earlier_applications: int = 2000, earlier_approved: int = 150,
                       seed: int = 14) -> dict:
    """The issue's shape: the current call of `fiscal_year` (with `pending` applications —
    a tenth by default — still waiting for a review) and `earlier_years` earlier fiscal
    years, each a decided call of `earlier_applications` with `earlier_approved` sponsored
    projects and their reports. Returns {"call": current call, "earlier": [calls],
    "projects": number of projects of the earlier years}."""
    from django.utils import timezone

    today = timezone.localdate()
    earlier, projects = [], 0
    for back in range(earlier_years, 0, -1):
        year = fiscal_year - back
        closes = timezone.make_aware(dt.datetime(year - 1, 11, 30, 17))
        call = generate_call(applications=earlier_applications, members=members,
                             cost_lines=cost_lines, reviews=reviews, approved=earlier_approved,
                             fiscal_year=year, seed=seed + year, closes_at=closes,
                             publish_through_service=False)
        projects += _bulk_projects(call=call, approved=earlier_approved, seed=seed + year,
                                   today=today)
        earlier.append(call)
    current = generate_call(applications=applications, members=members, cost_lines=cost_lines,
                            reviews=reviews, approved=approved,
                            pending=applications // 10 if pending is None else pending,
                            fiscal_year=fiscal_year, seed=seed)
    return {"call": current, "earlier": earlier, "projects": projects}


def main() -> None:
    parser = argparse.ArgumentParser(description="Drop, create, migrate and fill the "
                                     "PostgreSQL database of DATABASE_URL (see the docstring).")
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--members", type=int, default=8, help="consortium firms each")
    parser.add_argument("--cost-lines", type=int, default=15)
    parser.add_argument("--reviews", type=int, default=3, choices=[1, 2, 3])
    parser.add_argument("--approved", type=int, default=15, help="in the current call")
    parser.add_argument("--earlier-years", type=int, default=3)
    parser.add_argument("--earlier-applications", type=int, default=2000)
    parser.add_argument("--earlier-approved", type=int, default=150)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database that may be dropped.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rit_portal.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    started = time.perf_counter()
    fresh_database(url)
    migrated = time.perf_counter()
    result = generate_programme(
        applications=args.applications, members=args.members, cost_lines=args.cost_lines,
        reviews=args.reviews, approved=args.approved, earlier_years=args.earlier_years,
        earlier_applications=args.earlier_applications, earlier_approved=args.earlier_approved)
    done = time.perf_counter()
    print(f"migrated in {migrated - started:.1f} s; generated in {done - migrated:.1f} s: "
          f"call {result['call'].pk} (FY{result['call'].fiscal_year}, {args.applications} "
          f"applications), {len(result['earlier'])} earlier calls with {result['projects']} "
          f"projects")


if __name__ == "__main__":
    main()
