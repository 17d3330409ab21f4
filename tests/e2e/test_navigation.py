"""HQ's navigation bar is one row at 1366 px in both languages (issue 29): its entries are
grouped in menus (<details>, accounts/navigation.py) that open with a click or the keyboard
and lead to their pages; on a phone the groups open inside the folded menu. Screenshots
under build/screenshots/test_hq_navigation_is_one_row/.
"""

import pytest
from django.urls import reverse

from accounts.enums import Role
from tests.e2e.conftest import DESKTOP, PHONE, login
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The top of every entry of the bar: the brand, each link or menu, the language switch and
# the account's menu.
TOPS = """() => [...document.querySelectorAll(
    "nav.navbar .navbar-brand, nav.navbar .nav-item > .nav-link, nav.navbar summary,"
    + " #language-switcher button")]
  .map(e => ({text: e.textContent.trim(), top: e.getBoundingClientRect().top,
              bottom: e.getBoundingClientRect().bottom}))"""


@pytest.mark.parametrize("role", [Role.HQ_STAFF, Role.SITE_ADMIN])
def test_hq_navigation_is_one_row(role, new_context, e2e_server, screenshots):
    user = UserFactory(role=role, first_name="Keiko", last_name="Ono-Watanabe")
    for language in ("ja", "en"):
        page = new_context(language=language, viewport=DESKTOP, axe=False).new_page()
        login(page, user.email, DEFAULT_PASSWORD, language)
        page.goto(reverse("home"))
        entries = page.evaluate(TOPS)
        assert len(entries) >= 8, entries  # brand, 2 links, 4 menus, language, account
        tops = [entry["top"] for entry in entries]
        assert max(tops) - min(tops) <= 8, (language, entries)
        height = page.locator("nav.navbar").bounding_box()["height"]
        assert height <= 64, (language, height)
        page.screenshot(path=str(screenshots / f"{role}-{language}-1366.png"))

        # A menu opens on a click, shows its entries and leads to their page.
        selection = page.locator("details[data-menu]").first
        selection.locator("summary").click()
        link = selection.locator("a").nth(1)
        assert link.is_visible()
        page.screenshot(path=str(screenshots / f"{role}-{language}-1366-menu.png"))
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith(href)
        # The page's menu says which group it is in; the page's link is marked current.
        assert page.locator("details[data-menu] summary.active").count() == 1
        assert page.locator(f"nav a[href='{href}'][aria-current=page]").count() == 1

        # With the keyboard: Enter opens a menu, Escape closes it with the focus kept.
        page.locator("details[data-menu] summary").nth(1).focus()
        page.keyboard.press("Enter")
        assert page.locator("details[data-menu]").nth(1).get_attribute("open") is not None
        page.keyboard.press("Escape")
        assert page.locator("details[data-menu]").nth(1).get_attribute("open") is None
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.context.close()

    # On a phone the groups open inside the folded menu.
    phone = new_context(language="en", viewport=PHONE, axe=False).new_page()
    login(phone, user.email, DEFAULT_PASSWORD, "en")
    phone.goto(reverse("home"))
    phone.click(".navbar-toggler")
    phone.wait_for_selector("#main-menu.show")
    phone.locator("details[data-menu] summary").first.click()
    assert phone.locator("details[data-menu] a").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(screenshots / f"{role}-en-390-menu.png"))
