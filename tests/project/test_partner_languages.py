"""The partner's own language (rit_portal/partner_languages.py): the pages a foreign partner or
participant reads without an account, and their e-mails, in German, French, Korean,
Vietnamese and Traditional Chinese besides English and Japanese; staff pages in Japanese and
English only.

The completeness test finds the strings of those pages by rendering them: every message the
catalogue is asked for while a page or an e-mail renders in a partner language (each state of
the page: the form, its errors, the answer recorded, every refused link; partnering's
registration, the region's own page in each state and the region's five e-mails) is
recorded, and each must have its translation in that language's catalogue (partner_locale/,
or Django's own for Django's strings). A string added to one of those pages fails it until
translated."""

import datetime as dt
import re
from contextlib import contextmanager
from gettext import GNUTranslations
from pathlib import Path

import polib
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real

from accounts.enums import Role
from applications.enums import ConfirmationStatus
from applications.models import PartnerConfirmation
from applications.services import partner_confirmation_path
from notifications.enums import Kind
from notifications.models import Notification
from notifications.services import notification_render
from projects.models import SurveyInvitation
from projects.services import survey_path
from rit_portal import partner_languages
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, UserFactory
from tests.projects.builders import published_project, year_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = ["de", "fr", "ko", "vi", "zh-hant"]
KANA = re.compile(r"[\u3040-\u30ff]")
KANJI = re.compile(r"[\u3400-\u9fff]")
SURVEY_ANSWER = {"overall_satisfaction": "4", "matching_usefulness": "5",
                 "seminar_usefulness": "", "interpretation_usefulness": "3",
                 "business_result": "expected", "comment": "Good."}


@contextmanager
def recorded_messages():
    """Every (language, msgid) the catalogues are asked for inside the block; plural
    messages as (msgid, msgid_plural)."""
    seen: set[tuple[str, object]] = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def recording_gettext(self, message):
        seen.add((self.language(), message))
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, number):
        seen.add((self.language(), (singular, plural)))
        return ngettext(self, singular, plural, number)

    trans_real.DjangoTranslation.gettext = recording_gettext
    trans_real.DjangoTranslation.ngettext = recording_ngettext
    try:
        yield seen
    finally:
        trans_real.DjangoTranslation.gettext = gettext
        trans_real.DjangoTranslation.ngettext = ngettext


def translated(language: str, message) -> bool:
    catalogue = trans_real.translation(language)._catalog
    key = (message[0], 0) if isinstance(message, tuple) else message
    return bool(catalogue.get(key) or (not isinstance(message, tuple)
                                       and catalogue.get((message, 0))))


@pytest.fixture
def world():
    project = published_project()
    confirmation = PartnerConfirmation.objects.filter(application=project.application).get()
    pending = PartnerConfirmation.objects.create(
        application=ApplicationFactory(), contact_name="Dr. Anna Müller",
        contact_email="anna@bw.example.de", contact_organisation="BW International")
    confirmation.message = "We look forward to it."
    confirmation.responded_at = timezone.now()
    confirmation.save()
    year = year_of(project)
    invitation = SurveyInvitation.objects.create(
        project_year=year, name="Dr. Anna Müller", organisation_name="BW International",
        email="anna@bw.example.de", language="de", is_partner_contact=True)
    answered = SurveyInvitation.objects.create(
        project_year=year, organisation_name="Stuttgart Tech GmbH", email="s@st.example.de",
        language="en", answered_at=timezone.now())
    return {"pending": partner_confirmation_path(confirmation=pending),
            "answered": partner_confirmation_path(confirmation=confirmation),
            "pending_confirmation": pending, "survey": survey_path(invitation=invitation),
            "invitation": invitation, "answered_survey": survey_path(invitation=answered)}


