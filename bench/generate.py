"""Bulk data for benchmarks: a call with thousands of applications, written with
`bulk_create` (seconds, not the minutes factories would take). Import it from any bench
script once Django is set up:

    from bench.generate import fresh_database, generate_call
    fresh_database(os.environ["DATABASE_URL"])        # drop, create, then migrate
    call = generate_call(applications=5000)

Every application is received (a reference, submitted), with a consortium of `members`
firms, `cost_lines` cost lines, two submitted reviews (an HQ and an overseas reviewer)
and, for the first `approved` ones, an approval (decision with its lines) and the
sponsored project publication creates. Deterministic for a given `seed`.
"""

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTORS = ["automotive", "medical-machinery", "cosmetics", "software", "renewable-energy",
           "industrial-machinery", "water-treatment", "pharmaceuticals"]
REGIONS = ["Baden-Württemberg", "Nordrhein-Westfalen", "Saxony", "Île-de-France", "Scotland"]
BATCH = 2000


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database of `url`, then migrate it (Django set up)."""
    import django
    import psycopg2
    from django.core.management import call_command

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    django.setup()
    call_command("migrate", verbosity=0)


def generate_call(*, applications: int = 5000, members: int = 6, cost_lines: int = 6,
                  approved: int = 15, fiscal_year: int = 2027, seed: int = 14):
    """A published call of `fiscal_year` with `applications` received applications (see
    the module's docstring). Returns the call."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import OrganisationType, Role
    from accounts.models import ApplicantOrganisation, User
    from applications.enums import ApplicationStatus, Industry, Objective
    from applications.models import Application, Call, ConsortiumMember
    from projects.services import project_for_decision
    from regions.models import JetroOffice, PartnerRegion, Prefecture, Sector
    from reviews.enums import ConflictStatus, Recommendation, ReviewStatus
    from reviews.models import Review, ReviewAssignment
    from sponsorship.enums import Activity, CostCategory, DecisionMode
    from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision

    rng = random.Random(seed)
    now = timezone.now()
    sectors = list(Sector.objects.filter(code__in=SECTORS))
    regions = list(PartnerRegion.objects.filter(name_en__in=REGIONS))
    prefectures = list(Prefecture.objects.all())
    activity_categories = [(Activity.MATCHING_IN_JAPAN, CostCategory.INTERNATIONAL_AIRFARE),
                           (Activity.MATCHING_IN_JAPAN, CostCategory.ACCOMMODATION),
                           (Activity.SEMINAR_JAPAN, CostCategory.VENUE),
                           (Activity.NETWORKING_ABROAD, CostCategory.INTERNATIONAL_AIRFARE),
                           (Activity.NETWORKING_ABROAD, CostCategory.INTERPRETATION),
                           (Activity.SEMINAR_ABROAD, CostCategory.VENUE)]
    with transaction.atomic():
        call = Call.objects.create(
            fiscal_year=fiscal_year, title_ja=f"{fiscal_year}年度 RIT 公募（ベンチマーク）",
            title_en=f"FY{fiscal_year} RIT call (benchmark)", opens_at=now - dt.timedelta(days=90),
            closes_at=now - dt.timedelta(days=30), budget_envelope=approved * 8_000_000,
            is_published=True)
        hq = User.objects.create(email=f"hq-bench-{call.pk}@example.jp", role=Role.HQ_STAFF,
                                 first_name="Hana", last_name="Honbu")
        hq_reviewer = User.objects.create(
            email=f"hq-reviewer-{call.pk}@example.jp", role=Role.HQ_REVIEWER, first_name="Kenji",
            last_name="Sato", office=JetroOffice.objects.get(code="HQ"))
        overseas = User.objects.create(
            email=f"dus-reviewer-{call.pk}@example.jp", role=Role.OVERSEAS_REVIEWER,
            first_name="Anna", last_name="Becker", office=JetroOffice.objects.get(code="DUS"))
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
        objectives = Objective.values
        rows = Application.objects.bulk_create([
            Application(
                call=call, organisation=organisation, reference=f"RIT-FY{fiscal_year}-{n + 1:04d}",
                sequence=n + 1, status=(ApplicationStatus.APPROVED if n < approved
                                        else rng.choice([ApplicationStatus.REVIEWED,
                                                         ApplicationStatus.INELIGIBLE,
                                                         ApplicationStatus.REJECTED])),
                title_ja=f"共同開発事業 {n + 1}", title_en=f"Joint development {n + 1}",
                sector=rng.choice(sectors), partner_region=rng.choice(regions),
                objectives=rng.sample(objectives, 2), duration_years=2,
                start_date=dt.date(fiscal_year, 6, 1), submitted_at=now,
                cooperation_summary="=SUM(A1:A9) 計画の概要" if n % 500 == 0 else "計画の概要",
                decision_published_at=now if n < approved else None)
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
            CostLine(application=a, activity=activity, year=1 + line % 2, category=category,
                     description="経費", quantity=rng.randint(1, 6), unit="式",
                     unit_cost=rng.randrange(50_000, 400_000, 1000), position=line)
            for a in rows
            for line, (activity, category) in enumerate(activity_categories[:cost_lines])],
            batch_size=BATCH)
        assignments = ReviewAssignment.objects.bulk_create([
            ReviewAssignment(application=a, reviewer=reviewer, assigned_at=now,
                             conflict_status=ConflictStatus.NONE, conflict_declared_at=now)
            for a in rows for reviewer in (hq_reviewer, overseas)], batch_size=BATCH)
        Review.objects.bulk_create([
            Review(assignment=assignment, status=ReviewStatus.SUBMITTED,
                   c1_score=rng.randint(1, 5), c2_score=rng.randint(1, 5),
                   c3_score=rng.randint(1, 5), c1_comment="地域企業の参加が明確",
                   c2_comment="見通しは妥当", c3_comment="相手地域の関心を確認",
                   value_score=rng.randint(3, 10), value_comment="価値は中程度",
                   recommendation=rng.choice(Recommendation.values), submitted_at=now)
            for assignment in assignments], batch_size=BATCH)
    for application in rows[:approved]:
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
    return call
