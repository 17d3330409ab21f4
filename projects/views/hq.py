"""HQ's pages: the progress reports due, late, submitted, returned and accepted; the
satisfaction survey's response rates."""

from django.shortcuts import render

from rit_portal.gates import gate
from rit_portal.pagination import paginate

from ..enums import ReportStanding
from ..models import SurveyInvitation
from ..selectors import (
    report_standing_counts,
    reports_for_hq,
    survey_rates,
    survey_summary,
    survey_years,
)


def _fiscal_year(request) -> int | None:
    value = request.GET.get("fy", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else None


@gate("projects.follow_projects")
def report_list(request):
    standing = request.GET.get("standing", "")
    if standing not in ReportStanding.values:
        standing = ""
    fiscal_year = _fiscal_year(request)
    counts = report_standing_counts(fiscal_year=fiscal_year)
    return render(request, "projects/hq/reports.html", {
        "page": paginate(reports_for_hq(standing=standing, fiscal_year=fiscal_year),
                         params=request.GET),
        "standing": standing, "fiscal_year": fiscal_year or "",
        "tabs": [(value, label, counts[value]) for value, label in ReportStanding.choices],
        "urgent_tab": ReportStanding.LATE,  # its count is shown in red
        "total": sum(counts.values())})


@gate("projects.follow_projects")
def survey_rate_list(request):
    fiscal_year = _fiscal_year(request)
    invitations = SurveyInvitation.objects.all()
    if fiscal_year:
        invitations = invitations.filter(project_year__fiscal_year=fiscal_year)
    page = paginate(survey_years(fiscal_year=fiscal_year).values_list("pk", flat=True),
                    params=request.GET)
    page.object_list = survey_rates(year_ids=page.object_list)
    return render(request, "projects/hq/surveys.html", {
        "page": page, "fiscal_year": fiscal_year or "",
        "summary": survey_summary(invitations=invitations)})