def every_partner_page(client, world, language: str) -> list:
    """Each state of each partner-facing page in `language`, and the two e-mails."""
    q = f"?lang={language}"
    pages = [
        client.get(world["pending"] + q),
        client.post(world["pending"], {"lang": language}),  # nothing chosen: the errors
        client.get(world["answered"] + q),
        client.get(world["pending"][:-6] + "x/" + q),  # altered
        client.get(world["survey"] + q),
        client.post(world["survey"], {"lang": language}),
        client.post(world["survey"], {**SURVEY_ANSWER, "overall_satisfaction": "9",
                                      "lang": language}),
        client.get(world["answered_survey"] + q),
        client.get(world["survey"][:-6] + "x/" + q),
    ]
    with time_machine.travel(timezone.now() + dt.timedelta(days=400)):
        pages += [client.get(world["pending"] + q), client.get(world["survey"] + q)]
    thanks = client.post(world["survey"], {**SURVEY_ANSWER, "lang": language})
    pages.append(client.get(thanks.url))
    world["invitation"].answered_at = None
    world["invitation"].save()
    world["invitation"].response.delete()
    mails = []
    for kind, params in ((Kind.PARTNER_REQUEST, {"confirmation": world["pending_confirmation"].pk}),
                         (Kind.SURVEY_INVITATION, {"invitation": world["invitation"].pk})):
        subject, body, _attachments = notification_render(
            Notification(kind=kind, params=params, language=language))
        mails.append(f"{subject}\n{body}")
    return pages, mails


@pytest.mark.parametrize("language", FOREIGN)
def test_every_string_of_the_partner_pages_and_e_mails_is_translated(client, world, language):
    with recorded_messages() as seen:
        pages, mails = every_partner_page(client, world, language)
    assert [page.status_code for page in pages] == [200, 200, 200, 404, 200, 200, 200, 410,
                                                    404, 410, 410, 200]
    assert {page["Content-Language"] for page in pages} == {language}
    asked = {message for lang, message in seen if lang == language}
    assert len(asked) > 60  # the pages were rendered in that language
    missing = sorted(str(m) for m in asked if not translated(language, m))
    assert missing == [], f"{language}: add these to partner_locale/{language}/LC_MESSAGES"
    # Never a Japanese text on a foreign reader's page or e-mail (the data is Latin here;
    # the chooser names Japanese and Chinese in their own scripts).
    chooser = re.compile(r'<nav [^>]*data-testid="partner-languages".*?</nav>', re.S)
    for text in [chooser.sub("", page.content.decode()) for page in pages] + mails:
        assert not KANA.search(text)
        if language != "zh-hant":
            assert not KANJI.search(text)


@pytest.mark.parametrize("language", FOREIGN)
def test_each_partner_catalogue_is_complete(language):
    po = polib.pofile(str(ROOT / "partner_locale" / trans_real.to_locale(language)
                          / "LC_MESSAGES" / "django.po"))
    assert (po.percent_translated(), po.fuzzy_entries()) == (100, [])


