"""Every main page of every role, on the demo data, in both languages, at desktop (1366 px)
and phone (390 px) widths: axe-core finds no serious or critical violation, no page scrolls
sideways, no page answers an error or logs a console error. A screenshot of each is kept
under build/screenshots/test_every_page_<language>/.

"Every main page" is found by walking the links of each role's pages from its home (two
clicks deep), one page per URL pattern: a new page type is swept without editing this file.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import Resolver404, resolve

from demo.accounts import DEMO_PASSWORD, demo_email
from tests.e2e.conftest import DESKTOP, PHONE, check_page, login

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Role → demo login (None: a visitor). Three applicants: a draft (every form section), a
# request for information to answer, a sponsored project (decision, letter, reports).
ROLES = {
    "visitor": None,
    "applicant-draft": "applicant.shonan",
    "applicant-info": "applicant.nagasaki",
    "applicant-project": "applicant.fukushima",
    "hq-reviewer": "reviewer.hq1",
    "overseas-reviewer": "reviewer.dus",
    "hq": "hq",
}
# Not pages: files, feeds, the API, the administration (Django's own), actions.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/feeds/", "/static/", "/media/", "/i18n/")
SKIPPED_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ics", ".atom", ".zip", ".png")
SKIPPED_WORDS = ("download", "logout", "delete", "export", "/file", "template")
DEPTH = 2


def is_page(path: str) -> str | None:
    """The URL pattern's name when `path` is an HTML page worth sweeping, else None."""
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if any(word in path or word in name for word in SKIPPED_WORDS):
        return None
    return name


def sweep(page, origin: str, seen: set[str], check) -> dict[str, str]:
    """Walk the role's pages from its home, DEPTH clicks deep, one page per URL name; call
    `check(name, path, response)` on each page whose name is not in `seen` (pages another
    role showed already; the home page always), while it is open. Returns name → path."""
    found: dict[str, str] = {}
    frontier = ["/", "/home/"]
    visited: set[str] = set()
    for _ in range(DEPTH + 1):
        next_frontier = []
        for path in frontier:
            name = is_page(path)
            if name is None or name in visited:
                continue
            visited.add(name)
            response = page.goto(path, wait_until="domcontentloaded")
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if name not in seen or name == "home":
                found[name] = path
                check(name, path, response)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                parts = urlsplit(href)
                if f"{parts.scheme}://{parts.netloc}" == origin:
                    next_frontier.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        frontier = next_frontier
    return found


@pytest.fixture
def demo_data(e2e_requirements):
    """The demo, loaded only once the browser and the services are known to be there (a
    test that then skips costs nothing)."""
    call_command("load_demo_data", stdout=io.StringIO())
    mail.outbox = []  # the command drops the test's in-memory outbox


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_of_every_role(language, demo_data, new_context, e2e_server, screenshots):
    problems: list[str] = []
    views: list[str] = []
    seen: set[str] = set()
    for role, local in ROLES.items():
        desktop = new_context(language=language, viewport=DESKTOP)
        phone = new_context(language=language, viewport=PHONE)
        page, small = desktop.new_page(), phone.new_page()
        if local:
            login(page, demo_email(local), DEMO_PASSWORD, language)
            login(small, demo_email(local), DEMO_PASSWORD, language)

        def check(name, path, response, width="1366", tab=page, role=role, problems=problems):
            label = f"{language} {role} {width}px {path} ({name})"
            if response.status != 200:
                problems.append(f"{label}: HTTP {response.status}")
                return
            check_page(tab, problems, label)
            views.append(label)
            tab.screenshot(path=str(screenshots / f"{role}-{name.replace(':', '-')}-{width}.png"),
                           full_page=True)

        pages = sweep(page, e2e_server, seen, check)
        assert "home" in pages, (role, pages)
        seen |= set(pages)
        for name, path in sorted(pages.items()):
            check(name, path, small.goto(path, wait_until="domcontentloaded"), width="390",
                  tab=small)
        problems += desktop.console_errors + phone.console_errors
        desktop.close()
        phone.close()
    summary = f"{len(views)} page views checked in {language}, {len(problems)} problems"
    (screenshots / "problems.txt").write_text("\n".join([summary, *problems]) + "\n")
    assert problems == [], "\n".join([summary, *problems])
