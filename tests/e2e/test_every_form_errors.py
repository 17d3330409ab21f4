"""Every form of every role, as Chromium shows it when sent empty (issue 29, "Done when"):
the pages of tests/project/test_form_errors.py (each page of the role × URL table that a
role opens, and the pages behind a signed link), each form's fields emptied in the browser
and sent with its own button. Whenever the page comes back with errors: the title says
Error / エラー, the summary has the keyboard focus, each of its links reaches a field, no
message is hidden, and the first link puts the focus on its field. In Japanese and English.
(tests/project/test_form_errors.py checks the same pages' markup without a browser, every
form also sent with wrong values; tests/e2e/test_error_summary.py the phone width and the
contrast.)"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import DESKTOP, login
from tests.e2e.test_error_summary import ERROR_STATE
from tests.factories import DEFAULT_PASSWORD
from tests.project.test_form_errors import _pages
from tests.project.test_url_access import build_world

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The forms a user fills on the page (not a lone button, not the language or logout form),
# each emptied: text and choices cleared, boxes unticked.
FORMS = """() => [...document.querySelectorAll("main form")].map((form, index) => {
  const action = form.getAttribute("action") || "";
  const fields = [...form.querySelectorAll("input, select, textarea")].filter(e =>
    !["hidden", "submit", "button", "reset"].includes(e.type) && !e.disabled
    && e.getClientRects().length);
  return {index, method: (form.getAttribute("method") || "get").toLowerCase(), action,
          fields: fields.length};
}).filter(f => f.method === "post" && f.fields && !/^\\/(logout|i18n|admin)\\//.test(f.action))
  .map(f => f.index)"""

EMPTY_AND_SEND = """(index) => {
  const form = document.querySelectorAll("main form")[index];
  for (const e of form.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "file"].includes(e.type) || e.disabled) continue;
    if (e.type === "checkbox" || e.type === "radio") e.checked = false;
    else if (e.tagName === "SELECT") { e.multiple ? [...e.options].forEach(o => o.selected = false)
                                       : (e.value = ""); }
    else e.value = "";
  }
  // The form's own send button: not one that a script keeps in the page ("Add a row").
  const button = form.querySelector("[type=submit]:not([data-add-row])");
  if (button) button.click(); else form.requestSubmit();
}"""


@pytest.mark.parametrize(("language", "prefix"), [("ja", "エラー: "), ("en", "Error: ")])
def test_every_form_sent_empty_in_chromium(language, prefix, new_context, e2e_server):
    world = build_world()
    pages, problems, with_errors = {}, [], set()
    for url, role in _pages(world):
        pages.setdefault(role, []).append(url)
    for role, urls in pages.items():
        page = new_context(language=language, viewport=DESKTOP, axe=False).new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # "Remove …?" and the like
        user = world.users.get(role) if role else None
        if user is not None:
            login(page, user.email, DEFAULT_PASSWORD, language)
        for url in urls:
            try:
                response = page.goto(url)
            except PlaywrightError:  # a file download (CSV, PDF), not a page with a form
                continue
            if response is None or response.status != 200:
                continue
            for index in page.evaluate(FORMS):
                page.goto(url)
                if index >= page.locator("main form").count():
                    continue
                label = f"{role} {url} form {index}"
                try:
                    with page.expect_navigation():
                        page.evaluate(EMPTY_AND_SEND, index)
                except PlaywrightError:
                    invalid = page.evaluate(
                        "() => [...document.querySelectorAll(':invalid')].map(e => e.name)")
                    problems.append(f"{label}: not sent (the browser's own check: {invalid})")
                    continue
                state = page.evaluate(ERROR_STATE)
                if not state["links"] and not page.locator("[data-error-summary]").count():
                    continue  # accepted as sent (nothing required), or a page without a form
                with_errors.add(url.split("?")[0])
                if not state["title"].startswith(prefix):
                    problems.append(f"{label}: title {state['title']!r}")
                if not state["focused"]:
                    problems.append(f"{label}: the summary does not have the focus")
                if state["missing"]:
                    problems.append(f"{label}: {state['missing']} summary links reach no field")
                if state["hidden"]:
                    problems.append(f"{label}: hidden messages {state['hidden']}")
                if state["links"]:
                    page.locator("[data-error-summary] a").first.click()
                    focused = page.evaluate("() => document.activeElement.id")
                    if focused != state["links"][0][1:]:
                        problems.append(f"{label}: the first link focuses #{focused}")
    assert problems == [], "\n".join(problems)
    # Not vacuous: the forms of every app came back with their errors.
    assert len(with_errors) >= 30, sorted(with_errors)
