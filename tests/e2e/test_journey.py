"""The whole cycle in the browser, on PostgreSQL with a real Celery worker (e-mails, award
letter), once in Japanese and once in English: an organisation registers and fills every
section (consortium by CSV and by hand, costs, a PDF attachment, the English summaries),
the partner confirms through the link of its e-mail (withheld on HQ's outbox page), HQ
assigns two reviewers, each declares no conflict and scores, HQ requests information and
the applicant answers, HQ records the agreed scores, approves a sponsorship level and
publishes, the applicant downloads the award letter and files the year's progress report,
HQ opens the dashboard and the annual report. Each main page is checked with axe-core and
photographed (build/screenshots/test_journey_<language>/).

Fields are found by their names and buttons by their names or places, never by their text,
so that one journey serves both languages.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.enums import Role
from applications.english import EnglishSummary
from applications.enums import ApplicationStatus
from applications.models import Application
from regions.models import JetroOffice, PartnerRegion
from tests.applications.builders import PDF_BYTES
from tests.conftest import wait_for, worker_mails
from tests.e2e.conftest import DESKTOP, axe_violations, horizontal_overflow, login
from tests.factories import CallFactory, UserFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-journey-2027"
# The call is of the current fiscal year (April to March, Japan time), so that the project's
# first year has begun and an activity can be reported as held: a few days ago.
TODAY = timezone.localdate()
FISCAL_YEAR = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
HELD_ON = max(dt.date(FISCAL_YEAR, 4, 1), TODAY - dt.timedelta(days=10))
CSV = ("name,corporate_number,industry,capital_yen,employees,interest\n"
       "株式会社いばらき精機,,manufacturing,30000000,45,ドイツ企業との共同開発\n"
       "常陸電装株式会社,,manufacturing,80000000,120,欧州向け輸出\n"
       "つくば素材研究所株式会社,,manufacturing,20000000,30,素材の共同研究\n"
       "水戸ロジスティクス株式会社,,wholesale,10000000,25,物流の提携\n")


class Journey:
    """The browser pages of one run, with what every page gets checked for."""

    def __init__(self, language, new_context, screenshots):
        self.language, self.new_context, self.screenshots = language, new_context, screenshots
        self.problems: list[str] = []
        self.shots = 0

    def page_for(self, email=None, password=PASSWORD):
        context = self.new_context(language=self.language, viewport=DESKTOP)
        page = context.new_page()
        if email:
            login(page, email, password, self.language)
        return page

    def check(self, page, name: str) -> None:
        """axe-core and the width check on the page as it is, and its screenshot."""
        assert page.url and "/accounts/login/" not in page.url, page.url
        for violation in axe_violations(page):
            self.problems.append(f"{name} {page.url}: axe {violation['id']} "
                                 f"{violation['targets']}")
        if horizontal_overflow(page):
            self.problems.append(f"{name} {page.url}: wider than the window")
        self.shots += 1
        page.screenshot(path=str(self.screenshots / f"{self.shots:02d}-{name}.png"),
                        full_page=True)


def fill(form, values: dict) -> None:
    """Set form fields by name: text, number, date, textarea, select, checkboxes (a list
    of values, or True/False for a single box), radios (a value), files."""
    for name, value in values.items():
        fields = form.locator(f"[name='{name}']")
        kind = fields.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "select":
            fields.first.select_option(value if isinstance(value, list) else str(value))
        elif kind == "checkbox" and isinstance(value, bool):
            fields.first.set_checked(value)
        elif kind == "checkbox":
            for item in (value if isinstance(value, list) else [value]):
                form.locator(f"[name='{name}'][value='{item}']").check()
        elif kind == "radio":
            form.locator(f"[name='{name}'][value='{value}']").check()
        elif kind == "file":
            fields.first.set_input_files(value)
        else:
            fields.first.fill(str(value))


def submit(form, button: str | None = None) -> None:
    """Press the form's submit button (the one named `button`, else the first) and wait
    for the page it leads to."""
    page = form.page
    selector = f"[type=submit][name='{button}']" if button else "[type=submit]"
    with page.expect_navigation():
        form.locator(selector).first.click()


def form_with(page, name: str):
    """The form of the main content that holds a field named `name`."""
    return page.locator("main form").filter(has=page.locator(f"[name='{name}']")).first


def assert_no_error(page) -> None:
    errors = page.locator(".invalid-feedback, .alert-danger, .errorlist").all_inner_texts()
    assert errors == [], (page.url, errors)


@pytest.fixture
def programme(e2e_server):
    """An open call that asks for every English summary, HQ staff, and a reviewer at HQ
    and at the Düsseldorf office (which covers Baden-Württemberg)."""
    from accounts.services import hq_group_ensure
    call = CallFactory(english_summaries=[s.value for s in EnglishSummary],
                       fiscal_year=FISCAL_YEAR,
                       title_ja=f"{FISCAL_YEAR}年度 地域間交流支援事業（RIT）募集",
                       title_en=f"FY{FISCAL_YEAR} Regional Industry Tie-up call",
                       opens_at=timezone.now() - dt.timedelta(days=5),
                       closes_at=timezone.now() + dt.timedelta(days=20))
    hq_staff = UserFactory(role=Role.HQ_STAFF, is_staff=True, email="hq@journey.example.jp")
    hq_staff.groups.add(hq_group_ensure())
    reviewers = [
        UserFactory(role=Role.HQ_REVIEWER, email="hq.reviewer@journey.example.jp",
                    office=JetroOffice.objects.get(code="HQ")),
        UserFactory(role=Role.OVERSEAS_REVIEWER, email="dus.reviewer@journey.example.jp",
                    office=JetroOffice.objects.get(code="DUS")),
    ]
    for user in [hq_staff, *reviewers]:
        user.set_password(PASSWORD)
        user.save()
    return {"call": call, "hq": hq_staff, "reviewers": reviewers}


def register(journey, suffix: str):
    """The organisation registers; returns the applicant's page, logged in."""
    page = journey.page_for()
    page.goto("/accounts/register/")
    journey.check(page, "register")
    form = form_with(page, "org-name_ja")
    fill(form, {
        "org-name_ja": "いばらき次世代モビリティ協議会",
        "org-name_en": "Ibaraki Next Mobility Council",
        "org-org_type": "business_association", "org-postal_code": "310-0801",
        "org-prefecture": page.locator(
            "[name='org-prefecture'] option",
            has_text="Ibaraki" if journey.language == "en" else "茨城",
        ).first.get_attribute("value"),
        "org-address": "水戸市桜川1-1-1", "org-representative_name_ja": "川田 達男",
        "org-representative_name_en": "Tatsuo Kawada", "org-representative_title_ja": "会長",
        "org-representative_title_en": "Chairman", "org-contact_name": "森 さくら",
        "org-contact_email": f"office{suffix}@mobility.example.jp",
        "org-contact_phone": "029-000-0000", "org-preferred_language": journey.language,
        "person-email": f"sakura{suffix}@mobility.example.jp",
        "person-language": journey.language,
        "person-last_name": "森", "person-first_name": "さくら",
        "person-password1": PASSWORD, "person-password2": PASSWORD,
    })
    submit(form)
    assert_no_error(page)
    assert page.url.endswith("/home/"), page.url
    journey.check(page, "applicant-home")
    return page


