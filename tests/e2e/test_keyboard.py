"""The applicant with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys; no
click): registers the organisation, starts an application, saves the overview section and,
once the other sections are complete, submits. On a phone-sized window the menu opens from
its toggler with the keyboard too. The skip link is the first Tab stop of every page and
takes the focus to the main content."""

import pytest

from applications.enums import ApplicationStatus
from applications.models import Application
from regions.models import PartnerRegion
from tests.applications.builders import complete
from tests.e2e.conftest import PHONE, check_page
from tests.factories import CallFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "keyboard-only-2027"


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector)


def tab_to(page, selector: str, limit: int = 120) -> int:
    """Press Tab until the element matching `selector` has the focus; the presses used."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} Tab presses on {page.url}")


def type_into(page, name: str, text: str) -> None:
    tab_to(page, f"[name='{name}']")
    page.keyboard.type(text)


def choose(page, name: str, value: str) -> None:
    """Pick an option of a select with the arrow keys (read where it is, then press)."""
    tab_to(page, f"[name='{name}']")
    target = page.evaluate(
        "([n, v]) => Array.from(document.querySelector(`[name='${n}']`).options)"
        ".findIndex(o => o.value === v)", [name, value])
    current = page.evaluate(f"document.querySelector(\"[name='{name}']\").selectedIndex")
    key = "ArrowDown" if target >= current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    assert page.eval_on_selector(f"[name='{name}']", "e => e.value") == value


def press_submit(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def skip_link_leads_to_main(page) -> None:
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link"), page.url
    page.keyboard.press("Enter")
    assert focused(page, "main#main"), page.url


def test_applicant_with_the_keyboard_alone(new_context, e2e_server, screenshots):
    call = CallFactory()
    context = new_context(language="ja")
    page = context.new_page()
    problems: list[str] = []

    page.goto("/accounts/register/")
    skip_link_leads_to_main(page)
    for name, text in [("org-name_ja", "キーボード工業会"),
                       ("org-name_en", "Keyboard Industry Association")]:
        type_into(page, name, text)
    choose(page, "org-org_type", "business_association")
    choose(page, "org-prefecture", page.eval_on_selector(
        "[name='org-prefecture']",
        "s => Array.from(s.options).find(o => o.text.includes('茨城')).value"))
    for name, text in [("org-address", "水戸市1-1"), ("org-representative_name_ja", "鍵田 一郎"),
                       ("org-representative_name_en", "Ichiro Kagita"),
                       ("org-representative_title_ja", "会長"),
                       ("org-representative_title_en", "Chairman"),
                       ("org-contact_name", "鍵田 花子"),
                       ("org-contact_email", "office@keyboard.example.jp"),
                       ("person-email", "hanako@keyboard.example.jp"),
                       ("person-last_name", "鍵田"), ("person-first_name", "花子"),
                       ("person-password1", PASSWORD), ("person-password2", PASSWORD)]:
        type_into(page, name, text)
    press_submit(page, "main form [type=submit]")
    assert page.url.split("#")[0].endswith("/home/"), page.url
    check_page(page, problems, "home")
    page.screenshot(path=str(screenshots / "01-home.png"), full_page=True)

    # Start an application from the home page.
    tab_to(page, f"main a[href='/applications/start/{call.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "title", "キーボードで作る申請")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the text field sends its form
    application = Application.objects.get(title_ja="キーボードで作る申請")

    # The overview section: from the skip link, how many Tab presses to its first field.
    page.goto(f"/applications/{application.pk}/overview/")
    skip_link_leads_to_main(page)
    presses = tab_to(page, "[name='title']")
    print(f"{presses} Tab presses from the main content to the first field")
    assert presses <= 15, f"{presses} Tab presses from the main content to the first field"
    type_into(page, "title_en", "An application made with the keyboard")
    choose(page, "sector", page.eval_on_selector("[name=sector]", "s => s.options[1].value"))
    tab_to(page, "[name=prefectures]")
    page.keyboard.press("Space")
    choose(page, "partner_region",
           str(PartnerRegion.objects.get(name_en="Baden-Württemberg").pk))
    check_page(page, problems, "overview")
    page.screenshot(path=str(screenshots / "02-overview.png"), full_page=True)
    press_submit(page, "main [type=submit][name=save]")
    application.refresh_from_db()
    assert (application.title_en, application.partner_region.name_en,
            application.prefectures.count()) == (
        "An application made with the keyboard", "Baden-Württemberg", 1)

    # The other sections are filled by the services (the journey does them in the browser);
    # the submission is the keyboard's again.
    complete(application)
    page.goto(f"/applications/{application.pk}/submit/")
    tab_to(page, "[name=confirm]")
    page.keyboard.press("Space")
    press_submit(page, "main form:has([name=confirm]) [type=submit]")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    check_page(page, problems, "submitted")
    page.screenshot(path=str(screenshots / "03-submitted.png"), full_page=True)

    # On a phone the menu is behind its toggler, opened with the keyboard.
    phone = new_context(language="ja", viewport=PHONE).new_page()
    phone.goto("/")
    assert not phone.locator("#main-menu").is_visible()
    tab_to(phone, ".navbar-toggler")
    phone.keyboard.press("Enter")
    phone.wait_for_selector("#main-menu.show")
    assert phone.get_attribute(".navbar-toggler", "aria-expanded") == "true"
    tab_to(phone, "#main-menu a.nav-link")
    phone.screenshot(path=str(screenshots / "04-phone-menu-open.png"), full_page=True)
    assert problems + context.console_errors == []
