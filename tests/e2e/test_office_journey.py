"""The JETRO office in Japan, in the browser (issue 23): HQ invites a staff member of an
office; they set their password and see only their prefectures' applications (another
prefecture's is a 404); an applicant shares its draft, the office advises on a section,
the applicant answers; once the application is under review, its reviewer's pages show
none of the advice. Then the office's new pages and HQ's offices pages at 1366 and 390 px.
Each page is checked with axe-core and for sideways scrolling, and photographed
(build/screenshots/test_the_office_*/)."""

import pytest
from django.core import mail

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus as S
from applications.models import Application, OfficeAdvice
from applications.services import application_submit
from regions.models import JetroOffice, Prefecture
from reviews.enums import ConflictStatus
from tests.applications.builders import applicant_of, complete_application
from tests.e2e.conftest import DESKTOP, PHONE, check_page, login
from tests.factories import OrganisationFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, SubmittedApplicationFactory, hq_reviewer

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-journey-2027"
STAFF_PASSWORD = "the office's own secret 2027"
ADVICE = "協力内容の年次計画に、ドイツ側の受入れ機関名を明記してください。"
ANSWER = "受入れ機関（Fraunhofer IPT）を年次計画に追記しました。"


def _checked(page, screenshots, name: str, problems: list) -> None:
    check_page(page, problems, name)  # axe-core, sideways scrolling
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_office_is_invited_follows_its_prefectures_and_advises_a_shared_draft(
        language, new_context, e2e_server, screenshots):
    draft = complete_application()  # an organisation in Ibaraki, its draft complete
    applicant = applicant_of(draft.organisation)
    applicant.set_password(PASSWORD)
    applicant.language = language
    applicant.save()
    ours = SubmittedApplicationFactory(organisation=draft.organisation)
    theirs = SubmittedApplicationFactory(
        organisation=OrganisationFactory(prefecture=Prefecture.objects.get(code="23")))
    hq = UserFactory(role=Role.HQ_STAFF, password=PASSWORD, language=language)
    problems: list[str] = []

    # HQ invites a staff member of JETRO Ibaraki.
    hq_page = new_context(language=language, viewport=DESKTOP).new_page()
    login(hq_page, hq.email, PASSWORD, language)
    hq_page.goto("/accounts/office-staff/?office=JP-IBARAKI")
    form = hq_page.locator("#invite form")
    form.locator("input[name=email]").fill("hanako.suzuki@jetro.example.jp")
    form.locator("select[name=language]").select_option(language)
    form.locator("[type=submit]").click()
    hq_page.wait_for_load_state()
    _checked(hq_page, screenshots, "01-hq-invites-office-staff", problems)
    [invitation] = [m for m in mail.outbox if "hanako.suzuki@jetro.example.jp" in m.to]
    link = next(line for line in invitation.body.splitlines() if "/invitations/" in line)

    # The staff member sets a password and lands on the office's home.
    staff_page = new_context(language=language, viewport=DESKTOP).new_page()
    staff_page.goto(link[link.index("/accounts/"):])
    staff_page.fill("input[name=last_name]", "鈴木")
    staff_page.fill("input[name=first_name]", "花子")
    staff_page.locator("select[name=language]").select_option(language)
    staff_page.fill("input[name=password1]", STAFF_PASSWORD)
    staff_page.fill("input[name=password2]", STAFF_PASSWORD)
    staff_page.locator("main form [type=submit]").first.click()
    staff_page.wait_for_load_state()
    staff = User.objects.get(email="hanako.suzuki@jetro.example.jp")
    assert (staff.role, staff.office.code) == (Role.OFFICE_STAFF, "JP-IBARAKI")
    if "/home/" not in staff_page.url:
        login(staff_page, staff.email, STAFF_PASSWORD, language)
    staff_page.goto("/home/")
    listed = staff_page.locator("[data-testid=office-applications] tbody tr")
    assert [row.locator("td").first.inner_text().strip() for row in listed.all()] == [
        ours.reference]
    _checked(staff_page, screenshots, "02-office-home", problems)
    response = staff_page.goto(f"/applications/{theirs.pk}/")
    assert response.status == 404

    # The applicant shares the draft with its office.
    applicant_page = new_context(language=language, viewport=DESKTOP).new_page()
    login(applicant_page, applicant.email, PASSWORD, language)
    applicant_page.goto(f"/applications/{draft.pk}/advice/")
    applicant_page.locator("[data-testid=share-form] button[value=share]").click()
    applicant_page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.shared_with_office_at is not None

    # The office sees the shared draft and advises on a section.
    staff_page.goto(f"/applications/{draft.pk}/advice/")
    staff_page.locator("select[name=section]").select_option("cooperation")
    staff_page.fill("textarea[name=text]", ADVICE)
    staff_page.locator("form:has(input[name=action][value=advise]) [type=submit]").click()
    staff_page.wait_for_load_state()
    assert staff_page.locator("[data-testid=advice]").inner_text().count(ADVICE) == 1
    _checked(staff_page, screenshots, "03-office-advises", problems)

    # The applicant reads the advice and answers it.
    applicant_page.goto(f"/applications/{draft.pk}/advice/")
    advice = applicant_page.locator("[data-testid=advice]")
    assert ADVICE in advice.inner_text()
    advice.locator("textarea").fill(ANSWER)
    advice.locator("[type=submit]").click()
    applicant_page.wait_for_load_state()
    assert applicant_page.locator("[data-testid=answer]").inner_text().count(ANSWER) == 1
    _checked(applicant_page, screenshots, "04-applicant-answers", problems)
    assert list(OfficeAdvice.objects.values_list("text", "answer")) == [(ADVICE, ANSWER)]

    # Submitted and under review: the reviewer's pages show nothing of the advice.
    application_submit(application=draft, by=applicant)
    Application.objects.filter(pk=draft.pk).update(status=S.UNDER_REVIEW)
    reviewer = hq_reviewer(password=PASSWORD, language=language)
    AssignmentFactory(application=draft, reviewer=reviewer, conflict_status=ConflictStatus.NONE)
    reviewer_page = new_context(language=language, viewport=DESKTOP).new_page()
    login(reviewer_page, reviewer.email, PASSWORD, language)
    for path in (f"/reviews/applications/{draft.pk}/", f"/applications/{draft.pk}/"):
        reviewer_page.goto(path)
        html = reviewer_page.content()
        assert ADVICE not in html and ANSWER not in html, path
        assert reviewer_page.locator("[data-testid=advice-link]").count() == 0
    _checked(reviewer_page, screenshots, "05-reviewer-sees-no-advice", problems)
    assert reviewer_page.goto(f"/applications/{draft.pk}/advice/").status == 404
    assert problems == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_office_and_hq_pages_at_both_widths(language, new_context, e2e_server,
                                                screenshots):
    """The new pages of issue 23 as pictures: the office's activities and one of them with
    its travellers' dates; HQ's offices, an office with its territory and history, the
    partner regions and one region; each at 1366 and 390 px."""
    import datetime as dt

    from accounts.offices import office_territory_set
    from projects.enums import ActivityStatus
    from tests.projects.builders import expert, held_activity, member_of, published_project

    project = published_project()
    member = member_of(project)
    year = project.years.get(number=2)  # FY2027: ahead of today
    activity = held_activity(project, member, number=2, status=ActivityStatus.PLANNED,
                             starts_on=dt.date(year.fiscal_year, 7, 14),
                             ends_on=dt.date(year.fiscal_year, 7, 16))
    expert(activity, member)
    staff = UserFactory(role=Role.OFFICE_STAFF, password=PASSWORD, language=language,
                        office=activity.co_organising_office)
    hq = UserFactory(role=Role.HQ_STAFF, password=PASSWORD, language=language)
    office_territory_set(office=JetroOffice.objects.get(code="JP-SUWA"), by=hq,
                         prefectures=[Prefecture.objects.get(code="20")])
    problems: list[str] = []
    pages = {
        staff: ["/projects/office/activities/", f"/projects/office/activities/{activity.pk}/"],
        hq: ["/accounts/offices/", "/accounts/offices/JP-SUWA/", "/accounts/offices/MEX/",
             "/accounts/partner-regions/", "/accounts/partner-regions/new/"],
    }
    for width, viewport in (("1366", DESKTOP), ("390", PHONE)):
        for user, paths in pages.items():
            page = new_context(language=language, viewport=viewport).new_page()
            login(page, user.email, PASSWORD, language)
            for n, path in enumerate(paths, start=1):
                assert page.goto(path).status == 200, path
                _checked(page, screenshots,
                         f"{width}-{user.role}-{n}-{path.strip('/').replace('/', '-')}",
                         problems)
    assert problems == []
