"""The sections of a progress report, in order: one list for the report's navigation, the
checklist's links and the pages (as applications/sections.py does for the application)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .completeness import report_checklist
from .models import ProjectYear
from .workflow import abilities_for

SECTIONS = [
    ("activities", _("Activities and participants"), "projects:report-activities"),
    ("outcomes", _("Outcomes"), "projects:report-outcomes"),
    ("firms", _("Firms that took part"), "projects:report-firms"),
    ("spend", _("Actual spend"), "projects:report-spend"),
    ("survey", _("Satisfaction survey"), "projects:report-survey"),
    ("summary", _("Summary"), "projects:report-summary"),
]
SECTION_KEYS = [key for key, _label, _url in SECTIONS]


def section_url(*, project_year: ProjectYear, section: str) -> str:
    url_name = {key: url for key, _label, url in SECTIONS}.get(section,
                                                               "projects:report-submit")
    return reverse(url_name, kwargs={"pk": project_year.project_id,
                                     "year": project_year.number})


def report_context(*, project_year: ProjectYear, section: str, user) -> dict:
    """What every page of the report shows around its own content: the project and year,
    the section navigation with each section's completeness, the checklist and what
    `user` may do (`may`, workflow.abilities_for)."""
    report = project_year.report
    checklist = report_checklist(report=report)
    missing = {item.section for item in checklist if not item.ok}
    following = SECTION_KEYS[SECTION_KEYS.index(section) + 1:] if section in SECTION_KEYS \
        else []
    return {
        "project": project_year.project, "year": project_year, "report": report,
        "section": section, "may": abilities_for(report=report, user=user),
        "section_nav": [{"key": key, "label": label, "active": key == section,
                         "url": section_url(project_year=project_year, section=key),
                         "complete": key not in missing} for key, label, _url in SECTIONS],
        "checklist": checklist, "open_items": [item for item in checklist if not item.ok],
        "section_items": [item for item in checklist if item.section == section],
        "next_url": section_url(project_year=project_year,
                                section=following[0] if following else "submit"),
    }
