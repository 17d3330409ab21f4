"""The one error pattern of every form, as Chromium shows it (rit_portal/form_errors.py),
on representative forms of each kind of user, in Japanese and English: sent empty, the page's
title says Error / エラー, the error summary has the keyboard focus, each message is shown
beside its field (computed style, inline radios included), and a link of the summary puts
the focus on its field. Then the non-text contrast of the controls (WCAG 1.4.11, ≥ 3:1):
the borders of text boxes, selects, radios and checkboxes against the page, and the focus
ring, on the page and on the dark navigation bar (static/css/portal.css)."""

import pytest
from django.core import mail

from tests.e2e.conftest import DESKTOP, PHONE, horizontal_overflow, login
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ERROR_STATE = """() => {
  const summary = document.querySelector("[data-error-summary]");
  const shown = e => { const s = getComputedStyle(e);
    return s.display !== "none" && s.visibility !== "hidden" && e.getClientRects().length > 0; };
  return {
    title: document.title,
    focused: document.activeElement === summary,
    links: summary ? [...summary.querySelectorAll("a")].map(a => a.getAttribute("href")) : [],
    missing: summary ? [...summary.querySelectorAll("a")].filter(
      a => !document.getElementById(a.getAttribute("href").slice(1))).length : -1,
    hidden: [...document.querySelectorAll(".invalid-feedback")].filter(e => !shown(e))
      .map(e => e.textContent.trim()),
    shown: [...document.querySelectorAll(".invalid-feedback")].filter(shown).length,
  };
}"""


def _sent_empty(page, path: str, submit: str = "main form [type=submit]") -> dict:
    page.goto(path)
    page.locator(submit).first.click()
    page.wait_for_load_state()
    return page.evaluate(ERROR_STATE)


def _survey_path() -> str:
    from projects.models import SurveyInvitation
    from projects.services import survey_path
    from tests.projects.builders import published_project, year_of

    invitation = SurveyInvitation.objects.create(
        project_year=year_of(published_project()), organisation_name="Stuttgart Tech GmbH",
        email="s@st.example.de", language="en")
    mail.outbox = []
    return survey_path(invitation=invitation)


@pytest.mark.parametrize(("language", "prefix"), [("ja", "エラー: "), ("en", "Error: ")])
def test_forms_sent_empty_show_the_summary_focused_and_every_message(
        language, prefix, new_context, e2e_server, screenshots):
    hq = UserFactory(role="hq_staff", is_staff=True)
    survey = _survey_path()
    visitor = new_context(language=language, viewport=DESKTOP, axe=False).new_page()
    staff = new_context(language=language, viewport=DESKTOP, axe=False).new_page()
    login(staff, hq.email, DEFAULT_PASSWORD, language)
    cases = [(visitor, "/accounts/login/", "login"), (visitor, "/accounts/register/", "register"),
             (visitor, f"{survey}?lang={language}", "survey"),
             (staff, "/applications/calls/new/", "call-create")]
    for page, path, name in cases:
        state = _sent_empty(page, path)
        page.screenshot(path=str(screenshots / f"{name}-{language}.png"), full_page=True)
        assert state["title"].startswith(prefix), (name, state)
        assert state["focused"], (name, state)
        assert state["links"] and state["missing"] == 0, (name, state)
        assert state["hidden"] == [] and state["shown"] >= len(state["links"]), (name, state)
        # The first link takes the keyboard to its field.
        target = state["links"][0][1:]
        page.locator("[data-error-summary] a").first.click()
        assert page.evaluate("() => document.activeElement.id") == target, (name, target)
    # On a phone: the same, and nothing wider than the window.
    phone = new_context(language=language, viewport=PHONE, axe=False).new_page()
    for path, name in [("/accounts/register/", "register"), (f"{survey}?lang={language}",
                                                               "survey")]:
        state = _sent_empty(phone, path)
        phone.screenshot(path=str(screenshots / f"{name}-{language}-390.png"), full_page=True)
        assert state["focused"] and state["hidden"] == [], (name, state)
        assert horizontal_overflow(phone) == 0, name
    # The survey's inline radios: each unanswered question's message under it, shown.
    visitor.goto(f"{survey}?lang={language}")
    visitor.locator("main form [type=submit]").click()
    visitor.wait_for_load_state()
    assert visitor.locator("#id_overall_satisfaction_error").is_visible()
    assert visitor.locator("#id_business_result_error").is_visible()


CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = e => { for (let n = e.parentElement; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (rgb(c).length < 4 || rgb(c)[3] > 0) return c; }
    return "rgb(255, 255, 255)"; };
  return [...document.querySelectorAll(".form-control, .form-select, .form-check-input")]
    .filter(e => e.getClientRects().length && !e.disabled)
    .map(e => ({name: e.name || e.id, ratio: ratio(getComputedStyle(e).borderTopColor,
                                                    background(e))}));
}"""

FOCUS_RING = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = "rgb(255, 255, 255)";
  for (let n = e.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0) { bg = c; break; } }
  const [x, y] = [lum(s.outlineColor), lum(bg)].sort((p, q) => q - p);
  return {tag: e.tagName, text: e.textContent.trim().slice(0, 30), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), ratio: (x + 0.05) / (y + 0.05)};
}"""


def test_controls_and_focus_rings_have_three_to_one_contrast(new_context, e2e_server):
    hq = UserFactory(role="hq_staff", is_staff=True)
    survey = _survey_path()
    page = new_context(language="en", viewport=DESKTOP, axe=False).new_page()
    page.goto(survey)  # inline radios and a text box
    controls = page.evaluate(CONTRAST)
    page.goto("/accounts/register/")  # text boxes, selects, radios
    controls += page.evaluate(CONTRAST)
    assert len(controls) > 20
    assert [c for c in controls if c["ratio"] < 3] == []
    # The focus ring, on a text box of the page and on the navigation bar's links.
    page.locator("#id_org-name_ja").focus()
    ring = page.evaluate(FOCUS_RING)
    assert (ring["style"], ring["width"] >= 2, ring["ratio"] >= 3) == ("solid", True, True), ring
    login(page, hq.email, DEFAULT_PASSWORD, "en")
    page.goto("/home/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, on the blue bar
    page.keyboard.press("Tab")  # the first item of the menu
    for _ in range(2):
        ring = page.evaluate(FOCUS_RING)
        assert (ring["style"], ring["width"] >= 2, ring["ratio"] >= 3) == (
            "solid", True, True), ring
        page.keyboard.press("Tab")