def test_the_page_follows_the_browser_then_the_link_and_the_chooser_offers_every_language(
        client, world):
    url = world["pending"]
    assert client.get(url)["Content-Language"] == "en"  # the language it was sent in
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9,en;q=0.8")
    assert german["Content-Language"] == "de"
    html = german.content.decode()
    assert '<html lang="de">' in html
    assert "Bestätigung des Interesses" in html
    chooser = re.findall(r'hreflang="([^"]+)">([^<]+)</a>', html)
    assert chooser == [("en", "English"), ("ja", "日本語"), ("fr", "Français"),
                       ("ko", "한국어"), ("vi", "Tiếng Việt"), ("zh-hant", "繁體中文")]
    assert 'aria-current="true">Deutsch</span>' in html
    assert 'id="language-switcher"' not in html  # the staff's switcher is not there
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9")["Content-Language"] == \
        "zh-hant"
    # Simplified Chinese is not offered: the next language the browser accepts, else the link's.
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,ko;q=0.5")["Content-Language"] == "ko"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")["Content-Language"] == "en"
    # The reader's choice wins over the browser.
    assert client.get(url + "?lang=vi", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "vi"
    assert client.get(url + "?lang=xx", HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "fr"


def test_the_answer_is_taken_in_the_chosen_language(client, world):
    response = client.post(world["pending"], {"lang": "ko", "answer": "confirm",
                                              "message": "감사합니다"})
    assert response.status_code == 302 and response.url.endswith("?lang=ko")
    page = client.get(response.url).content.decode()
    assert "감사합니다" in page
    assert world["pending_confirmation"].__class__.objects.get(
        pk=world["pending_confirmation"].pk).status == ConfirmationStatus.CONFIRMED


def test_a_missing_text_falls_back_to_english_never_to_japanese():
    staff_only = "The partner's contact has been saved."  # in the Japanese catalogue only
    with translation.override("ja"):
        assert translation.gettext(staff_only) != staff_only
    for language in FOREIGN:
        with partner_languages.override(language):
            assert translation.gettext(staff_only) == staff_only
            assert translation.get_language() == language


def test_the_applicant_chooses_the_language_of_the_request_and_its_e_mail(
        client, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:partner-request", args=[application.pk]), {
            "request-contact_name": "Kim Min-jun",
            "request-contact_email": "kim@oita-partner.example.kr",
            "request-contact_organisation": "Korea Industrial Complex Corp.",
            "request-language": "ko"})
    assert response.status_code == 302
    confirmation = PartnerConfirmation.objects.get(application=application)
    assert confirmation.language == "ko"
    [message] = mail.outbox
    assert message.subject == (f"{application.organisation.name_en}와(과)의 지역 산업 연계(RIT) "
                               "프로젝트 참여 의향 확인 요청")
    assert "Kim Min-jun" in message.body
    client.logout()
    link = re.search(r"http://\S+(/applications/partner/confirm/\S+/)", message.body).group(1)
    assert client.get(link)["Content-Language"] == "ko"


def test_the_partner_contact_s_survey_is_sent_in_the_language_of_the_confirmation(
        django_capture_on_commit_callbacks):
    from projects.services import report_firms_set, survey_send
    from tests.projects.builders import member_of

    project = published_project()
    project.partner_contact_language = "fr"
    project.save()
    member = member_of(project)
    year = year_of(project)
    report_firms_set(report=year.report, by=member, firms=[])
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = survey_send(project_year=year, by=member)
    assert invitation.language == "fr"
    [message] = mail.outbox
    assert message.subject.startswith("Enquête de satisfaction")


# --- Staff pages stay Japanese and English ----------------------------------------------

def test_a_german_browser_gets_english_or_japanese_on_staff_and_public_pages(client):
    user = UserFactory(role=Role.HQ_STAFF, is_staff=True)
    for page in (reverse("public-home"), reverse("login")):
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
        assert response["Content-Language"] in ("ja", "en")
        html = response.content.decode()
        assert 'lang="de"' not in html
        assert re.findall(r'name="language" value="([^"]+)"', html) in (["ja"], ["en"])
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] in ("ja", "en")


def test_the_staff_switcher_refuses_a_partner_language(client):
    user = UserFactory(role=Role.HQ_STAFF, is_staff=True, language="en")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "de", "next": "/home/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert response.cookies.get("django_language") is None
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_the_browser_s_language_is_matched_to_the_partner_languages():
    match = partner_languages.from_accept_language
    assert match("de-AT,de;q=0.9") == "de"
    assert match("fr-CA") == "fr"
    assert match("ko-KR,ko;q=0.9,en-US;q=0.8") == "ko"
    assert match("vi") == "vi"
    assert match("zh-Hant-TW") == "zh-hant"
    assert match("zh-HK") == "zh-hant"
    assert match("zh") is None
    assert match("es-ES,*;q=0.5") is None
    assert match("") is None
    assert match("pt;q=0.9,ja;q=0.8") == "ja"


