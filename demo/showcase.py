"""Demo of the public showcase, built on the FY2025 round's projects (the case study's
partner pairs, approved and published in demo.selection) and the FY2026 Fukushima–NRW
project (demo.projects).

For each FY2025 project: year 1 with a business matching in Japan and a seminar (held),
its firms, spend with receipts, outcomes, the survey answered, the report submitted and
accepted by HQ; year 2 with a networking mission to the partner region (held). Then every
showcased project's organisation agrees to publication and sends its outcome story in
both languages, and HQ approves it: `make run` shows the tie-ups on /showcase/ and its map.
Promoters' links (the kit's `?ref=` codes, "chamber-mito" among them) have brought
visitors to the open call's page over the last two weeks (HQ's referral figures).

Everything goes through the services (projects', showcase's), as the organisation's demo
user and HQ's. Idempotent: a project whose showcase entry exists is left as it is, and a
FY2025 project whose year 1 has activities gets none again.
"""

# ruff: noqa: E501 - the demo tables hold long Japanese sentences, one record per line
import datetime as dt

from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from projects.enums import ActivityStatus, FirmLocation, OutcomeKind
from projects.models import Project
from projects.services import (
    activity_create,
    outcome_create,
    project_firm_create,
    project_firm_update,
    report_accept,
    report_firms_set,
    report_submit,
    report_summary_update,
    spend_line_create,
    survey_answer,
    survey_send,
)
from showcase.models import ShowcaseEntry
from showcase.services import (
    showcase_consent_set,
    showcase_story_approve,
    showcase_story_submit,
)
from sponsorship.enums import Activity as A

from .projects import ANSWERS, _pdf

# Per organisation (demo.accounts key): year 1's matching (title ja, title en, city, venue,
# firms attending, participants), the partner region's firm (name, contact), year 2's
# mission (title ja, title en, city, venue), the outcomes of year 1, the report's summary.
TIE_UPS = {
    "ibaraki": (
        ("自動車部品ビジネスマッチング in 水戸", "Automotive parts business matching in Mito", "Mito, Ibaraki",
         "茨城県産業会館 / Ibaraki Industrial Hall", 8, 41),
        ("Präzisionsteile Neckar GmbH", "Jonas Weber"),
        ("シュトゥットガルト訪問団", "Delegation to Stuttgart", "Stuttgart", "Haus der Wirtschaft"),
        [(OutcomeKind.BUSINESS_MEETINGS, 21, None, "独部品メーカー4社と県内企業8社の個別商談"),
         (OutcomeKind.TECHNICAL_COOPERATION, 1, None, "防錆コーティングの共同評価")],
        "水戸での商談会に独側専門家3名を招へいし、21件の商談から防錆コーティングの共同評価が始まった。"),
    "saga": (
        ("化粧品原料ビジネスマッチング in 唐津", "Cosmetic ingredients business matching in Karatsu", "Karatsu, Saga",
         "唐津市ふるさと会館アルピノ / Arpino, Karatsu", 6, 38),
        ("Laboratoires Val de Loire SAS", "Claire Martin"),
        ("コスメティックバレー訪問団（シャルトル）", "Delegation to Cosmetic Valley, Chartres", "Chartres",
         "Cosmetic Valley"),
        [(OutcomeKind.BUSINESS_MEETINGS, 18, None, "仏化粧品メーカー3社との個別商談"),
         (OutcomeKind.JOINT_DEVELOPMENT, 1, None, "柑橘由来原料の共同開発")],
        "唐津での商談会に仏側3社を招へいし、柑橘由来原料の共同開発に着手した。"),
    "nagasaki": (
        ("海洋エネルギー技術交流会 in 佐世保", "Marine energy technology meeting in Sasebo", "Sasebo, Nagasaki",
         "アルカスSASEBO / Arkas Sasebo", 7, 35),
        ("Orkney Marine Services Ltd", "Iain Flett"),
        ("オークニー諸島訪問団", "Delegation to the Orkney Islands", "Stromness, Orkney",
         "European Marine Energy Centre"),
        [(OutcomeKind.BUSINESS_MEETINGS, 15, None, "スコットランド側専門家と県内企業7社の個別商談"),
         (OutcomeKind.TECHNICAL_COOPERATION, 1, None, "潮流発電機の保守技術に関する協力覚書")],
        "佐世保での交流会にスコットランド側専門家3名を招へいし、潮流発電機の保守技術で協力覚書を結んだ。"),
    "oita": (
        ("ものづくりビジネスマッチング in 大分", "Manufacturing business matching in Oita", "Oita",
         "J:COMホルトホール大分 / Horuto Hall Oita", 5, 30),
        ("Changwon Precision Co., Ltd.", "Kim Min-jun"),
        ("慶尚南道訪問団（昌原）", "Delegation to Changwon, Gyeongsangnam-do", "Changwon",
         "Changwon Exhibition Convention Center"),
        [(OutcomeKind.BUSINESS_MEETINGS, 17, None, "韓国装置メーカー3社との個別商談"),
         (OutcomeKind.SALES_CONTRACTS, 1, 2_600_000, "装置部品の試作供給契約")],
        "大分での商談会に韓国側3社を招へいし、装置部品の試作供給契約が1件成立した。"),
}

