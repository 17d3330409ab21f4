"""Demo cost proposals: tops up every submitted demo application that has no cost line.

Runs after demo.calls (which may already give applications their lines; those are
left alone, and so are drafts, which show the form as the applicant left it) and before
demo.selection, whose selection makes the decisions through
`sponsorship_decide`. Idempotent: an application with lines is never touched.
"""

from applications.models import Application
from sponsorship.enums import Activity as A
from sponsorship.enums import CostCategory as C
from sponsorship.models import CostLine

# (activity, category, description, quantity, unit, unit cost in yen) for one project year.
YEAR_PLAN = [
    (A.MATCHING_IN_JAPAN, C.INTERNATIONAL_AIRFARE, "招へい専門家の往復航空券（エコノミー）", 3,
     "名", 180_000),
    (A.MATCHING_IN_JAPAN, C.ACCOMMODATION, "招へい専門家の宿泊費", 12, "人泊", 14_000),
    (A.MATCHING_IN_JAPAN, C.TRANSPORT_JAPAN, "国内移動（新幹線・企業訪問）", 3, "名", 45_000),
    (A.MATCHING_IN_JAPAN, C.INTERPRETATION, "商談会の逐次通訳", 2, "日", 80_000),
    (A.MATCHING_IN_JAPAN, C.VENUE, "商談会場の借料", 1, "日", 150_000),
    (A.NETWORKING_ABROAD, C.INTERNATIONAL_AIRFARE, "ミッション団の往復航空券", 5, "名", 220_000),
    (A.NETWORKING_ABROAD, C.INTERPRETATION, "現地企業訪問の通訳", 3, "日", 90_000),
    (A.SEMINAR_JAPAN, C.VENUE, "成果報告セミナー会場", 1, "日", 300_000),
    (A.SEMINAR_JAPAN, C.OTHER, "配布資料の印刷（日英）", 200, "部", 800),
]


def _lines_for(application: Application) -> list[CostLine]:
    years = application.duration_years or 1
    lines = []
    for year in range(1, years + 1):
        for activity, category, description, quantity, unit, unit_cost in YEAR_PLAN:
            # The delegation travels in the first and last years only.
            if activity == A.NETWORKING_ABROAD and year not in (1, years):
                continue
            line = CostLine(application=application, activity=activity, year=year,
                            category=category, description=description, quantity=quantity,
                            unit=unit, unit_cost=unit_cost, position=len(lines))
            line.full_clean(exclude=["application"])
            lines.append(line)
    return lines


def run(stdout=None) -> list:
    """Give each submitted demo application without cost lines a plausible proposal."""
    topped_up = 0
    submitted = Application.objects.filter(submitted_at__isnull=False, cost_lines__isnull=True)
    for application in submitted.order_by("pk"):
        CostLine.objects.bulk_create(_lines_for(application))
        topped_up += 1
    if stdout is not None and topped_up:
        stdout.write(f"Demo cost proposals: {topped_up} application(s) given cost lines")
    return []
