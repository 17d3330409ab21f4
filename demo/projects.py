"""Demo of the post-award stage, built on the FY2026 call's published approvals (their
projects were created at publication, in demo.selection).

For each FY2026 project: the firms' survey contacts and a firm from the partner region;
year 1 with a business matching in Japan (held: foreign experts' roster with flights,
invitation letters), a seminar (held), actual spend with receipts, outcomes, the survey
sent and mostly answered, and the report submitted for HQ to accept; year 2 with a
networking mission abroad planned and its Japanese delegation's roster.

Everything goes through the services, acting as the organisation's demo user, so the demo
passes the rules real data passes. Idempotent: a project whose year 1 has activities is
left as it is.
"""

# ruff: noqa: E501 - the demo tables hold long Japanese sentences, one record per line
import contextlib
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.enums import Role
from accounts.models import User
from privacy.enums import RecipientKind
from projects.enums import ActivityStatus, BusinessResult, FirmLocation, OutcomeKind, TravellerType
from projects.models import Project
from projects.services import (
    activity_create,
    delegate_consent_record,
    delegate_create,
    invitation_letter_provide,
    outcome_create,
    project_firm_create,
    project_firm_update,
    report_firms_set,
    report_submit,
    report_summary_update,
    spend_line_create,
    survey_answer,
    survey_send,
    travel_request_provide,
)
from regions.models import Country
from sponsorship.enums import Activity as A

# (family name, given names, nationality, organisation, role, interpreter, visa, flights:
# days from the activity's first day, from, to)
EXPERTS = [
    ("Becker", "Thomas", "DE", "Energy Agency NRW", "Head of Medical Technology Cluster", True, False,
     [(-2, "DUS", "HND"), (4, "HND", "DUS")]),
    ("Schmitz", "Julia Maria", "DE", "Universitätsklinikum Aachen", "Senior Physician, Cardiology", True, False,
     [(-2, "FRA", "HND"), (3, "HND", "FRA")]),
    ("Yılmaz", "Mehmet", "DE", "MedTech Rhein GmbH", "Head of Product Development", False, True,
     [(-1, "DUS", "NRT"), (4, "NRT", "DUS")]),
]
DELEGATION = [
    ("Tanaka", "Ken", "JP", "ふくしま医療機器産業推進機構", "団長", False, False,
     [(-1, "HND", "DUS"), (5, "DUS", "HND")]),
    ("Sato", "Yumi", "JP", "株式会社郡山メディカルデバイス", "海外営業部長", True, False,
     [(-1, "HND", "DUS"), (5, "DUS", "HND")]),
    ("Ito", "Haruto", "JP", "会津精密医療器株式会社", "技術部長", True, False,
     [(-1, "NRT", "FRA"), (5, "DUS", "NRT")]),
]
# Survey answers of the firms that answered: (overall, matching, seminars, interpretation, result, comment)
ANSWERS = [
    (5, 5, 4, 5, BusinessResult.YES, "独企業との試作契約につながった。通訳の質が高かった。"),
    (4, 4, 4, 4, BusinessResult.EXPECTED, "来年度の共同評価に向けて協議中。"),
    (4, 5, None, 3, BusinessResult.YES, ""),
    (3, 3, 4, None, BusinessResult.NO, "商談時間がもう少し欲しかった。"),
    (5, 5, 5, 5, BusinessResult.EXPECTED, "Very well prepared matching; we plan a joint trial in 2027."),
]


def _pdf(text: str) -> SimpleUploadedFile:
    """A one-page receipt, rendered by the portal's PDF path."""
    from sponsorship.letter_pdf import html_to_pdf

    content = html_to_pdf(f"<h1>領収書 / Receipt</h1><p>{text}</p>")
    return SimpleUploadedFile("receipt.pdf", content, content_type="application/pdf")


def _delegates(activity, by, rows, traveller_type) -> None:
    for family, given, nationality, organisation, role, interpreter, visa, flights in rows:
        delegate = delegate_create(
            activity=activity, by=by, traveller_type=traveller_type, family_name=family,
            given_names=given, nationality=Country.objects.get(iso2=nationality),
            organisation=organisation, role=role, needs_interpreter=interpreter,
            needs_visa=visa,
            legs=[{"travel_date": activity.starts_on + dt.timedelta(days=offset),
                   "departure_airport": origin, "arrival_airport": destination}
                  for offset, origin, destination in flights])
        # The travellers consented after reading the Art. 28 page (so the travel request
        # and letters work), unless the partner country is not assessed: the roster says so.
        with contextlib.suppress(ValidationError):
            delegate_consent_record(delegate=delegate, by=by, consented=True)


def _firms(project: Project, by) -> list:
    """Survey contacts for the consortium, and a firm of the partner region."""
    firms = list(project.firms.filter(from_consortium=True))
    for n, firm in enumerate(firms, start=1):
        project_firm_update(firm=firm, by=by, contact_name=f"担当者{n}",
                            contact_email=f"firm{n}.p{project.pk}@demo.rit-portal.jp")
    partner_firm = project_firm_create(
        project=project, by=by, name="MedTech Rhein GmbH", location=FirmLocation.PARTNER_REGION,
        is_sme=True, contact_name="Mehmet Yilmaz",
        contact_email=f"m.yilmaz.p{project.pk}@demo.rit-portal.jp", survey_language="en")
    return [*firms[:5], partner_firm]


