"""What a status permits is an ability (`may`, a named predicate), and how it looks is its
badge ({% status_badge %}, one colour table per status enum): no template compares a
status with a literal. This test reads every template and fails on any such comparison."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from applications.enums import ApplicationStatus, CallState
from projects.enums import ProjectStatus
from rit_portal.badges import badge_table

ROOT = Path(__file__).resolve().parents[2]
CONDITION = re.compile(r"{%-?\s*(?:el)?if\s+(.*?)\s*-?%}", re.S)
COMPARISON = re.compile(
    r"""([\w.]+)\s*(==|!=|\bnot\s+in\b|\bin\b)\s*(['"][^'"]*['"])"""
    r"""|(['"][^'"]*['"])\s*(==|!=|\bnot\s+in\b|\bin\b)\s*([\w.]+)""")
# A value named like a status: status, conflict_status, standing, state, …
STATUS_NAME = re.compile(r"status|standing|state")


def status_comparisons(text: str) -> list[str]:
    """Every `{% if %}` / `{% elif %}` comparison of a status-named value with a literal."""
    found = []
    for condition in CONDITION.finditer(text):
        for match in COMPARISON.finditer(condition.group(1)):
            name = match.group(1) or match.group(6)
            if STATUS_NAME.search(name.split(".")[-1]):
                found.append(match.group(0))
    return found


def _templates():
    for folder in ["templates", *[p.parent for p in ROOT.glob("*/templates")]]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".html", ".txt") and ".venv" not in path.parts:
                yield path


def test_no_template_compares_a_status_with_a_literal():
    offending = {str(path.relative_to(ROOT)): hits for path in _templates()
                 if (hits := status_comparisons(path.read_text()))}
    assert offending == {}


@pytest.mark.parametrize("text, found", [
    ('{% if letter.status == "ready" %}', ['letter.status == "ready"']),
    ("{% elif r.conflict_status != 'undeclared' %}", ["r.conflict_status != 'undeclared'"]),
    ("{% if 'late' == report.standing %}", ["'late' == report.standing"]),
    ('{% if call.state in "open closed" %}', ['call.state in "open closed"']),
    ("{% if letter|downloadable %}{% if may.edit %}{% if value == urgent_tab %}", []),
])
def test_the_scan_finds_what_it_must(text, found):
    assert status_comparisons(text) == found


def test_a_badge_is_its_enums_label_and_its_tables_colour():
    from applications.models import Application, Call
    from projects.models import Project

    html = Template('{% status_badge project testid="project-status" %}').render(
        Context({"project": Project(status=ProjectStatus.CANCELLED)}))
    assert html == ('<span class="badge text-bg-danger" data-status="cancelled" '
                    'data-testid="project-status">Cancelled</span>')
    draft = Application(status=ApplicationStatus.DRAFT)
    assert Template("{% status_badge a %}").render(Context({"a": draft})) == (
        '<span class="badge text-bg-warning" data-status="draft">Draft</span>')
    # A badge's own label where the enum's is long.
    assert badge_table(Call(), "state").label(CallState.SCHEDULED) == "Opens soon"


def test_every_status_enum_shown_as_a_badge_has_a_table():
    from rit_portal import badges

    shown = {key.rsplit(".", 1)[0] for key in badges._TABLES}
    assert {"applications.application", "applications.call", "applications.partnerconfirmation",
            "projects.project", "projects.progressreport", "projects.projectactivity",
            "sponsorship.awardletter", "monitoring.annualreport",
            "notifications.notification"} <= shown