def test_every_partner_language_has_a_django_catalogue():
    # GNUTranslations: the catalogue really loaded (Django's own plus partner_locale).
    for language in FOREIGN:
        assert isinstance(trans_real.translation(language), GNUTranslations)
        assert trans_real.to_locale(language) in {"de", "fr", "ko", "vi", "zh_Hant"}


# --- partnering: the foreign region's pages and e-mails ------------------------------------

REGION_FORM = {"organisation_name": "Baden-Württemberg International",
               "organisation_kind": "development_agency", "region_name": "",
               "seeking": ["joint_development"], "prefectures": [],
               "description": "Automotive suppliers.", "contact_name": "Anna Becker",
               "contact_email": "anna.becker@bw-i.example.de"}


@pytest.fixture
def regions_world():
    """A foreign region's interest in each state its contact sees, and their e-mails."""
    from partnering.links import region_path
    from partnering.services import interest_publish, interest_reject
    from regions.models import Country, PartnerRegion, Sector
    from tests.partnering.builders import hq_staff, interest, introduction

    hq = hq_staff()
    unconfirmed = interest("unconfirmed", email="u@bw-i.example.de")
    awaiting = interest("awaiting_review", email="a@bw-i.example.de")
    lonely = interest("awaiting_review", email="l@bw-i.example.de")
    published_change = interest_publish(interest=lonely, by=hq).status_changes.get()
    introduced = interest("published", email="i@bw-i.example.de")
    applicant = applicant_of()
    organisation = applicant.organisation
    organisation.contact_name_en = "Hanako Sato"
    organisation.save()
    made = introduction(introduced, applicant=applicant,
                        message="Five automotive suppliers of Ibaraki.")
    refused = interest("awaiting_review", email="r@bw-i.example.de")
    rejected_change = interest_reject(interest=refused, by=hq,
                                      reason="Please describe the sectors.").status_changes.get()
    germany = Country.objects.get(iso2="DE")
    form = REGION_FORM | {"country": str(germany.pk),
                          "sectors": [str(Sector.objects.get(code="automotive").pk)]}
    elsewhere = PartnerRegion.objects.filter(is_confirmed=True).exclude(country=germany).first()
    return {"paths": {name: region_path(interest=made_interest) for name, made_interest in (
                ("unconfirmed", unconfirmed), ("awaiting", awaiting), ("published", lonely),
                ("introduced", introduced), ("rejected", refused))},
            "form": form, "wrong_region": str(elsewhere.pk),
            "mails": ((Kind.INTEREST_CONFIRM, {"interest": unconfirmed.pk}),
                      (Kind.INTEREST_LINK, {"interest": introduced.pk}),
                      (Kind.INTEREST_PUBLISHED, {"status_change": published_change.pk}),
                      (Kind.INTEREST_REJECTED, {"status_change": rejected_change.pk}),
                      (Kind.INTRODUCTION_PARTNER, {"introduction": made.pk}))}


def every_region_page(client, world, language: str) -> tuple[list, list]:
    """Each state of each page a foreign region reads (registration, its answer and errors,
    the request for a new link, the region's own page in every state, the refused links)
    in `language`, and every e-mail its contact receives."""
    q = f"?lang={language}"
    register, access = reverse("partnering:register"), reverse("partnering:access")
    form = world["form"]
    paths = world["paths"]
    pages = [
        client.get(register + q),
        client.post(register, {"lang": language}),  # nothing filled in: every error
        client.post(register, {**form, "lang": language, "partner_region":
                               world["wrong_region"], "contact_email": "not an address"}),
        client.post(register, {**form, "lang": language, "seeking": ["nonsense"],
                               "description": "x" * 2001}),
        client.get(reverse("partnering:register-sent") + q),
        client.get(access + q),
        client.post(access, {"lang": language, "email": "wrong"}),
    ]
    sent = client.post(access, {"lang": language, "email": "i@bw-i.example.de"})
    pages.append(client.get(sent.url))
    pages += [client.get(paths[name] + q) for name in ("unconfirmed", "awaiting", "published",
                                                      "introduced", "rejected")]
    confirmed = client.post(paths["unconfirmed"], {"lang": language})
    pages.append(client.get(confirmed.url))
    pages.append(client.get(paths["introduced"][:-6] + "x/" + q))  # altered
    with time_machine.travel(timezone.now() + dt.timedelta(days=40)):
        pages.append(client.get(paths["introduced"] + q))  # expired
    mails = []
    for kind, params in world["mails"]:
        subject, body, _attachments = notification_render(
            Notification(kind=kind, params=params, language=language))
        mails.append(f"{subject}\n{body}")
    return pages, mails