# The outcome stories the organisations wrote and HQ approved (no amounts: the showcase
# never shows money, scores or monitoring figures).
STORIES = {
    "ibaraki": (
        "茨城県の自動車部品メーカー8社が、バーデン＝ヴュルテンベルク州の自動車クラスターと2年間交流しました。"
        "1年目は独側の専門家を水戸に招いて個別商談を重ね、防錆コーティングの共同評価が始まりました。"
        "2年目はシュトゥットガルトを訪問し、現地の部品メーカーと欧州規格に合わせた試作を進めています。",
        "Eight automotive parts makers of Ibaraki worked for two years with the automotive "
        "cluster of Baden-Württemberg. In the first year German experts came to Mito for "
        "one-to-one meetings, and a joint evaluation of anti-corrosion coatings began. In the "
        "second year the firms visited Stuttgart and are now making trial parts to European "
        "standards with local suppliers."),
    "saga": (
        "佐賀県の化粧品関連企業が、フランスの化粧品クラスター「コスメティックバレー」と交流しました。"
        "唐津での商談会をきっかけに、県産の柑橘を使った化粧品原料の共同開発が始まり、"
        "2年目はシャルトルで現地企業と処方の検討を行いました。",
        "Cosmetics firms of Saga Prefecture worked with Cosmetic Valley, the French cosmetics "
        "cluster. A business matching in Karatsu started the joint development of a cosmetic "
        "ingredient from Saga's citrus fruit, and in the second year the firms met French "
        "makers in Chartres to work on formulations."),
    "nagasaki": (
        "長崎県の造船・海洋関連企業が、スコットランドの海洋エネルギー関係機関と協力しました。"
        "佐世保での技術交流会で潮流発電機の保守技術について協力覚書を結び、"
        "2年目はオークニー諸島の試験場で保守作業の研修を受けました。",
        "Shipbuilding and marine firms of Nagasaki cooperated with Scotland's marine energy "
        "community. A technology meeting in Sasebo led to an agreement on maintaining tidal "
        "turbines, and in the second year the firms trained on maintenance at the test site "
        "in the Orkney Islands."),
    "oita": (
        "大分県のものづくり企業が、韓国・慶尚南道の装置メーカーと交流しました。"
        "大分での商談会で半導体製造装置部品の試作取引が始まり、"
        "2年目は昌原を訪問して精密金型の共同開発を協議しました。",
        "Manufacturers of Oita met equipment makers of Gyeongsangnam-do, Korea. A business "
        "matching in Oita led to trial orders for semiconductor equipment parts, and in the "
        "second year the firms visited Changwon to discuss joint development of precision "
        "moulds."),
    "fukushima": (
        "ふくしま医療機器産業推進機構と県内企業が、ノルトライン＝ヴェストファーレン州と交流しています。"
        "郡山でのビジネスマッチングに独側の専門家を招き、アーヘン大学病院とカテーテル部材の評価で"
        "技術協力の覚書を結びました。2年目はデュッセルドルフのMEDICAに訪問団を派遣します。",
        "Fukushima's medical device cluster and its firms work with North Rhine-Westphalia. "
        "German experts came to a business matching in Koriyama, and a technical cooperation "
        "agreement with Aachen University Hospital on evaluating catheter components followed. "
        "In the second year a delegation goes to MEDICA in Düsseldorf."),
}


