"""A foreign region and a Japanese applicant are introduced, in the browser (issue 22): the
region registers in German, confirms its address through the link of its German e-mail,
the covering overseas office (JETRO Düsseldorf) publishes it, it appears in the applicants'
directory; an applicant asks to be introduced; the region receives the introduction in
German and the applicant in Japanese; the region's own page lists the applicant; an
application starts from the introduction with the partner region and its contact filled
in. Then every public partnering page (what a foreign region reads without an account) in
English, Japanese and German at 1366 and 390 px. Each page is checked with axe-core and for
sideways scrolling, and photographed (build/screenshots/test_*partnering*/)."""

import re

import pytest
from django.core import mail

from accounts.enums import Role
from applications.models import Application
from partnering.enums import InterestStatus
from partnering.links import region_path
from partnering.models import Interest
from regions.models import Country, JetroOffice, PartnerRegion, Sector
from tests.applications.builders import applicant_of
from tests.e2e.conftest import DESKTOP, PHONE, check_page, login
from tests.factories import CallFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-journey-2027"
CONTACT = "anna.becker@bw-i.example.de"
DESCRIPTION = ("Zulieferer der Automobilindustrie suchen eine gemeinsame Entwicklung von "
               "Leichtbauteilen mit einer japanischen Region.")
MESSAGE = "Wir sind fünf Automobilzulieferer aus Ibaraki und schlagen ein Seminar vor."
KANA = re.compile(r"[\u3040-\u30ff]")