def fill_application(journey, page, call) -> Application:
    """Every section of the form, as the applicant does it."""
    page.goto(f"/applications/start/{call.pk}/")
    form = form_with(page, "title")
    fill(form, {"title": "次世代モビリティ部品の共同開発"})
    submit(form)
    application = Application.objects.get(title_ja="次世代モビリティ部品の共同開発")
    pk = application.pk

    page.goto(f"/applications/{pk}/overview/")
    journey.check(page, "section-overview")
    form = form_with(page, "title_en")
    fill(form, {
        "title_en": "Joint development of next-generation mobility parts",
        "sector": page.locator("[name=sector] option").nth(1).get_attribute("value"),
        "prefectures": [page.locator("[name=prefectures]").nth(7).get_attribute("value")],
        "partner_region": str(PartnerRegion.objects.get(name_en="Baden-Württemberg").pk),
    })
    submit(form, "continue")
    assert_no_error(page)
    assert page.url.endswith(f"/applications/{pk}/consortium/"), page.url

    # Consortium: four firms from a CSV file, a fifth by hand, the English summary.
    form = form_with(page, "csv-file")
    fill(form, {"csv-file": {"name": "firms.csv", "mimeType": "text/csv",
                             "buffer": CSV.encode("utf-8")}})
    submit(form)
    assert_no_error(page)
    form = form_with(page, "member-name")
    fill(form, {"member-name": "株式会社ひたちなか金型", "member-industry": "manufacturing",
                "member-capital_yen": "15000000", "member-employees": "18",
                "member-interest": "金型の共同開発"})
    submit(form)
    assert_no_error(page)
    assert application.consortium_members.count() == 5
    form = form_with(page, "en-firms")
    fill(form, {"en-firms": "Five suppliers of automotive parts look for joint development "
                            "partners in Baden-Württemberg."})
    submit(form)
    journey.check(page, "section-consortium")

    page.goto(f"/applications/{pk}/cooperation/")
    form = form_with(page, "cooperation_summary")
    fill(form, {"objectives": ["export", "joint_development"],
                "cooperation_summary": "バーデン＝ヴュルテンベルク州の研究機関と共同開発する。",
                "start_date": f"{FISCAL_YEAR}-07-01", "duration_years": "2",
                "year_1": "専門家招へいと商談会", "year_2": "ミッション団の派遣",
                "en-plan": "Experts from Baden-Württemberg visit Ibaraki in year 1; a "
                           "delegation visits Stuttgart in year 2."})
    journey.check(page, "section-cooperation")
    submit(form, "continue")
    assert_no_error(page)

    form = form_with(page, "c2_industry_development")
    fill(form, {"c2_industry_development": "地域の自動車部品産業の高度化",
                "c2_new_products": "軽量化部品", "c2_business_tieups": "共同開発契約3件",
                "en-prospects": "Lighter parts, three joint development contracts."})
    submit(form, "continue")
    assert_no_error(page)

    # Criterion 3, one task per page: a prior contact, the partner's online confirmation
    # requested, the English summary; each page returns to the section's list of tasks.
    assert page.url.endswith(f"/applications/{pk}/partner/"), page.url
    journey.check(page, "section-partner")
    tasks = [("contacts", "contact-people", {
                  "contact-date": "2025-11-05", "contact-form": "visit_abroad",
                  "contact-people": "森、Dr. Anna Müller",
                  "contact-description": "シュトゥットガルトの見本市で面談"}),
             ("request", "request-contact_name", {
                  "request-contact_name": "Dr. Anna Müller",
                  "request-contact_email": "mueller@bw-international.example.de",
                  "request-contact_organisation": "Baden-Württemberg International & Partners"}),
             ("summary", "en-contacts", {
                  "en-contacts": "We met Dr. Müller at a trade fair in Stuttgart in 2025."})]
    for task, field, values in tasks:
        with page.expect_navigation():
            page.locator(f"[data-testid=task-{task}] a").click()
        journey.check(page, f"partner-{task}")
        form = form_with(page, field)
        fill(form, values)
        submit(form)
        assert_no_error(page)
        assert page.url.endswith(f"/applications/{pk}/partner/"), (task, page.url)
    assert page.locator("[data-testid=task-contacts] .badge").inner_text() != \
        page.locator("[data-testid=task-letter] .badge").inner_text()  # done / to do
    journey.check(page, "section-partner-done")

    page.goto(f"/sponsorship/applications/{pk}/costs/")
    form = form_with(page, "lines-0-activity")
    fill(form, {"lines-0-activity": "matching_japan", "lines-0-year": "1",
                "lines-0-category": "airfare", "lines-0-quantity": "3", "lines-0-unit": "名",
                "lines-0-unit_cost": "240000", "lines-0-description": "招へい専門家の往復航空券"})
    if not page.locator("[name='lines-1-activity']").count():
        page.locator("[data-add-row]").click()  # portal's script adds the row in the page
    form = form_with(page, "lines-1-activity")
    fill(form, {"lines-1-activity": "networking_abroad", "lines-1-year": "2",
                "lines-1-category": "venue", "lines-1-quantity": "1",
                "lines-1-unit": "日", "lines-1-unit_cost": "280000",
                "lines-1-description": "現地商談会の会場借料"})
    submit(form, "save")
    assert_no_error(page)
    journey.check(page, "section-costs")

    page.goto(f"/applications/{pk}/attachments/")
    form = form_with(page, "file")
    fill(form, {"kind": "supporting",
                "file": {"name": "plan.pdf", "mimeType": "application/pdf",
                         "buffer": PDF_BYTES}})
    submit(form)
    assert_no_error(page)
    journey.check(page, "section-attachments")
    return application


