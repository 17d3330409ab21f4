"""APPI Art. 27-28, asked of the traveller themselves: the organisation sends the traveller
(an e-mail address on their roster entry) a signed link to a public page where they read
the Art. 28 information (the partner country, its system, the recipients' measures) in
Japanese or English and give or refuse their consent. Giving it is kept as given by the
traveller; a refusal blocks the travel request and the invitation letter, naming them,
and the organisation cannot record consent over it. Used, replaced, expired and altered
links are refused with a clear page."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Kind
from notifications.models import Notification
from privacy.models import Collection, Provision
from projects.services import (
    delegate_consent_ask,
    delegate_consent_record,
    delegate_update,
)
from tests.projects.builders import expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

AGENT = {"recipient_kind": "travel_agent", "recipient_name": "JTB Corporate Sales"}
GERMAN_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
JAPANESE_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "ja-JP,ja;q=0.9"}


@pytest.fixture
def roster():
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member, email="anna.mueller@ipt.example.de")
    return project, member, activity, delegate


def _ask(capture, delegate, member, language="en"):
    mail.outbox.clear()
    with capture(execute=True):
        delegate_consent_ask(delegate=delegate, by=member, language=language)
    delegate.refresh_from_db()
    return mail.outbox[-1]


def _link(message) -> str:
    url = re.search(r"https?://\S+/projects/consent/\S+/", message.body).group(0)
    return "/projects/" + url.split("/projects/", 1)[1]


def _give(client, url, answer="give", **extra):
    page = client.get(url, **extra)
    return client.post(url, {"answer": answer, "shown": page.context["form"]["shown"].value(),
                             "lang": page.context["language"]}, **extra)


def test_the_request_is_e_mailed_with_a_working_link(client, roster,
                                                     django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    client.force_login(member)
    client.cookies["django_language"] = "en"
    url = reverse("projects:delegate-consent", args=[project.pk, activity.pk, delegate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"ask": "1", "ask-language": "en"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["anna.mueller@ipt.example.de"]
    assert "Dear Anna Lena Müller," in message.body and "(Germany)" in message.body
    assert "valid for 30 days" in message.body
    notification = Notification.objects.get(kind=Kind.DELEGATE_CONSENT_REQUEST)
    assert (notification.language, list(notification.applications.all())) == (
        "en", [project.application])
    client.logout()
    page = client.get(_link(message))
    assert page.status_code == 200 and page.context["delegate"] == delegate


def test_the_page_tells_the_art_28_information_in_english_and_in_japanese(
        client, roster, django_capture_on_commit_callbacks):
    _project, member, _activity, delegate = roster
    url = _link(_ask(django_capture_on_commit_callbacks, delegate, member, language="ja"))
    english = client.get(url, **GERMAN_BROWSER)  # a foreign browser reads English
    assert english["Content-Language"] == "en"
    html = english.content.decode()
    assert "Country: Germany" in html and "提供先の国" not in html
    assert "General Data Protection Regulation (GDPR)" in html
    assert "use the data only to receive the delegation" in html
    assert 'data-testid="privacy-notice-link"' in html
    assert 'data-testid="partner-languages"' in html and 'hreflang="de"' not in html
    japanese = client.get(url, **JAPANESE_BROWSER).content.decode()
    assert "提供先の国：ドイツ" in japanese and "EU一般データ保護規則" in japanese
    assert "Country: Germany" not in japanese
    assert "個人情報の提供に関する同意のお願い" in japanese
    # No browser language: the language the request was sent in; ?lang= switches.
    assert client.get(url)["Content-Language"] == "ja"
    assert client.get(url + "?lang=en", **JAPANESE_BROWSER)["Content-Language"] == "en"


def test_consent_given_through_the_link_is_kept_as_the_traveller_s_own_and_lets_the_travel_request_through(  # noqa: E501
        client, roster, django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    url = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    done = _give(client, url, **GERMAN_BROWSER)
    assert done.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.consent_state, delegate.consent_by, delegate.consent_by_traveller,
            delegate.consent_asked_at, delegate.consent_country.iso2) == (
        "given", None, True, None, "DE")
    assert "GDPR" in delegate.consent_information and "EU一般データ保護規則" in \
        delegate.consent_information
    thanks = client.get(done["Location"], **GERMAN_BROWSER).content.decode()
    assert "Your consent was recorded on" in thanks
    collection = Collection.objects.filter(
        content_type=ContentType.objects.get_for_model(delegate), object_id=delegate.pk).last()
    assert collection.by is None  # typed by the person themselves, through the link
    client.force_login(member)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("projects:travel-request", args=[project.pk, 1, "csv"]),
                          AGENT)
    assert response["Content-Type"].startswith("text/csv")
    assert Provision.objects.get().people == ["MÜLLER, Anna Lena"]
    with pytest.raises(ValidationError, match="already given their consent themselves"):
        delegate_consent_record(delegate=delegate, by=member, consented=True)


def test_a_refusal_blocks_the_travel_request_and_the_letter_and_cannot_be_recorded_over(
        client, roster, django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    url = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    assert _give(client, url, answer="refuse", **GERMAN_BROWSER).status_code == 302
    delegate.refresh_from_db()
    assert (delegate.consent_state, delegate.consent_at) == ("refused", None)
    client.force_login(member)
    client.cookies["django_language"] = "en"
    refused = client.get(reverse("projects:travel-request", args=[project.pk, 1, "csv"]),
                         AGENT)
    assert refused.context["form"].non_field_errors() == [
        "These travellers refused their consent to their data being provided: MÜLLER, Anna "
        "Lena. Their data cannot be provided: remove them from the roster, or ask them again "
        "if they change their mind."]
    letter = client.get(reverse("projects:invitation-letter",
                                args=[project.pk, activity.pk, delegate.pk]), follow=True)
    assert "These travellers refused their consent" in letter.content.decode()
    assert Provision.objects.count() == 0
    consent_url = reverse("projects:delegate-consent",
                          args=[project.pk, activity.pk, delegate.pk])
    page = client.get(consent_url).content.decode()
    assert 'data-testid="consent-refused-by-traveller"' in page
    assert 'data-testid="consent-record"' not in page  # no form to record over it
    over = client.post(consent_url, {"consented": "on"})
    assert "cannot record consent over it" in over.content.decode()
    delegate.refresh_from_db()
    assert delegate.consent_state == "refused"
    # Asked again, the traveller may give it after all.
    url = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    assert _give(client, url, **GERMAN_BROWSER).status_code == 302
    delegate.refresh_from_db()
    assert (delegate.consent_state, delegate.consent_refused_at) == ("given", None)


def test_used_replaced_expired_and_altered_links_say_so(client, roster,
                                                        django_capture_on_commit_callbacks):
    _project, member, _activity, delegate = roster
    first = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    second = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    replaced = client.get(first, **GERMAN_BROWSER)
    assert replaced.status_code == 410
    assert "This link has been replaced by a newer one" in replaced.content.decode()
    altered = client.get(second[:-3] + "xx/", **GERMAN_BROWSER)
    assert altered.status_code == 404 and "This link is not valid" in altered.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        expired = client.get(second, **GERMAN_BROWSER)
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    assert _give(client, second, **GERMAN_BROWSER).status_code == 302
    used = client.get(second, **JAPANESE_BROWSER)
    assert used.status_code == 410
    assert "この依頼には既に回答いただいています" in used.content.decode()
    posted_again = client.post(second, {"answer": "refuse"}, **GERMAN_BROWSER)
    assert posted_again.status_code == 410
    delegate.refresh_from_db()
    assert delegate.consent_state == "given"
    # A changed address invalidates the open request's link.
    other = expert(delegate.activity, member, family="Becker", given="Jonas",
                   email="jonas@ipt.example.de")
    third = _link(_ask(django_capture_on_commit_callbacks, other, member))
    delegate_update(delegate=other, by=member, legs=[], email="jonas@new.example.de")
    assert client.get(third, **GERMAN_BROWSER).status_code == 404
    other.refresh_from_db()
    assert other.consent_asked_at is None
    with pytest.raises(ValidationError, match="already given their consent themselves"):
        delegate_consent_ask(delegate=delegate, by=member, language="en")


def test_bad_input_gets_a_message(client, roster, django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    url = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    unanswered = client.post(url, {"lang": "en"}, **GERMAN_BROWSER)
    assert unanswered.status_code == 200
    assert unanswered.context["form"].errors["answer"] == [
        "Choose whether you consent or not."]
    stale = client.post(url, {"answer": "give", "shown": "0" * 16, "lang": "en"},
                        **GERMAN_BROWSER)
    assert "The information has changed since this page was opened" in stale.content.decode()
    delegate.refresh_from_db()
    assert delegate.consent_state == "none" and delegate.consent_asked_at is not None
    # The organisation: no address yet, a bad address, a language not offered.
    client.force_login(member)
    client.cookies["django_language"] = "en"
    delegate_update(delegate=delegate, by=member, legs=[], email="")
    consent_url = reverse("projects:delegate-consent",
                          args=[project.pk, activity.pk, delegate.pk])
    page = client.get(consent_url).content.decode()
    assert 'data-testid="consent-ask-no-email"' in page
    no_address = client.post(consent_url, {"ask": "1", "ask-language": "en"})
    assert no_address.context["ask_form"].non_field_errors() == [
        "Add the traveller's e-mail address to the roster first: the request is sent there."]
    wrong = client.post(consent_url, {"ask": "1", "ask-language": "de"})
    assert "language" in wrong.context["ask_form"].errors
    edit = reverse("projects:delegate-edit", args=[project.pk, activity.pk, delegate.pk])
    typed = client.post(edit, {"delegate-traveller_type": "foreign_expert",
                               "delegate-family_name": "Müller",
                               "delegate-given_names": "Anna Lena",
                               "delegate-nationality": delegate.nationality_id,
                               "delegate-organisation": "Fraunhofer IPT",
                               "delegate-role": "Researcher",
                               "delegate-email": "anna at ipt"})
    assert typed.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="anna at ipt"' in typed.content.decode()


def test_the_roster_shows_each_traveller_s_consent(client, roster,
                                                   django_capture_on_commit_callbacks):
    project, member, activity, given = roster
    recorded = expert(activity, member, family="Becker", given="Jonas")
    refused = expert(activity, member, family="Schmidt", given="Lea", email="lea@x.example.de")
    asked = expert(activity, member, family="Weber", given="Tom", email="tom@x.example.de")
    expert(activity, member, family="Zimmer", given="Max")
    delegate_consent_record(delegate=recorded, by=member, consented=True)
    _give(client, _link(_ask(django_capture_on_commit_callbacks, given, member)))
    _give(client, _link(_ask(django_capture_on_commit_callbacks, refused, member)), "refuse")
    _ask(django_capture_on_commit_callbacks, asked, member)
    url = reverse("projects:activity", args=[project.pk, activity.pk])
    client.force_login(member)
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    states = re.findall(r'data-testid="consent" data-state="(\w+)"', html)
    assert states == ["recorded", "given", "refused", "none", "none"]
    assert "consent given by the traveller" in html and "refused by the traveller" in html
    assert "asked, awaiting the answer" in html
    assert f"by {member.get_full_name()}" in html
    client.cookies["django_language"] = "ja"
    japanese = client.get(url).content.decode()
    assert "渡航者本人が同意" in japanese and "渡航者本人が拒否" in japanese


def test_hq_sees_the_same_status(client, roster, hq_staff, django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    _give(client, _link(_ask(django_capture_on_commit_callbacks, delegate, member)), "refuse")
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("projects:activity", args=[project.pk, activity.pk])
                      ).content.decode()
    assert 'data-state="refused"' in html and "refused by the traveller" in html


def test_the_pages_queries_do_not_grow_with_the_roster(client, roster,
                                                       django_assert_max_num_queries,
                                                       django_capture_on_commit_callbacks):
    project, member, activity, delegate = roster
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    client.force_login(member)
    url = reverse("projects:activity", args=[project.pk, activity.pk])
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    for n in range(4):
        other = expert(activity, member, family=f"Traveller{'abcd'[n]}", given="Test",
                       email=f"t{n}@x.example.de")
        delegate_consent_record(delegate=other, by=member_of(project), consented=True)
        _ask(django_capture_on_commit_callbacks, other, member)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
    link = _link(_ask(django_capture_on_commit_callbacks, delegate, member))
    client.logout()
    with django_assert_max_num_queries(12):
        client.get(link, **GERMAN_BROWSER)


def test_the_traveller_s_address_is_in_their_holdings_found_by_hq_and_erased(roster):
    from accounts.enums import Role
    from projects.holdings import delegate_erase, delegates_matching, delegates_of_user
    from tests.factories import UserFactory

    _project, _member, _activity, delegate = roster
    [found] = delegates_matching("ANNA.MUELLER@ipt")
    assert found.pk == delegate.pk
    assert ("e-mail", "anna.mueller@ipt.example.de") in [
        (str(label), value) for label, value in found.fields]
    assert found.correctable["email"] == "anna.mueller@ipt.example.de"
    account = UserFactory(email="anna.mueller@ipt.example.de", first_name="A", last_name="B",
                          role=Role.HQ_STAFF)
    assert [entry.pk for entry in delegates_of_user(account)] == [delegate.pk]
    delegate_erase(delegate)
    delegate.refresh_from_db()
    assert delegate.email == "" and delegates_matching("anna.mueller") == []
