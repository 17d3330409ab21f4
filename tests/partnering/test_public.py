"""A foreign region registers its interest without an account: English first (Japanese
and whichever language the portal has for the visitor), its address confirmed through a
signed link, nothing published before the covering office's review; the form is throttled
per client; the region's page shows who expressed interest, and nothing of their
applications."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.enums import Kind
from notifications.models import Notification
from partnering.enums import InterestStatus, Seeking
from partnering.links import interest_from_token, region_path
from partnering.models import Interest
from regions.models import Country, PartnerRegion, Sector
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory

from .builders import interest, introduction, overseas_staff

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:8000(/\S+)")


def form_data(**overrides) -> dict:
    return {
        "organisation_name": "Baden-Württemberg International",
        "organisation_kind": "development_agency",
        "country": str(Country.objects.get(iso2="DE").pk),
        "partner_region": str(PartnerRegion.objects.get(name_en="Baden-Württemberg").pk),
        "region_name": "",
        "sectors": [str(Sector.objects.get(code="automotive").pk)],
        "seeking": [Seeking.JOINT_DEVELOPMENT, Seeking.EXPORT],
        "prefectures": [],
        "description": "Automotive suppliers seeking joint development.",
        "contact_name": "Anna Becker", "contact_email": "anna.becker@bw-i.example.de",
    } | overrides


@pytest.fixture
def registered(client, django_capture_on_commit_callbacks):
    """A registration sent through the public page in English (its e-mail sent)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:register"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("partnering:register-sent") + "?lang=en"
    return Interest.objects.get()