def partner_confirms(journey, hq_page, mail_dir) -> None:
    """HQ reads the partner's e-mail in the outbox (sent by the worker), its signed link
    withheld; the partner opens the link of the e-mail it received and answers, without
    an account."""
    from notifications.enums import NotificationStatus
    from notifications.models import Notification

    wait_for(lambda: Notification.objects.filter(
        kind="partner_request", status=NotificationStatus.SENT).exists(), timeout=60)
    hq_page.goto("/notifications/outbox/")
    journey.check(hq_page, "hq-outbox")
    notification = Notification.objects.get(kind="partner_request")
    hq_page.goto(f"/notifications/{notification.pk}/")
    body = hq_page.locator("[data-testid=message-body]")
    assert "/partner/confirm/" not in body.inner_html()
    assert body.locator("a").count() == 0
    [message] = [text for text in map(str, worker_mails(mail_dir))
                 if "/partner/confirm/" in text]
    # The path only: the worker's SITE_URL is not the test server's address.
    href = re.search(r"https?://[^/\s]+(/\S+/partner/confirm/\S+/)", message).group(1)
    partner = journey.new_context(language="en", viewport=DESKTOP).new_page()
    partner.goto(href)
    journey.check(partner, "partner-confirm")
    form = partner.locator("main form").first
    fill(form, {"answer": "confirm", "message": "We look forward to working with you."})
    submit(form)
    assert partner.locator("[data-testid=answer]").count() == 1


