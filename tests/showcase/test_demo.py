"""The demo's showcase: `load_demo_data` lists the case study's tie-ups (FY2025's four and
Fukushima–NRW) on the public showcase, with held activities and approved stories in both
languages; running it again adds nothing."""

import pytest

from demo import accounts as accounts_demo
from demo import calls as calls_demo
from demo import projects as projects_demo
from demo import selection as selection_demo
from demo import showcase as showcase_demo
from demo import sponsorship as sponsorship_demo
from projects.enums import ReportStatus
from projects.models import Project, ProjectActivity
from showcase.models import ShowcaseEntry
from showcase.selectors import showcase_tie_ups

pytestmark = pytest.mark.django_db


def test_the_demo_lists_consenting_tie_ups_with_approved_stories_once():
    for module in (accounts_demo, calls_demo, sponsorship_demo, selection_demo,
                   projects_demo, showcase_demo):
        module.run()

    tie_ups = showcase_tie_ups()
    assert sorted((t.prefecture.code, t.partner_region.name_en, t.sector.code)
                  for t in tie_ups) == [
        ("07", "Nordrhein-Westfalen", "renewable-energy"),
        ("08", "Baden-Württemberg", "automotive"),
        ("41", "Cosmetic Valley", "cosmetics"),
        ("42", "Scotland", "marine-renewable-energy"),
        ("44", "Gyeongsangnam-do", "manufacturing"),
    ]
    for tie_up in tie_ups:
        assert tie_up.activities  # held activities are shown
    assert all(e.consented and e.published_story_ja and e.published_story_en
               and e.story_approved_by_id for e in ShowcaseEntry.objects.all())
    for project in Project.objects.filter(first_fiscal_year=2025):
        assert project.years.get(number=1).report.status == ReportStatus.ACCEPTED
        assert project.years.get(number=2).activities.count() == 1

    counts = (ShowcaseEntry.objects.count(), ProjectActivity.objects.count())
    showcase_demo.run()
    assert (ShowcaseEntry.objects.count(), ProjectActivity.objects.count()) == counts
