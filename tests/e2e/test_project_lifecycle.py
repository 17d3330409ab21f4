"""A sponsored project's end, in the browser: HQ cancels a running project from its page
with a reason; the organisation reads it there, in its language; its reports are no
longer reminded (the beat job reminds only the other, running project); the monitoring
dashboard counts it as cancelled once beat has refreshed its stored figures. Each page is
checked with axe-core and photographed (build/screenshots/test_hq_cancels_a_project_*/)."""

import datetime as dt

import pytest
from django.core import mail

from accounts.enums import Role
from monitoring.services import figures_refresh_all
from notifications.enums import Kind
from notifications.models import Notification
from projects.enums import ProjectStatus
from projects.models import Project
from projects.services import report_reminders
from tests.e2e.conftest import DESKTOP, axe_violations, horizontal_overflow, login
from tests.factories import UserFactory
from tests.projects.builders import member_of, published_project

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-journey-2027"
JST = dt.timezone(dt.timedelta(hours=9))
REASON = "The partner region withdrew from the cooperation."


def _checked(page, screenshots, name: str, problems: list) -> None:
    for violation in axe_violations(page):
        problems.append(f"{name}: axe {violation['id']} {violation['targets']}")
    if horizontal_overflow(page):
        problems.append(f"{name}: wider than the window")
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_hq_cancels_a_project_and_it_leaves_the_reminders(language, new_context, e2e_server,
                                                           screenshots):
    # Two FY2026 projects of two years: year 1's report is due on 2027-04-30.
    cancelled, running = published_project(), published_project()
    cancelled.organisation.preferred_language = language
    cancelled.organisation.save()
    member = member_of(cancelled, password=PASSWORD, language=language)
    hq = UserFactory(role=Role.HQ_STAFF, password=PASSWORD, language=language)
    problems: list[str] = []

    page = new_context(language=language, viewport=DESKTOP).new_page()
    login(page, hq.email, PASSWORD, language)
    page.goto(f"/projects/{cancelled.pk}/")
    badge = page.locator("[data-testid=project-status]")
    assert badge.get_attribute("data-status") == "running"
    _checked(page, screenshots, "01-hq-project-running", problems)

    form = page.locator("[data-testid=project-end] form")
    form.locator("input[name=to][value=cancelled]").check()
    form.locator("textarea[name=reason]").fill(REASON)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/projects/{cancelled.pk}/")
    assert badge.get_attribute("data-status") == "cancelled"
    assert page.locator("[data-testid=project-change-reason]").inner_text() == REASON
    assert page.locator("[data-testid=project-end]").count() == 0
    _checked(page, screenshots, "02-hq-project-cancelled", problems)

    cancelled.refresh_from_db()
    assert cancelled.status == ProjectStatus.CANCELLED
    [message] = [m for m in mail.outbox if cancelled.organisation.contact_email in m.to]
    assert REASON in message.body
    assert message.subject == {
        "ja": f"{cancelled.application.reference}：採択事業の中止のお知らせ",
        "en": f"{cancelled.application.reference}: your sponsored project has been cancelled",
    }[language]

    # The organisation reads how its project ended, and can change nothing of it.
    member_page = new_context(language=language, viewport=DESKTOP).new_page()
    login(member_page, member.email, PASSWORD, language)
    member_page.goto(f"/projects/{cancelled.pk}/")
    assert member_page.locator("[data-testid=project-status]").inner_text() == {
        "ja": "中止", "en": "Cancelled"}[language]
    assert member_page.locator("[data-testid=project-change-reason]").inner_text() == REASON
    assert member_page.locator("[data-testid=partner-contact] a").count() == 0
    _checked(member_page, screenshots, "03-organisation-project-cancelled", problems)

    # The beat job a fortnight before the due date: only the running project is reminded.
    assert report_reminders(now=dt.datetime(2027, 4, 16, 9, tzinfo=JST)) == 1
    reminded = Notification.objects.filter(kind=Kind.REPORT_DUE_SOON)
    assert [n.params["report"] for n in reminded] == [
        running.years.get(number=1).report.pk]

    assert Project.objects.running().get() == running

    # Beat's refresh of the stored figures (every few minutes; the dashboard says as of
    # when), then the monitoring counts the project as cancelled.
    assert figures_refresh_all() > 0
    page.goto("/monitoring/?fy=2026")
    table = page.locator("[data-testid=figures-by-status]")
    rows = {row.locator("th").inner_text().strip(): row.locator("td").inner_text().strip()
            for row in table.locator("tbody tr").all()}
    assert rows == {"ja": {"実施中": "1", "完了": "0", "早期終了": "0", "中止": "1"},
                    "en": {"Running": "1", "Completed": "0", "Closed early": "0",
                           "Cancelled": "1"}}[language]
    _checked(page, screenshots, "04-hq-monitoring", problems)
    assert problems == []