def _org_key(project: Project) -> str:
    """The demo.accounts key of the project's organisation ("" when not a demo one)."""
    from .accounts import ORGANISATIONS

    return next((o[0] for o in ORGANISATIONS if o[3] == project.organisation.name_ja), "")


def _held_within(year, offset_days: int) -> dt.date:
    """A day of the project year that has passed (activities held are in the past)."""
    day = year.starts_on + dt.timedelta(days=offset_days)
    return min(day, timezone.localdate() - dt.timedelta(days=30))


def _year_one(project: Project, key: str, by, hq) -> None:
    year = project.years.get(number=1)
    if year.activities.exists():
        return
    matching, (partner_firm, partner_contact), _mission, outcomes, summary = TIE_UPS[key]
    title_ja, title_en, city, venue, firms_attending, participants = matching
    first_day = _held_within(year, 120)
    activity_create(
        project_year=year, by=by, activity_type=A.MATCHING_IN_JAPAN, title_ja=title_ja,
        title_en=title_en, starts_on=first_day, ends_on=first_day + dt.timedelta(days=1),
        city=city, venue=venue, status=ActivityStatus.HELD, foreign_experts=3,
        delegates_sent=0, firms_attending=firms_attending, participants_total=participants)
    seminar_day = _held_within(year, 240)
    activity_create(
        project_year=year, by=by, activity_type=A.SEMINAR_JAPAN, title_ja="成果報告セミナー",
        title_en="Results seminar", starts_on=seminar_day, ends_on=seminar_day, city=city,
        venue=venue, status=ActivityStatus.HELD, foreign_experts=1, delegates_sent=0,
        firms_attending=firms_attending, participants_total=participants + 12)

    report = year.report
    firms = list(project.firms.filter(from_consortium=True).order_by("pk"))
    for n, firm in enumerate(firms, start=1):
        project_firm_update(firm=firm, by=by, contact_name=f"担当者{n}",
                            contact_email=f"firm{n}.p{project.pk}@demo.rit-portal.jp")
    slug = partner_contact.lower().replace(" ", ".")
    partner = project_firm_create(
        project=project, by=by, name=partner_firm, location=FirmLocation.PARTNER_REGION,
        is_sme=True, contact_name=partner_contact,
        contact_email=f"{slug}.p{project.pk}@demo.rit-portal.jp", survey_language="en")
    report_firms_set(report=report, by=by, firms=[*firms[:4], partner])
    line = year.approved_lines.filter(activity=A.MATCHING_IN_JAPAN).order_by("pk").first()
    if line is not None:
        amount = line.approved_amount * 9 // 10
        spend_line_create(report=report, by=by, approved_line=line,
                          description=str(line), amount=amount, paid_on=first_day,
                          receipt=_pdf(f"{title_ja} ¥{amount:,}"))
    for kind, count, value, description in outcomes:
        outcome_create(report=report, by=by, kind=kind, count=count, value_yen=value,
                       description=description)
    report_summary_update(report=report, by=by, summary=summary)
    for invitation, (overall, matching_score, seminars, interpretation, result,
                     comment) in zip(survey_send(project_year=year, by=by), ANSWERS,
                                     strict=False):
        survey_answer(invitation=invitation, language=invitation.language,
                      overall_satisfaction=overall, matching_usefulness=matching_score,
                      seminar_usefulness=seminars, interpretation_usefulness=interpretation,
                      business_result=result, comment=comment)
    report_submit(report=report, by=by)
    report_accept(report=year.report, by=hq)


