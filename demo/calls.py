"""Demo calls (and, later, demo applications) for `manage.py load_demo_data`.

Idempotent: each call is found by its fiscal year first; an existing one is left as it is.
`run` calls one function per kind of demo data, in order; add new ones there.
"""

import datetime as dt

from django.utils import timezone

from applications.models import Call
from applications.services import JAPAN
from regions.models import Sector

GUIDANCE_JA = """地域間交流支援事業（RIT）は、日本の地域と海外の地域との産業交流を支援します。
地域の業界団体、商工会議所、地方自治体、産業クラスターが、5社以上の企業からなるコンソーシアムを代表して応募してください。
支援の対象は、海外専門家の招へいによる国内でのビジネスマッチング、海外地域へのミッション派遣、セミナー・シンポジウムの開催です。
申請は本ポータルから行い、締切は日本時間で判定します。"""

GUIDANCE_EN = (
    "The Regional Industry Tie-up (RIT) programme supports industrial exchange between a "
    "Japanese region and a foreign partner region.\n"
    "A regional business association, chamber of commerce and industry, regional government "
    "or industrial cluster applies on behalf of a consortium of five or more companies.\n"
    "Sponsorship covers business matching in Japan with invited foreign experts, networking "
    "missions to the foreign region, and seminars or symposiums.\n"
    "Apply through this portal; deadlines are in Japan time."
)


def _focus_areas() -> list[Sector]:
    return list(Sector.objects.filter(is_focus=True, parent__isnull=True))


def _call_ensure(*, fiscal_year: int, **values) -> Call:
    call = Call.objects.filter(fiscal_year=fiscal_year).first()
    if call is None:
        call = Call.objects.create(fiscal_year=fiscal_year, **values)
        call.focus_sectors.set(_focus_areas())
    return call


def demo_calls(stdout=None) -> list[Call]:
    """An open FY2027 call, a closed FY2026 call (for past outcomes) and the FY2025 call
    whose tie-ups the showcase shows."""
    today = timezone.now().astimezone(JAPAN).date()

    def jst(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=JAPAN)

    closes_2027 = jst(today + dt.timedelta(days=61), 23, 59, 59)
    open_call = _call_ensure(
        fiscal_year=2027,
        title_ja="2027年度 地域間交流支援事業（RIT）募集",
        title_en="FY2027 Regional Industry Tie-up (RIT) call for applications",
        guidance_ja=GUIDANCE_JA, guidance_en=GUIDANCE_EN,
        opens_at=jst(today - dt.timedelta(days=14), 10),
        closes_at=closes_2027,
        review_deadline=jst((closes_2027 + dt.timedelta(days=30)).date(), 17),
        budget_envelope=150_000_000, min_consortium_size=5, max_duration_years=3,
        cost_cap=15_000_000, eur_rate=160, is_published=True,
        # The overseas offices' reviewers read English.
        english_summaries=["plan", "prospects"],
    )
    closed_call = _call_ensure(
        fiscal_year=2026,
        title_ja="2026年度 地域間交流支援事業（RIT）募集",
        title_en="FY2026 Regional Industry Tie-up (RIT) call for applications",
        guidance_ja=GUIDANCE_JA, guidance_en=GUIDANCE_EN,
        opens_at=jst(dt.date(2026, 1, 13), 10),
        closes_at=jst(dt.date(2026, 2, 27), 23, 59, 59),
        review_deadline=jst(dt.date(2026, 3, 19), 17),
        budget_envelope=140_000_000, min_consortium_size=5, max_duration_years=3,
        eur_rate=158, is_published=True,
    )
    # An earlier round whose tie-ups have run a year and more: the public showcase's
    # stories (demo.showcase).
    earlier_call = _call_ensure(
        fiscal_year=2025,
        title_ja="2025年度 地域間交流支援事業（RIT）募集",
        title_en="FY2025 Regional Industry Tie-up (RIT) call for applications",
        guidance_ja=GUIDANCE_JA, guidance_en=GUIDANCE_EN,
        opens_at=jst(dt.date(2025, 1, 14), 10),
        closes_at=jst(dt.date(2025, 2, 28), 23, 59, 59),
        review_deadline=jst(dt.date(2025, 3, 19), 17),
        budget_envelope=130_000_000, min_consortium_size=5, max_duration_years=3,
        eur_rate=160, is_published=True,
    )
    if stdout is not None:
        stdout.write(f"Demo calls: {open_call} ({open_call.state}), "
                     f"{closed_call} ({closed_call.state}), {earlier_call} ({earlier_call.state})")
    return [open_call, closed_call, earlier_call]


def run(stdout=None) -> list:
    """Create the demo calls; returns no logins (demo.accounts creates those)."""
    calls = demo_calls(stdout)
    from .applications import demo_applications

    demo_applications(calls, stdout)
    return []
