"""An approved applicant reads the result on a phone (issue 29): on their application's page
at 390 px, in both languages, the decision, the approved total and the award letter's
download come within the first screen, and nothing in the result, the assessment or the
approved cost lines scrolls sideways inside its box (the tables stack on phones).
The screenshots are kept under build/screenshots/test_result_first_on_a_phone/.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from applications.enums import ApplicationStatus
from applications.models import Application
from demo.accounts import DEMO_PASSWORD, demo_email
from tests.e2e.conftest import PHONE, login

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECTIONS = "[data-testid=result], #assessment, #approved-costs + table"

# Every element of the sections whose content is wider than its box, or that reaches past
# the window's right edge: what a reader would have to scroll sideways to see.
CLIPPED = """(selector) => {
  const width = window.innerWidth, found = [];
  for (const section of document.querySelectorAll(selector)) {
    for (const element of [section, ...section.querySelectorAll("*")]) {
      const box = element.getBoundingClientRect();
      if (element.scrollWidth > element.clientWidth + 1 || box.right > width + 1) {
        found.push(element.tagName.toLowerCase() + "." + (element.className || "")
                   + " " + element.scrollWidth + "/" + element.clientWidth
                   + " right " + Math.round(box.right));
      }
    }
  }
  return found;
}"""

BOTTOM = """(selector) => document.querySelector(selector).getBoundingClientRect().bottom"""


@pytest.fixture
def demo_data():
    call_command("load_demo_data", stdout=io.StringIO())
    mail.outbox = []  # the command drops the test's in-memory outbox


def test_result_first_on_a_phone(demo_data, new_context, e2e_server, screenshots):
    organisation = get_user_model().objects.get(
        email=demo_email("applicant.fukushima")).organisation
    application = Application.objects.get(organisation=organisation,
                                          status=ApplicationStatus.APPROVED)
    approved_total = application.sponsorship_decisions.get(is_current=True).approved_total
    for language in ("ja", "en"):
        page = new_context(language=language, viewport=PHONE, axe=False).new_page()
        login(page, demo_email("applicant.fukushima"), DEMO_PASSWORD, language)
        page.goto(f"/applications/{application.pk}/")
        page.screenshot(path=str(screenshots / f"result-{language}-390.png"), full_page=True)

        # The decision, the approved total and the letter's download on the first screen.
        height = page.evaluate("window.innerHeight")
        for selector in ("[data-testid=result-status]", "[data-testid=result-approved]",
                         "[data-testid=result-letter]"):
            assert page.locator(selector).is_visible(), (language, selector)
            assert page.evaluate(BOTTOM, selector) <= height, (language, selector, height)
        approved = page.locator("[data-testid=result-approved]").inner_text()
        assert approved == f"¥{approved_total:,}"
        letter = page.locator("[data-testid=result-letter]").get_attribute("href")
        assert letter.endswith("/download/"), letter

        # Result, assessment and approved lines: nothing clipped, nothing past the edge.
        assert page.locator("#assessment [data-testid=feedback] tbody tr").count() == 4
        assert page.locator("[data-testid=approved-lines] tbody tr").count() >= 1
        assert page.evaluate(CLIPPED, SECTIONS) == [], language
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.context.close()
