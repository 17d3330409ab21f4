"""After the award, to the end of a project, in the browser (issue 24): HQ approves a
reallocation and its amendment letter is produced once; the next progress report's spend
check holds spend paid from the change's date to the new ceilings; HQ approves a claim per
line and records its payment once; the organisation writes and submits the final report,
HQ accepts it: the project is completed and the closing letter produced once. The new
pages are checked with axe-core at 1366 and 390 px and photographed, with both letters'
PDFs kept beside the screenshots (build/screenshots/test_the_project_from_a_change_*/)."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import Role
from notifications.enums import Kind
from notifications.models import Notification
from projects.enums import ClaimStatus, FinalReportStatus, ProjectStatus
from projects.models import ApprovedLine, Payment, ProjectLetter, Receipt, SpendLine
from projects.services import (
    claim_submit,
    report_accept,
    report_submit,
    variation_request,
)
from sponsorship.enums import Activity, CostCategory, LetterStatus
from tests.e2e.conftest import PHONE, axe_violations, horizontal_overflow, login
from tests.factories import UserFactory
from tests.projects.builders import (
    _pdf_bytes,
    complete_report,
    held_activity,
    member_of,
    published_project,
)

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-journey-2027"


def _checked(page, screenshots, name: str, problems: list) -> None:
    """axe-core and no sideways scrolling, at the desktop width as the page stands and at
    the phone width as a phone loads it (the page's script sizes its tables at load)."""
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(page.url)
    for label, shown in (("1366", page), ("390", phone)):
        for violation in axe_violations(shown):
            problems.append(f"{name} {label}: axe {violation['id']} {violation['targets']}")
        if horizontal_overflow(shown):
            problems.append(f"{name} {label}: wider than the window")
        shown.screenshot(path=str(screenshots / f"{name}-{label}.png"), full_page=True)
    phone.close()


def _line(project, year, activity, category):
    return ApprovedLine.objects.get(project_year__project=project, project_year__number=year,
                                    activity=activity, category=category)


def _submit(page, form):
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_project_from_a_change_to_its_closing_letter(language, new_context, e2e_server,
                                                          screenshots):
    # A FY2024 project of two years: both years are over, the final report is due.
    project = published_project(application__call__fiscal_year=2024)
    project.organisation.preferred_language = language
    project.organisation.save()
    member = member_of(project, password=PASSWORD, language=language)
    hq = UserFactory(role=Role.HQ_STAFF, password=PASSWORD, language=language)
    problems: list[str] = []
    report = complete_report(project, member, number=1)
    report_submit(report=report, by=member)
    report_accept(report=report, by=hq)

    # 1. A reallocation in year 2 (¥100,000 from the delegation's airfare to interpretation),
    # approved by HQ on the change's page: the amendment letter is produced once.
    airfare = _line(project, 2, Activity.NETWORKING_ABROAD, CostCategory.INTERNATIONAL_AIRFARE)
    interpretation = _line(project, 2, Activity.NETWORKING_ABROAD, CostCategory.INTERPRETATION)
    assert (airfare.approved_amount, interpretation.approved_amount) == (840_000, 320_000)
    variation_request(project=project, by=member, kind="reallocation",
                      reason="現地通訳を2名に増員するため。",
                      amounts={airfare.pk: 740_000, interpretation.pk: 420_000})
    hq_page = new_context(language=language).new_page()
    login(hq_page, hq.email, PASSWORD, language)
    hq_page.goto(f"/projects/{project.pk}/changes/1/")
    form = hq_page.locator("[data-testid=variation-decision] form")
    form.locator("input[name=decision][value=approve]").check()
    _submit(hq_page, form)
    assert hq_page.locator("[data-testid=variation-status]").get_attribute(
        "data-status") == "approved"
    hq_page.reload()
    link = hq_page.locator("[data-testid=amendment-letter]")
    pdf = hq_page.request.get(link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    (screenshots / f"amendment-letter-{language}.pdf").write_bytes(pdf.body())
    assert ProjectLetter.objects.filter(project=project, kind="amendment").count() == 1
    assert Notification.objects.filter(kind=Kind.AMENDMENT_LETTER).count() == 1

    # 2. Year 2's report: spend paid from the change's date is held to the new ceilings.
    held_activity(project, member, number=2, activity_type=Activity.NETWORKING_ABROAD,
                  title_ja="ザクセン州訪問団", title_en="Delegation to Saxony",
                  city="Dresden", venue="IHK Dresden", foreign_experts=0, delegates_sent=6)
    page = new_context(language=language).new_page()
    login(page, member.email, PASSWORD, language)
    page.goto(f"/projects/{project.pk}/years/2/spend/")
    today = timezone.localdate().isoformat()
    receipt = screenshots / "receipt.pdf"
    receipt.write_bytes(_pdf_bytes("Interpretation"))

    def spend(line, amount):
        page.select_option("select[name=spend-approved_line]", str(line.pk))
        page.fill("input[name=spend-description]", "通訳費")
        page.fill("input[name=spend-paid_on]", today)
        page.fill("input[name=spend-amount]", str(amount))
        page.set_input_files("input[name=spend-receipt]", str(receipt))
        page.locator("form:has(select[name=spend-approved_line]) [type=submit]").click()
        page.wait_for_load_state()

    spend(interpretation, 400_000)  # above the old ¥320,000, within the new ¥420,000
    assert SpendLine.objects.filter(approved_line=interpretation).count() == 1
    spend(airfare, 800_000)  # within the old ¥840,000, above the new ¥740,000
    error = page.locator("[data-testid=error-summary]").inner_text()
    assert "¥740,000" in error
    assert SpendLine.objects.filter(approved_line=airfare).count() == 0
    _checked(page, screenshots, "01-organisation-spend-new-ceiling", problems)

    # 3. A claim of the interpretation, approved per line (¥380,000) and paid once.
    activity = project.years.get(number=2).activities.get(title_ja="ザクセン州訪問団")
    claim = claim_submit(project=project, by=member, activity=activity,
                         amounts={interpretation.pk: 400_000},
                         receipts={interpretation.pk: list(Receipt.objects.filter(
                             spend_line__approved_line=interpretation)
                             .values_list("pk", flat=True))})
    [claim_line] = claim.lines.all()
    hq_page.goto(f"/projects/{project.pk}/claims/{claim.number}/")
    form = hq_page.locator("[data-testid=claim-decision] form")
    form.locator("input[name=decide-decision][value=approve]").check()
    form.locator(f"input[name=decide-line_{claim_line.pk}]").fill("380000")
    _submit(hq_page, form)
    form = hq_page.locator("[data-testid=claim-payment] form")
    form.locator("input[name=pay-paid_on]").fill(today)
    form.locator("input[name=pay-reference]").fill("FB-2026-0001")
    _submit(hq_page, form)
    assert hq_page.locator("[data-testid=payment]").count() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert list(Payment.objects.values_list("amount", flat=True)) == [380_000]

    report = complete_report(project, member, number=2)
    report_submit(report=report, by=member)
    report_accept(report=report, by=hq)

    # 4. The final report: written and submitted by the organisation ...
    page.goto(f"/projects/{project.pk}/final-report/")
    _checked(page, screenshots, "02-organisation-final-report-draft", problems)
    form = page.locator("[data-testid=final-report-form] form")
    form.locator("textarea[name=outcomes]").fill("2年間で商談会と訪問団を実施し、24件の商談が成立した。")
    form.locator("textarea[name=business_results]").fill("3社が新規取引先を獲得した。")
    form.locator("input[name=contracts_signed]").fill("2")
    form.locator("input[name=contracts_value]").fill("12,000,000")
    form.locator("input[name=joint_developments]").fill("1")
    form.locator("textarea[name=lessons]").fill("通訳の事前準備が成果を左右した。")
    form.locator("[data-testid=final-report-submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=final-report-status]").get_attribute(
        "data-status") == "submitted"
    assert page.locator("[data-testid=accounts-unspent]").inner_text() == "¥2,760,000"

    # ... and accepted by HQ: the project is completed, the closing letter produced once.
    hq_page.goto("/projects/final-reports/")
    _checked(hq_page, screenshots, "03-hq-final-reports", problems)
    hq_page.goto(f"/projects/{project.pk}/final-report/")
    _checked(hq_page, screenshots, "04-hq-final-report-to-decide", problems)
    form = hq_page.locator("[data-testid=final-report-decision] form")
    form.locator("input[name=decision][value=accept]").check()
    _submit(hq_page, form)
    assert hq_page.locator("[data-testid=final-report-status]").get_attribute(
        "data-status") == "accepted"
    project.refresh_from_db()
    assert (project.status, project.final_report.status) == (ProjectStatus.COMPLETED,
                                                             FinalReportStatus.ACCEPTED)
    [letter] = ProjectLetter.objects.filter(project=project, kind="closing")
    assert letter.status == LetterStatus.READY
    pdf = hq_page.request.get(hq_page.locator("[data-testid=closing-letter-download]")
                              .get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    (screenshots / f"closing-letter-{language}.pdf").write_bytes(pdf.body())
    _checked(hq_page, screenshots, "05-hq-final-report-accepted", problems)
    sent = [m for m in mail.outbox if m.attachments and project.organisation.contact_email in m.to]
    assert sorted(m.attachments[0][0] for m in sent) == sorted([
        f"amendment-letter-{project.application.reference}-V1.pdf",
        f"closing-letter-{project.application.reference}-F.pdf"])

    page.goto(f"/projects/{project.pk}/")
    assert page.locator("[data-testid=project-status]").get_attribute(
        "data-status") == "completed"
    _checked(page, screenshots, "06-organisation-project-completed", problems)

    # The monitoring: the call's money, as its export and the API carry it.
    hq_page.goto(f"/monitoring/calls/{project.application.call_id}/money/")
    cells = hq_page.locator("[data-testid=figures-call-total] tbody td").all_inner_texts()
    assert cells == ["¥3,140,000", "¥400,000", "¥380,000", "¥600,000"]
    _checked(hq_page, screenshots, "07-hq-call-money", problems)
    assert problems == []