def _checked(page, screenshots, name: str, problems: list) -> None:
    check_page(page, problems, name)  # axe-core, sideways scrolling
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def _path(body: str, marker: str) -> str:
    """The path (and query) of the first link in an e-mail body that contains `marker`."""
    url = next(word for word in body.split() if marker in word and "://" in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_a_german_region_registers_is_published_and_introduced_to_a_japanese_applicant(
        new_context, e2e_server, screenshots):
    office = UserFactory(role=Role.OVERSEAS_REVIEWER, password=PASSWORD, language="ja",
                         office=JetroOffice.objects.get(code="DUS"))
    organisation = OrganisationFactory(preferred_language="ja", contact_name_en="Hanako Sato")
    applicant = applicant_of(organisation)
    applicant.set_password(PASSWORD)
    applicant.language = "ja"
    applicant.save()
    call = CallFactory()
    germany = Country.objects.get(iso2="DE")
    region = PartnerRegion.objects.get(name_en="Baden-Württemberg")
    automotive = Sector.objects.get(code="automotive")
    problems: list[str] = []

    # The region registers in German (its browser's language).
    region_page = new_context(language="de", viewport=DESKTOP).new_page()
    region_page.goto("/partnering/register/")
    assert region_page.locator("html").get_attribute("lang") == "de"
    assert "Registrieren Sie das Interesse Ihrer Region" in region_page.locator("h1").inner_text()
    form = region_page.locator("[data-testid=interest-form]")
    form.locator("input[name=organisation_name]").fill("Baden-Württemberg International")
    form.locator("select[name=organisation_kind]").select_option("development_agency")
    form.locator("select[name=country]").select_option(str(germany.pk))
    form.locator("select[name=partner_region]").select_option(str(region.pk))
    form.locator(f"input[name=sectors][value='{automotive.pk}']").check()
    form.locator("input[name=seeking][value=joint_development]").check()
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("input[name=contact_name]").fill("Anna Becker")
    form.locator("input[name=contact_email]").fill(CONTACT)
    form.locator("[type=submit]").click()
    region_page.wait_for_load_state()
    assert region_page.locator("[data-testid=register-sent] h1").inner_text() == \
        "Bitte prüfen Sie Ihr Postfach"
    _checked(region_page, screenshots, "01-de-registered", problems)
    interest = Interest.objects.get()
    assert (interest.status, interest.contact_language) == (InterestStatus.UNCONFIRMED, "de")

    # Its German e-mail's link: the address confirmed on the region's page.
    [confirm] = _mails_to(CONTACT)
    assert confirm.subject == "Bitte bestätigen Sie die Registrierung Ihrer Region bei der JETRO"
    assert confirm.body.startswith("Guten Tag Anna Becker,")
    link = _path(confirm.body, "/partnering/region/")
    assert link.endswith("?lang=de")
    region_page.goto(link)
    region_page.locator("[data-testid=confirm-address]").click()
    region_page.wait_for_load_state()
    assert "Vielen Dank: Ihre Adresse ist bestätigt." in region_page.content()
    assert "Prüfung durch das JETRO-Büro ausstehend" in \
        region_page.locator("[data-testid=interest-status]").inner_text()
    _checked(region_page, screenshots, "02-de-address-confirmed", problems)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.AWAITING_REVIEW

    # The covering office (JETRO Düsseldorf), told in Japanese, publishes it.
    [to_review] = _mails_to(office.email)
    office_page = new_context(language="ja", viewport=DESKTOP).new_page()
    login(office_page, office.email, PASSWORD, "ja")
    office_page.goto(_path(to_review.body, "/partnering/interests/"))
    office_page.locator("[data-testid=publish]").click()
    office_page.wait_for_load_state()
    _checked(office_page, screenshots, "03-ja-office-published", problems)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PUBLISHED
    published = _mails_to(CONTACT)[-1]
    assert published.subject == "Das Interesse Ihrer Region ist veröffentlicht"

    # The applicant finds it in the directory and asks to be introduced.
    applicant_page = new_context(language="ja", viewport=DESKTOP).new_page()
    login(applicant_page, applicant.email, PASSWORD, "ja")
    applicant_page.goto("/partnering/directory/")
    entries = applicant_page.locator("[data-testid=directory-entry]")
    assert entries.count() == 1
    assert "Baden-Württemberg International" in entries.first.inner_text()
    _checked(applicant_page, screenshots, "04-ja-directory", problems)
    entries.first.locator("h2 a").click()
    applicant_page.wait_for_load_state()
    applicant_page.locator("select[name=sector]").select_option(str(automotive.pk))
    applicant_page.locator("textarea[name=message]").fill(MESSAGE)
    applicant_page.locator("[data-testid=express-interest]").click()
    applicant_page.wait_for_load_state()
    assert applicant_page.locator("[data-testid=introduced]").count() == 1
    _checked(applicant_page, screenshots, "05-ja-introduced", problems)

    # Each side's introduction in its own language.
    to_region = _mails_to(CONTACT)[-1]
    assert to_region.subject == ("Eine japanische Organisation möchte Ihre Region "
                                 f"kennenlernen: {organisation.name_en}")
    assert to_region.body.startswith("Guten Tag Anna Becker,")
    assert MESSAGE in to_region.body and "Hanako Sato" in to_region.body
    assert not KANA.search(to_region.subject + to_region.body)
    [to_applicant] = [m for m in mail.outbox if applicant.email in m.to
                      or organisation.contact_email in m.to]
    assert KANA.search(to_applicant.subject) and KANA.search(to_applicant.body)
    assert CONTACT in to_applicant.body

    # The region's own page lists the applicant (its name only).
    region_page.goto(link)
    listed = region_page.locator("[data-testid=introductions] tbody tr")
    assert listed.count() == 1
    assert organisation.name_en in listed.first.inner_text()
    assert MESSAGE not in region_page.content()
    _checked(region_page, screenshots, "06-de-region-introduced", problems)

    # An application starts from the introduction: partner region and contact filled in.
    applicant_page.locator("[data-testid=start-application]").click()
    applicant_page.wait_for_load_state()
    applicant_page.locator("select[name=call]").select_option(str(call.pk))
    applicant_page.locator("input[name=title]").fill("自動車部品の軽量化に関する共同開発")
    applicant_page.locator("main form [type=submit]").click()
    applicant_page.wait_for_load_state()
    application = Application.objects.get()
    assert (application.organisation, application.partner_region) == (organisation, region)
    assert applicant_page.locator("input[name=request-contact_email]").input_value() == CONTACT
    assert applicant_page.locator("input[name=request-contact_name]").input_value() == \
        "Anna Becker"
    # The confirmation request is offered in the region's language.
    assert applicant_page.locator("select[name=request-language]").input_value() == "de"
    [prior] = application.prior_contacts.all()
    assert MESSAGE in prior.description
    _checked(applicant_page, screenshots, "07-ja-application-started", problems)
    assert problems == []


@pytest.mark.parametrize("language", ["en", "ja", "de"])
def test_every_public_partnering_page_at_both_widths(language, new_context, e2e_server,
                                                     screenshots):
    """What a foreign region reads without an account, as pictures: the registration form,
    its errors, its answer, the request for a new link, the region's page in each state
    (address to confirm, awaiting review, published with an introduction) and a refused
    link."""
    from tests.partnering.builders import interest, introduction

    unconfirmed = interest(InterestStatus.UNCONFIRMED, email="u@bw-i.example.de")
    awaiting = interest(InterestStatus.AWAITING_REVIEW, email="a@bw-i.example.de",
                        region="Oberfranken")
    published = interest(InterestStatus.PUBLISHED, email="p@bw-i.example.de",
                         sectors=("automotive", "medical-machinery"))
    organisation = OrganisationFactory(contact_name_en="Hanako Sato")
    introduction(published, applicant=applicant_of(organisation),
                 message="Five automotive suppliers of Ibaraki.")
    pages = [("register", "/partnering/register/"), ("register-errors", None),
             ("register-sent", "/partnering/register/sent/"),
             ("access", "/partnering/region/"),
             ("region-unconfirmed", region_path(interest=unconfirmed)),
             ("region-awaiting", region_path(interest=awaiting)),
             ("region-published", region_path(interest=published)),
             ("link-refused", region_path(interest=published)[:-6] + "x/")]
    problems: list[str] = []
    for width, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page = new_context(language=language, viewport=viewport).new_page()
        for n, (name, path) in enumerate(pages, start=1):
            if path is None:  # the form sent empty
                page.goto("/partnering/register/")
                page.locator("[data-testid=interest-form] [type=submit]").click()
                page.wait_for_load_state()
            else:
                response = page.goto(path)
                assert response.status == (404 if name == "link-refused" else 200), path
            assert page.locator("html").get_attribute("lang") == language
            _checked(page, screenshots, f"{width}-{language}-{n:02}-{name}", problems)
    assert problems == []
