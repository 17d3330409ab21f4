"""What the public showcase reads: only projects whose organisation agreed to publication
and whose story HQ approved; only what may be public (the region pair, the sector, the
years, the kinds of activities held and how many, the approved story) — never an amount,
a score or a monitoring figure (tests/showcase/test_showcase.py reads the page for them)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404

from projects.enums import ActivityStatus
from projects.models import Project, ProjectActivity
from sponsorship.enums import Activity

from .models import ShowcaseEntry


def listed_filter(prefix: str = "") -> Q:
    """The one rule "on the showcase" as a query (Python twin: ShowcaseEntry.is_listed)."""
    return (Q(**{f"{prefix}consented": True})
            & ~Q(**{f"{prefix}published_story_ja": ""})
            & ~Q(**{f"{prefix}published_story_en": ""}))


@dataclass
class TieUp:
    """One sponsored tie-up as the public sees it."""

    reference: str
    title: str
    organisation: str
    prefecture: object  # regions.Prefecture
    partner_region: object  # regions.PartnerRegion or None
    country: object  # regions.Country or None
    sector: object  # regions.Sector or None
    first_year: int
    last_year: int
    story: str
    activities: list = field(default_factory=list)  # (label, number held)


def _tie_up(project: Project) -> TieUp:
    application = project.application
    held = Counter(activity.activity_type for year in project.years.all()
                   for activity in year.activities.all())
    region = project.partner_region
    return TieUp(
        reference=application.reference, title=application.title,
        organisation=project.organisation.name, prefecture=project.organisation.prefecture,
        partner_region=region, country=region.country if region else None,
        sector=application.sector, first_year=project.first_fiscal_year,
        last_year=project.last_fiscal_year, story=project.showcase.published_story,
        activities=[(label, held[value]) for value, label in Activity.choices if held[value]])


def _listed_projects():
    held = ProjectActivity.objects.filter(status=ActivityStatus.HELD).only(
        "activity_type", "project_year_id")
    return (Project.objects.filter(listed_filter("showcase__"))
            .select_related("application__sector", "organisation__prefecture",
                            "partner_region__country", "showcase")
            .prefetch_related("years", Prefetch("years__activities", queryset=held))
            .order_by("-first_fiscal_year", "application__reference"))


def showcase_tie_ups(*, sector: str = "", year: int | None = None) -> list[TieUp]:
    """The listed tie-ups, newest first; `sector` (a sector's code) and `year` (a fiscal
    year the project ran in) narrow them."""
    projects = _listed_projects()
    if sector:
        projects = projects.filter(application__sector__code=sector)
    tie_ups = [_tie_up(project) for project in projects]
    if year is not None:
        tie_ups = [t for t in tie_ups if t.first_year <= year <= t.last_year]
    return tie_ups


def showcase_tie_up(*, reference: str) -> TieUp:
    """One listed tie-up by its application's reference (its permanent link); 404 when it
    is not (or no longer) on the showcase."""
    project = _listed_projects().filter(application__reference=reference).first()
    if project is None:
        raise Http404
    return _tie_up(project)


def showcase_filters() -> dict:
    """The sectors and fiscal years the listed tie-ups have, for the filter form."""
    rows = list(Project.objects.filter(listed_filter("showcase__"))
                .values_list("application__sector__code", "first_fiscal_year",
                             "duration_years"))
    years = sorted({first + n for _sector, first, duration in rows for n in range(duration)},
                   reverse=True)
    from regions.models import Sector

    sectors = list(Sector.objects.filter(code__in={code for code, *_ in rows if code}))
    return {"sectors": sectors, "years": years}


def entry_for_project(*, project: Project) -> ShowcaseEntry:
    """The project's showcase entry (an unsaved, empty one when none was recorded yet)."""
    return (ShowcaseEntry.objects.select_related("consent_changed_by", "story_approved_by")
            .filter(project=project).first() or ShowcaseEntry(project=project))


def stories_awaiting_approval():
    return (ShowcaseEntry.objects.filter(story_submitted_at__isnull=False)
            .select_related("project__application", "project__organisation")
            .order_by("story_submitted_at"))
