"""End-to-end tests: Debian's Chromium driven by Playwright against a live server.

The live server is pytest-django's (a thread of this process, on the test database); the
journey adds a real Celery worker (tests/conftest.py). Every test here needs PostgreSQL and
the browser: without them it skips on a developer machine and fails under
RIT_REQUIRE_SERVICES=1 (CI, .ci/run). No browser is downloaded: Playwright launches
/usr/bin/chromium (`apt-get install chromium`); axe-core comes from tests/e2e/package.json
(`npm ci` in tests/e2e).

Screenshots of the pages a test visits are written to build/screenshots/<test>/ (CI keeps
the folder as an artefact); a failing test adds the page it failed on under
build/screenshots/failures/.
"""

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import ROOT, require_service

CHROMIUM = Path(os.environ.get("RIT_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that a fixture's teardown knows
    whether the test failed (and keeps its screenshot)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def _playwright():
    """Playwright for the tests of one module. Its synchronous API runs an event loop in
    this thread while it lives; Django's ORM, used by the tests between browser steps and
    by the database teardown, refuses to run beside one unless told it is safe (it is: the
    loop only waits on the browser). The variable is set only while Playwright lives, so
    that no later test or subprocess sees it (`check --deploy` refuses it)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        sync_playwright = None
    require_service("Playwright", sync_playwright is not None, "pip install playwright")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# The database snapshot that serialized_rollback restores after each transactional test,
# per alias (see _serialized_contents_kept).
_SERIALIZED: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_taken(django_db_setup, django_db_blocker):
    """The snapshot, read once the test database exists and before Playwright starts."""
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            if hasattr(connections[alias], "_test_serialized_contents"):
                _SERIALIZED[alias] = connections[alias]._test_serialized_contents


@pytest.fixture(autouse=True)
def _serialized_contents_kept(request, _serialized_contents_taken):
    """Keep serialized_rollback working across the browser tests.

    Django keeps the snapshot on the thread's connection object. While Playwright's event
    loop lives in this thread, the connection handler (asgiref Local, context-bound) can
    hand out a fresh connection object without it: Django then skips the restore and, at
    teardown, flushes without inhibiting post_migrate, and the next transactional test of
    another module fails on duplicate content types. The snapshot is put back on whichever
    connection object is current, before the teardown's flush."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        if hasattr(connection, "_test_serialized_contents"):
            _SERIALIZED[alias] = connection._test_serialized_contents
        elif alias in _SERIALIZED:
            connection._test_serialized_contents = _SERIALIZED[alias]
    yield
    for alias, contents in _SERIALIZED.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def e2e_requirements(require_postgresql):
    """PostgreSQL, Chromium and axe-core: skip (or fail under RIT_REQUIRE_SERVICES=1)
    with the reason when one is missing."""
    require_service("Chromium", CHROMIUM.exists(),
                    f"{CHROMIUM} is missing (apt-get install chromium)")
    require_service("axe-core", AXE.exists(),
                    f"{AXE.relative_to(ROOT)} is missing (npm ci in tests/e2e)")


@pytest.fixture(scope="module")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def test_slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


@pytest.fixture
def screenshots(request):
    """The folder for this test's screenshots (emptied first)."""
    folder = SCREENSHOTS / test_slug(request.node.nodeid)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def e2e_server(e2e_requirements, live_server, settings):
    """The live server's address; e-mails link to it. The reference data is there."""
    from regions.models import JetroOffice
    from regions.services import reference_data_load

    # serialized_rollback restores it (see _serialized_contents_kept); should a restore be
    # skipped all the same, the idempotent loader puts it back.
    if not JetroOffice.objects.exists():
        reference_data_load()
    settings.SITE_URL = live_server.url
    settings.RIT_REQUIRE_2FA = False
    return live_server.url


@pytest.fixture
def new_context(request, browser, e2e_server):
    """Factory of browser contexts (one per user, language and width); each page's console
    errors are collected in `context.console_errors`. When the test fails, every open page
    is photographed into build/screenshots/failures/."""
    contexts = []

    def make(*, language: str = "en", viewport: dict = DESKTOP, axe: bool = True):
        context = browser.new_context(viewport=viewport, locale=language,
                                      base_url=e2e_server, accept_downloads=True,
                                      extra_http_headers={"Accept-Language": language})
        if axe:
            # axe-core in every page of the context, before the page's own scripts; an init
            # script is not subject to the page's CSP (a script tag would be).
            context.add_init_script(path=str(AXE))
        context.set_default_timeout(15_000)
        context.console_errors = []

        def on_page(page):
            page.on("console", lambda message: message.type == "error"
                    and context.console_errors.append(f"{page.url}: {message.text}"))
            page.on("pageerror", lambda error: context.console_errors.append(
                f"{page.url}: {error}"))

        context.on("page", on_page)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = SCREENSHOTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        slug = test_slug(request.node.nodeid)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                # A crashed page has no screenshot: the report still says why.
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(folder / f"{slug}-{c}-{p}.png"), full_page=True)
    for context in contexts:
        context.close()


def login(page, email: str, password: str, language: str | None = None) -> None:
    """Log in through the login form (fields by name: the same in both languages). Logging
    in switches to the user's language; `language` switches to another one afterwards."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login of {email} failed"
    if language:
        origin = "/".join(page.url.split("/")[:3])
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                   "url": origin + "/"}])


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                count: v.nodes.length}));
}"""

WIDTH = """() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth})"""

# The outermost elements that reach past the window's right edge (what to fix).
OVERFLOWING = """() => {
  const width = window.innerWidth, found = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.getBoundingClientRect().right <= width + 1) continue;
    if (found.some(outer => outer.contains(element))) continue;
    if (element.closest(".table-responsive") && !element.matches(".table-responsive")) continue;
    found.push(element);
  }
  return found.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className
       ? "." + e.className.trim().split(/\\s+/).join(".") : "")
    + " " + Math.round(e.getBoundingClientRect().right) + "px");
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now (a context
    made with axe=True carries axe-core in every page)."""
    return page.evaluate(AXE_RUN)


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it does not scroll)."""
    sizes = page.evaluate(WIDTH)
    return max(0, sizes["scroll"] - sizes["viewport"])


def check_page(page, problems: list, label: str) -> None:
    """Append to `problems` what axe-core and the width check find on the page."""
    for violation in axe_violations(page):
        problems.append(f"{label}: axe {violation['impact']} {violation['id']} "
                        f"×{violation['count']} ({violation['help']}) {violation['targets']}")
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"{label}: {overflow}px wider than the window: "
                        f"{page.evaluate(OVERFLOWING)}")