def _year_two(project: Project, key: str, by) -> None:
    year = project.years.filter(number=2).first()
    if year is None or year.activities.exists():
        return
    title_ja, title_en, city, venue = TIE_UPS[key][2]
    first_day = _held_within(year, 150)
    activity_create(
        project_year=year, by=by, activity_type=A.NETWORKING_ABROAD, title_ja=title_ja,
        title_en=title_en, starts_on=first_day, ends_on=first_day + dt.timedelta(days=3),
        city=city, venue=venue, status=ActivityStatus.HELD, foreign_experts=0,
        delegates_sent=6, firms_attending=5, participants_total=28)


def _on_showcase(project: Project, key: str, by, hq) -> None:
    story_ja, story_en = STORIES[key]
    showcase_consent_set(project=project, by=by, consented=True)
    entry = showcase_story_submit(project=project, by=by, story_ja=story_ja, story_en=story_en)
    showcase_story_approve(entry=entry, by=hq)


# Promoters' codes (the kit's `?ref=`) and the visitors their links brought to the open
# call's page a day over the last two weeks: the Mito chamber of commerce shares the kit,
# the others are the demo organisations' sources (demo.accounts.REFERRALS).
PROMOTER_VISITS = {"chamber-mito": (6, 3, 0, 4, 9, 2, 5), "jetro-office": (2, 1, 3),
                   "embassy-fr": (1, 0, 2, 1), "association": (0, 1), "newsletter": (12, 4)}


def _promoter_visits() -> int:
    """Count the promoters' visits day by day, as the call's page does (idempotent: none
    once any visit is counted)."""
    from unittest import mock

    from applications.models import Call, ReferralVisit
    from applications.services import referral_visit_record

    call = Call.objects.filter(is_published=True).order_by("-fiscal_year").first()
    if call is None or ReferralVisit.objects.exists():
        return 0
    today = timezone.localdate()
    for source, pattern in PROMOTER_VISITS.items():
        for days_ago in range(14):
            with mock.patch("django.utils.timezone.localdate",
                            return_value=today - dt.timedelta(days=days_ago)):
                for _visit in range(pattern[days_ago % len(pattern)]):
                    referral_visit_record(source=source, call=call)
    return sum(ReferralVisit.objects.values_list("visits", flat=True))


def run(stdout=None) -> list:
    """Give the FY2025 projects their years and every demo tie-up its place on the
    showcase; returns no logins."""
    hq = User.objects.filter(role=Role.HQ_STAFF, is_active=True).order_by("pk").first()
    if hq is None:
        return []
    listed = 0
    projects = (Project.objects.filter(first_fiscal_year__lte=2026)
                .select_related("organisation", "application").order_by("pk"))
    with translation.override("ja"):
        for project in projects:
            key = _org_key(project)
            by = (User.objects.filter(organisation=project.organisation, role=Role.APPLICANT,
                                      is_active=True).order_by("pk").first())
            if by is None or key not in STORIES:
                continue
            if project.first_fiscal_year == 2025 and key in TIE_UPS:
                _year_one(project, key, by, hq)
                _year_two(project, key, by)
            if not ShowcaseEntry.objects.filter(project=project).exists():
                _on_showcase(project, key, by, hq)
                listed += 1
    visits = _promoter_visits()
    if stdout is not None and (listed or visits):
        stdout.write(f"Demo showcase: {listed} tie-up(s) published, {visits} promoter visits")
    return []
