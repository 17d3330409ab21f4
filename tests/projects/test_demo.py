"""The demo's post-award stage: the FY2026 call's approved applications are projects with
year-1 activities, a roster, a submitted report and survey answers; idempotent."""

import pytest

from demo import accounts as accounts_demo
from demo import calls as applications_demo
from demo import projects as projects_demo
from demo import selection as demo_selection
from demo import sponsorship as sponsorship_demo
from projects.enums import ReportStatus, TravellerType
from projects.models import (
    Delegate,
    Project,
    ProjectActivity,
    Receipt,
    SurveyInvitation,
    SurveyResponse,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (Project.objects.count(), ProjectActivity.objects.count(), Delegate.objects.count(),
            Receipt.objects.count(), SurveyInvitation.objects.count(),
            SurveyResponse.objects.count())


def test_the_fy2026_approvals_are_projects_in_their_post_award_stage():
    for module in (accounts_demo, applications_demo, sponsorship_demo, demo_selection):
        module.run()
    projects_demo.run()

    projects = list(Project.objects.filter(first_fiscal_year=2026))
    # FY2025's projects (demo.showcase brings them on) are left alone here.
    assert len(projects) == 1
    assert set(Project.objects.exclude(first_fiscal_year=2026)
               .values_list("first_fiscal_year", flat=True)) == {2025}
    for project in projects:
        year = project.years.get(number=1)
        assert year.report.status == ReportStatus.SUBMITTED
        assert year.activities.count() == 2
        assert Delegate.objects.filter(activity__project_year=year,
                                       traveller_type=TravellerType.FOREIGN_EXPERT).count() == 3
        assert year.survey_invitations.filter(answered_at__isnull=False).count() == 5
        assert year.report.spend_lines.filter(receipts__isnull=False).exists()
    counts = _counts()
    projects_demo.run()
    assert _counts() == counts