def _year_one(project: Project, by) -> None:
    year = project.years.get(number=1)
    report = year.report
    report.project_year = year
    start = year.starts_on.year
    matching = activity_create(
        project_year=year, by=by, activity_type=A.MATCHING_IN_JAPAN,
        title_ja="医療機器ビジネスマッチング in 郡山", title_en="Medical devices business matching in Koriyama",
        starts_on=dt.date(start, 7, 14), ends_on=dt.date(start, 7, 16), city="Koriyama, Fukushima",
        venue="ビッグパレットふくしま / Big Palette Fukushima", status=ActivityStatus.HELD,
        foreign_experts=3, delegates_sent=0, firms_attending=9, participants_total=46,
        notes="独側専門家3名と県内企業9社の個別商談24件。カテーテル部材の評価で技術協力の覚書。")
    _delegates(matching, by, EXPERTS, TravellerType.FOREIGN_EXPERT)
    activity_create(
        project_year=year, by=by, activity_type=A.SEMINAR_JAPAN,
        title_ja="日独医療機器規制セミナー", title_en="Japan–Germany medical device regulation seminar",
        starts_on=dt.date(start, 10, 21), ends_on=dt.date(start, 10, 21), city="Fukushima",
        venue="コラッセふくしま / Corasse Fukushima", status=ActivityStatus.HELD,
        foreign_experts=1, delegates_sent=0, firms_attending=14, participants_total=62)

    firms = _firms(project, by)
    report_firms_set(report=report, by=by, firms=firms)
    lines = {(line.activity, line.category): line for line in year.approved_lines.all()}
    for (activity, category), description, amount, day in [
        ((A.MATCHING_IN_JAPAN, "airfare"), "専門家3名の国際航空運賃（エコノミー）", 642_300, 7),
        ((A.MATCHING_IN_JAPAN, "accommodation"), "専門家3名の宿泊費（14泊）", 168_000, 18),
        ((A.MATCHING_IN_JAPAN, "interpretation"), "商談会の独日通訳（2日間）", 160_000, 20)]:
        line = lines.get((activity, category))
        if line is not None:
            spend_line_create(report=report, by=by, approved_line=line, description=description,
                              amount=min(amount, line.approved_amount),
                              paid_on=dt.date(start, 7, day),
                              receipt=_pdf(f"{description} ¥{min(amount, line.approved_amount):,}"))
    for kind, count, value, description in [
        (OutcomeKind.BUSINESS_MEETINGS, 24, None, "独側専門家と県内企業9社の個別商談"),
        (OutcomeKind.SALES_CONTRACTS, 2, 4_800_000, "カテーテル部材の試作品供給契約（独医療機器メーカー2社）"),
        (OutcomeKind.TECHNICAL_COOPERATION, 1, None, "アーヘン大学病院とカテーテル部材評価の技術協力覚書"),
        (OutcomeKind.JOINT_DEVELOPMENT, 1, None, "内視鏡用レンズの共同開発に着手")]:
        outcome_create(report=report, by=by, kind=kind, count=count, value_yen=value,
                       description=description)
    report_summary_update(report=report, by=by, summary=(
        "郡山でのビジネスマッチングに独側専門家3名を招へいし、県内企業9社が24件の商談を行った。"
        "試作品供給契約2件（計480万円）と、アーヘン大学病院との技術協力覚書1件が成立した。\n"
        "2年目はデュッセルドルフのMEDICAに合わせて訪問団を派遣し、共同評価を進める。"))
    invitations = survey_send(project_year=year, by=by)
    for invitation, (overall, matching_score, seminars, interpretation, result, comment) in zip(
            invitations, ANSWERS, strict=False):
        survey_answer(invitation=invitation, language=invitation.language,
                      overall_satisfaction=overall, matching_usefulness=matching_score,
                      seminar_usefulness=seminars, interpretation_usefulness=interpretation,
                      business_result=result, comment=comment)
    report_submit(report=report, by=by)


def _year_two(project: Project, by) -> None:
    year = project.years.filter(number=2).first()
    if year is None:
        return
    start = year.starts_on.year
    mission = activity_create(
        project_year=year, by=by, activity_type=A.NETWORKING_ABROAD,
        title_ja="MEDICA訪問団（デュッセルドルフ）", title_en="Delegation to MEDICA, Düsseldorf",
        starts_on=dt.date(start, 11, 16), ends_on=dt.date(start, 11, 19),
        city="Düsseldorf", venue="Messe Düsseldorf")
    _delegates(mission, by, DELEGATION, TravellerType.JAPANESE_DELEGATE)


def _provisions(project: Project, by) -> None:
    """The first year's travel request handed to a travel agent and an invitation letter
    handed to its traveller: the record of provisions to third parties (APPI Art. 29) has
    entries to read (skipped where a traveller has not consented)."""
    year = project.years.get(number=1)
    with contextlib.suppress(ValidationError):
        travel_request_provide(project_year=year, by=by,
                               recipient_kind=RecipientKind.TRAVEL_AGENT,
                               recipient_name="JTB Business Travel (demo)", abroad=False)
    activity = year.activities.filter(delegates__isnull=False).first()
    if activity is not None:
        with contextlib.suppress(ValidationError):
            invitation_letter_provide(delegate=activity.delegates.order_by("pk").first(), by=by)


def run(stdout=None) -> list:
    """Bring the FY2026 projects to their post-award stage; returns no logins."""
    projects = Project.objects.filter(first_fiscal_year=2026).select_related(
        "organisation", "application")
    done = 0
    with translation.override("ja"):
        for project in projects:
            by = (User.objects.filter(organisation=project.organisation, role=Role.APPLICANT,
                                      is_active=True).order_by("pk").first())
            if by is None or project.years.filter(number=1, activities__isnull=False).exists():
                continue
            _year_one(project, by)
            _provisions(project, by)
            _year_two(project, by)
            done += 1
    if stdout is not None and done:
        stdout.write(f"Demo projects: {done} brought to their post-award stage")
    return []