def review(journey, reviewer_email: str, pk: int) -> None:
    page = journey.page_for(reviewer_email)
    page.goto(f"/reviews/applications/{pk}/")
    form = form_with(page, "has_conflict")
    fill(form, {"has_conflict": "no"})
    submit(form, "declare")
    assert_no_error(page)
    form = form_with(page, "c1_score")
    values = {}
    for criterion in ("c1", "c2", "c3"):
        values[f"{criterion}_score"] = "4"
        values[f"{criterion}_comment"] = "Clear and credible."
    if page.locator("[name=value_score]").count():
        values["value_score"] = "8"
    values["value_comment"] = "Good value for the programme."
    if page.locator("[name=recommendation]").count():
        values["recommendation"] = page.locator(
            "[name=recommendation] option").nth(1).get_attribute("value")
    fill(form, values)
    journey.check(page, "reviewer-review")
    submit(form, "submit")
    assert_no_error(page)
    page.context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_journey(language, programme, celery_worker_process, new_context, screenshots):
    celery_worker_process()
    journey = Journey(language, new_context, screenshots)
    call, reviewers = programme["call"], programme["reviewers"]

    applicant = register(journey, suffix=language)
    application = fill_application(journey, applicant, call)
    pk = application.pk

    hq = journey.page_for(programme["hq"].email)
    partner_confirms(journey, hq, celery_worker_process.mail_dir)

    applicant.goto(f"/applications/{pk}/submit/")
    journey.check(applicant, "submit")
    form = form_with(applicant, "confirm")
    fill(form, {"confirm": True})
    submit(form)
    assert_no_error(applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # HQ assigns the two reviewers.
    hq.goto(f"/reviews/applications/{pk}/assign/")
    journey.check(hq, "hq-assign")
    form = form_with(hq, "reviewers")
    fill(form, {"reviewers": [str(r.pk) for r in reviewers]})
    submit(form)
    assert_no_error(hq)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW

    review(journey, reviewers[0].email, pk)

    # HQ asks for more information; the applicant answers when submitting again.
    hq.goto(f"/applications/{pk}/request-information/")
    journey.check(hq, "hq-request-information")
    form = form_with(hq, "note")
    fill(form, {"note": "独立行政法人との共同研究契約の予定を教えてください。",
                "reply_by": (timezone.localtime() + dt.timedelta(days=7)).strftime(
                    "%Y-%m-%dT%H:%M")})
    submit(form)
    assert_no_error(hq)
    applicant.goto("/home/")
    journey.check(applicant, "applicant-home-information-requested")
    applicant.goto(f"/applications/{pk}/submit/")
    form = form_with(applicant, "answer")
    fill(form, {"answer": "2027年9月に締結する予定です。", "confirm": True})
    submit(form)
    assert_no_error(applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW

    review(journey, reviewers[1].email, pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED

    # The selection: agreed scores, eligible on the board, a sponsorship level, publication.
    hq.goto(f"/reviews/applications/{pk}/summary/")
    journey.check(hq, "hq-summary")
    for criterion in ("c1", "c2", "c3"):
        form = form_with(hq, "criterion")
        fill(form, {"criterion": criterion, "score": "4", "reason": "Both reviewers agree."})
        submit(form, "consensus")
        assert_no_error(hq)
    hq.goto(f"/reviews/applications/{pk}/feedback/")
    journey.check(hq, "hq-feedback")
    form = form_with(hq, "c1")
    fill(form, dict.fromkeys(("c1", "c2", "c3", "value"), "The programme office's comment."))
    submit(form)
    assert_no_error(hq)
    hq.goto(f"/sponsorship/calls/{call.pk}/board/")
    journey.check(hq, "hq-board")
    form = form_with(hq, "action")
    fill(form, {"applications": [str(pk)], "action": "eligibility"})
    submit(form)
    assert_no_error(hq)
    # A board job: its page answers at once, the worker decides moments later (the page
    # follows it, then shows the outcome).
    from sponsorship.models import BoardJob

    job = re.search(r"/sponsorship/board-jobs/(\d+)/$", hq.url)
    assert job, hq.url
    wait_for(lambda: not BoardJob.objects.get(pk=int(job.group(1))).in_progress, timeout=60)
    hq.reload()
    journey.check(hq, "hq-board-job")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE

    hq.goto(f"/sponsorship/applications/{pk}/decision/")
    journey.check(hq, "hq-decide")
    form = form_with(hq, "percentage")
    fill(form, {"mode": "percentage", "percentage": "80",
                "conditions": "ミッション団の成果を1か月以内に報告すること。",
                "conditions_en": "Report the delegation's results within a month."})
    submit(form)
    assert_no_error(hq)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    hq.goto(f"/sponsorship/calls/{call.pk}/board/")
    form = hq.locator(f"main form[action='/sponsorship/calls/{call.pk}/publish/']")
    hq.once("dialog", lambda dialog: dialog.accept())
    submit(form)
    assert_no_error(hq)

    # The award letter, rendered by the worker, downloaded by the applicant.
    from sponsorship.enums import LetterStatus
    from sponsorship.models import AwardLetter

    wait_for(lambda: AwardLetter.objects.filter(decision__application=application,
                                                status=LetterStatus.READY).exists(),
             timeout=90)
    applicant.goto(f"/applications/{pk}/")
    journey.check(applicant, "applicant-decision")
    with applicant.expect_download() as download:
        applicant.locator("a[href*='/sponsorship/letters/'][href$='/download/']").first.click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    file_progress_report(journey, applicant, application)

    hq.goto("/monitoring/")
    journey.check(hq, "hq-dashboard")
    hq.goto("/monitoring/reports/")
    form = form_with(hq, "fiscal_year")
    fill(form, {"fiscal_year": str(call.fiscal_year), "language": language})
    submit(form)
    assert_no_error(hq)
    from monitoring.enums import ReportJobStatus
    from monitoring.models import AnnualReport

    wait_for(lambda: AnnualReport.objects.filter(status=ReportJobStatus.READY).exists(),
             timeout=90)
    hq.reload()
    journey.check(hq, "hq-annual-report")

    errors = [e for c in hq.context.browser.contexts for e in getattr(c, "console_errors", [])]
    assert (journey.problems, errors) == ([], [])


def file_progress_report(journey, page, application) -> None:
    """The applicant reports year 1: the activity held, an outcome, the firms that took
    part and their survey, the spend with its receipt, the summary; then submits."""
    from projects.enums import ReportStatus
    from projects.models import Project, ProjectFirm

    project = Project.objects.get(application=application)
    page.goto(f"/projects/{project.pk}/")
    journey.check(page, "project")
    base = f"/projects/{project.pk}/years/1"

    page.goto(f"{base}/activities/")
    form = form_with(page, "activity-title_ja")
    fill(form, {"activity-activity_type": "matching_japan", "activity-status": "held",
                "activity-title_ja": "専門家招へい商談会", "activity-title_en": "Expert visit",
                "activity-starts_on": HELD_ON.isoformat(),
                "activity-ends_on": HELD_ON.isoformat(),
                "activity-city": "水戸市", "activity-venue": "水戸市民会館",
                "activity-foreign_experts": "3", "activity-delegates_sent": "0",
                "activity-firms_attending": "5", "activity-participants_total": "42"})
    submit(form)
    assert_no_error(page)
    page.goto(f"{base}/activities/")
    journey.check(page, "report-activities")

    page.goto(f"{base}/outcomes/")
    form = form_with(page, "outcome-kind")
    fill(form, {"outcome-kind": "business_meetings", "outcome-count": "18",
                "outcome-description": "商談18件"})
    submit(form)
    assert_no_error(page)
    journey.check(page, "report-outcomes")

    # The firms' contact e-mails (the survey goes to them) were kept on the project page.
    for n, firm in enumerate(ProjectFirm.objects.filter(project=project)):
        firm.contact_email = f"firm{n}@mobility.example.jp"
        firm.save(update_fields=["contact_email"])
    page.goto(f"{base}/firms/")
    form = form_with(page, "firms")
    fill(form, {"firms": [page.locator("[name=firms]").nth(n).get_attribute("value")
                          for n in range(3)]})
    submit(form)
    assert_no_error(page)
    journey.check(page, "report-firms")

    page.goto(f"{base}/spend/")
    form = form_with(page, "spend-approved_line")
    fill(form, {"spend-approved_line": page.locator("[name=spend-approved_line] option")
                .nth(1).get_attribute("value"),
                "spend-description": "招へい専門家の航空券", "spend-paid_on": HELD_ON.isoformat(),
                "spend-amount": "150000",
                "spend-receipt": {"name": "receipt.pdf", "mimeType": "application/pdf",
                                  "buffer": PDF_BYTES}})
    submit(form)
    assert_no_error(page)
    journey.check(page, "report-spend")

    page.goto(f"{base}/survey/")
    journey.check(page, "report-survey")
    submit(page.locator("main form[method=post]").first)
    assert_no_error(page)

    page.goto(f"{base}/summary/")
    form = form_with(page, "summary")
    fill(form, {"summary": "専門家招へい商談会で18件の商談を行った。"})
    submit(form, "continue")
    assert_no_error(page)
    page.goto(f"{base}/submit/")
    journey.check(page, "report-submit")
    submit(page.locator("main form[method=post]").last)
    assert_no_error(page)
    assert project.years.get(number=1).report.status == ReportStatus.SUBMITTED