@pytest.mark.parametrize("language", FOREIGN)
def test_every_string_of_the_region_s_pages_and_e_mails_is_translated(client, regions_world,
                                                                      language):
    with recorded_messages() as seen:
        pages, mails = every_region_page(client, regions_world, language)
    assert [page.status_code for page in pages] == [200] * 14 + [404, 410]
    assert {page["Content-Language"] for page in pages} == {language}
    asked = {message for lang, message in seen if lang == language}
    assert len(asked) > 100
    missing = sorted(str(m) for m in asked if not translated(language, m))
    assert missing == [], f"{language}: add these to partner_locale/{language}/LC_MESSAGES"
    chooser = re.compile(r'<nav [^>]*data-testid="partner-languages".*?</nav>', re.S)
    for text in [chooser.sub("", page.content.decode()) for page in pages] + mails:
        assert not KANA.search(text)
        if language != "zh-hant":
            assert not KANJI.search(text)


@pytest.mark.parametrize("language", FOREIGN)
def test_a_region_s_e_mails_go_in_the_language_it_registered_in(
        client, language, django_capture_on_commit_callbacks):
    """Registered in `language`: its address link, publication and introduction arrive in
    it; the Japanese applicant's introduction in Japanese."""
    from partnering.models import Interest
    from partnering.services import interest_publish, introduction_create
    from regions.models import Country, Sector
    from tests.partnering.builders import hq_staff

    germany = Country.objects.get(iso2="DE")
    automotive = Sector.objects.get(code="automotive")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:register"), REGION_FORM | {
            "lang": language, "country": str(germany.pk), "region_name": "Franken",
            "sectors": [str(automotive.pk)]})
    assert response.status_code == 302
    registered = Interest.objects.get()
    assert registered.contact_language == language
    with partner_languages.override(language):
        expected = {kind: translation.gettext(english) for kind, english in (
            ("confirm", "Confirm your region's registration with JETRO"),
            ("published", "Your region's interest is published"))}
    [confirm] = mail.outbox
    assert confirm.subject == expected["confirm"] != "Confirm your region's registration with JETRO"
    link = re.search(r"http://\S+(/partnering/region/\S+)", confirm.body).group(1)
    assert link.endswith(f"?lang={language}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        interest_publish(interest=registered, by=hq_staff())
    published = [m for m in mail.outbox if m.to == [registered.contact_email]][-1]
    assert published.subject == expected["published"]
    mail.outbox.clear()
    applicant = applicant_of()
    with django_capture_on_commit_callbacks(execute=True):
        introduction_create(interest=registered, by=applicant, sector=automotive,
                            message="Five automotive suppliers of Ibaraki.")
    to_region = next(m for m in mail.outbox if m.to == [registered.contact_email])
    to_applicant = next(m for m in mail.outbox if applicant.email in m.to)
    organisation = applicant.organisation
    subject = "A Japanese organisation would like to meet your region: %(org)s"
    with partner_languages.override(language):  # (a variable: makemessages skips it)
        assert to_region.subject == translation.gettext(subject) % {
            "org": organisation.name_en}
    assert not KANA.search(to_region.body)
    assert KANA.search(to_applicant.subject + to_applicant.body)  # Japanese