def test_the_page_is_in_english_for_a_browser_asking_for_a_language_the_portal_lacks(client):
    response = client.get(reverse("partnering:register"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "interest in a tie-up with Japan</h1>" in html
    assert '<html lang="en">' in html


def test_the_page_is_in_japanese_for_a_japanese_browser_or_choice(client):
    response = client.get(reverse("partnering:register"), HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Content-Language"] == "ja"
    assert "日本との地域間連携への関心を登録する" in response.content.decode()
    assert 'data-testid="partner-languages"' in response.content.decode()
    response = client.get(reverse("partnering:register"), {"lang": "en"},
                          HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Content-Language"] == "en"


def test_a_german_reader_registers_in_german_with_english_where_untranslated(
        client, django_capture_on_commit_callbacks):
    page = client.get(reverse("partnering:register"), HTTP_ACCEPT_LANGUAGE="de-DE,de")
    assert page["Content-Language"] == "de"
    assert not re.search(r"[\u3040-\u30ff]", page.content.decode())  # never Japanese
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:register") + "?lang=de", form_data())
    assert response["Location"] == reverse("partnering:register-sent") + "?lang=de"
    assert Interest.objects.get().contact_language == "de"
    [message] = mail.outbox
    assert not re.search(r"[\u3040-\u30ff]", message.body)
    assert "?lang=de" in LINK.search(message.body).group(1)


def test_registration_is_unconfirmed_and_e_mails_the_signed_link(client, registered):
    assert registered.status == InterestStatus.UNCONFIRMED
    assert registered.contact_language == "en"
    assert list(registered.sectors.values_list("code", flat=True)) == ["automotive"]
    assert registered.seeking == [Seeking.JOINT_DEVELOPMENT, Seeking.EXPORT]
    [message] = mail.outbox
    assert message.to == ["anna.becker@bw-i.example.de"]
    assert message.subject == "Confirm your region's registration with JETRO"
    link = LINK.search(message.body).group(1)
    assert link.endswith("/?lang=en")
    assert interest_from_token(link.split("?")[0].rstrip("/").rsplit("/", 1)[1]) == registered
    assert "valid for 30 days" in message.body


def test_the_contact_confirms_the_address_and_the_covering_office_is_told(
        client, registered, django_capture_on_commit_callbacks):
    dus = overseas_staff("DUS", language="ja")
    overseas_staff("PAR")
    link = LINK.search(mail.outbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert 'data-testid="confirm-address"' in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    registered.refresh_from_db()
    assert registered.status == InterestStatus.AWAITING_REVIEW
    assert registered.email_confirmed_at is not None
    [message] = mail.outbox  # the Düsseldorf office's reviewer only, in Japanese
    assert message.to == [dus.email]
    assert message.subject == "審査待ちの海外地域の関心登録：バーデン＝ヴュルテンベルク州（ドイツ）"
    assert reverse("partnering:interest", args=[registered.pk]) in message.body
    # Confirming again changes nothing; the page now shows the state.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert len(mail.outbox) == 1
    assert "Awaiting the JETRO office" in client.get(link).content.decode()


def test_the_language_of_the_form_is_the_contact_s_language(client,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnering:register") + "?lang=ja", form_data())
    assert Interest.objects.get().contact_language == "ja"
    assert mail.outbox[0].subject == "JETROへの地域の関心登録を確認してください"


def test_an_unconfirmed_or_unreviewed_interest_is_in_no_directory(client, registered):
    client.force_login(applicant_of())
    page = client.get(reverse("partnering:directory"))
    assert "Baden-Württemberg International" not in page.content.decode()
    assert client.get(reverse("partnering:directory-detail",
                              args=[registered.pk])).status_code == 404


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"partner_region": "", "region_name": ""}, "region_name",
     "Choose your region from the list or write its name."),
    ({"country": lambda: str(Country.objects.get(iso2="FR").pk)}, "partner_region",
     "This region is not in the country chosen."),
    ({"sectors": []}, "sectors", "Choose the sectors."),
    ({"seeking": []}, "seeking", "Choose what your region seeks."),
    ({"contact_email": "not-an-address"}, "contact_email", "Enter a valid email address."),
])
def test_a_wrong_form_keeps_what_was_typed_with_the_message_at_its_field(
        client, changes, field, message):
    data = form_data(**{k: v() if callable(v) else v for k, v in changes.items()})
    response = client.post(reverse("partnering:register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert 'value="Baden-Württemberg International"' in response.content.decode()
    assert Interest.objects.count() == 0


def test_a_region_not_in_the_list_is_registered_by_its_name(client):
    client.post(reverse("partnering:register"), form_data(
        partner_region="", region_name="Région Grand Est",
        country=str(Country.objects.get(iso2="FR").pk)))
    assert Interest.objects.get().region_label == "Région Grand Est"


def test_the_public_forms_are_throttled_per_client(client, settings):
    settings.PARTNER_FORM_RATE = "2/h"
    from django.core.cache import cache

    cache.clear()
    url = reverse("partnering:register")
    for _ in range(2):
        assert client.post(url, {}).status_code == 200
    refused = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="ja")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Language"] == "ja"
    assert client.get(url).status_code == 200  # reading the form is not counted
    other = client.post(url, {}, REMOTE_ADDR="198.51.100.99")
    assert other.status_code == 200
    cache.clear()


def test_altered_and_expired_links_are_refused(client):
    made = interest(InterestStatus.UNCONFIRMED)
    path = region_path(interest=made)
    assert client.get(path[:-6] + "xxxxx/").status_code == 404
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)):
        response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    # A changed address makes the old link invalid.
    Interest.objects.filter(pk=made.pk).update(contact_email="new@bw-i.example.de")
    assert client.get(path).status_code == 404


def test_a_new_link_is_sent_only_to_a_known_address_and_the_page_says_the_same(
        client, django_capture_on_commit_callbacks):
    made = interest(InterestStatus.PUBLISHED, language="en")
    interest(InterestStatus.UNCONFIRMED, email="someone@else.example")
    answers = []
    for email in ("ANNA.BECKER@bw-i.example.de", "someone@else.example", "x@y.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("partnering:access"), {"email": email}, follow=True)
        answers.append([str(m) for m in response.context["messages"]])
    assert answers[0] == answers[1] == answers[2]
    [message] = mail.outbox
    assert message.to == [made.contact_email]
    assert message.subject == "Your region's page on the JETRO RIT portal"
    link = LINK.search(message.body).group(1)
    assert interest_from_token(link.split("?")[0].rstrip("/").rsplit("/", 1)[1]) == made


def test_the_region_s_page_lists_who_expressed_interest_and_nothing_of_their_applications(
        client):
    made = interest(InterestStatus.PUBLISHED)
    applicant = applicant_of()
    ApplicationFactory(organisation=applicant.organisation, title_en="Secret project title")
    introduction(made, applicant=applicant, message="Our confidential plans")
    html = client.get(region_path(interest=made), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert applicant.organisation.name_en in html
    assert "Ibaraki" in html and "Automotive" in html
    assert "Our confidential plans" not in html
    assert "Secret project title" not in html


def test_the_confirmation_e_mail_is_recorded_once_per_registration(registered):
    assert list(Notification.objects.values_list("kind", "recipients")) == [
        (Kind.INTEREST_CONFIRM, ["anna.becker@bw-i.example.de"])]


def test_the_registration_links_to_the_privacy_notice_and_records_its_version(client,
                                                                             registered):
    from tests.privacy.test_notice import collected

    assert collected(registered) == [(1, None)]
    page = client.get(reverse("partnering:register")).content.decode()
    assert 'data-testid="privacy-notice-link"' in page
