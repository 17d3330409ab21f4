"""Criterion 3: the partner's online confirmation through a signed, expiring link."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.enums import ConfirmationStatus
from applications.models import PartnerConfirmation, PriorContact
from applications.services import partner_confirmation_path
from applications.services.partner import partner_confirmation_from_token
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(client, django_capture_on_commit_callbacks):
    """A confirmation requested through the page (its e-mail sent after commit)."""
    application = ApplicationFactory()
    user = applicant_of(application.organisation)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:partner-request", args=[application.pk]), {
            "request-contact_name": "Dr. Anna Müller",
            "request-contact_email": "a.mueller@bw-i.example.de",
            "request-contact_organisation": "Baden-Württemberg International"})
    assert response.status_code == 302
    client.logout()
    return PartnerConfirmation.objects.get(application=application)


def test_the_request_e_mails_the_contact_a_signed_link_in_english(client, requested):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a.mueller@bw-i.example.de"]
    assert message.subject == ("Please confirm your interest in a Regional Industry Tie-up "
                               f"project with {requested.application.organisation.name_en}")
    # The signed link carries the second it was made, so the test does not sign its own
    # copy (a second may pass): the e-mail's link is followed and opens this confirmation.
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)
    assert partner_confirmation_from_token(link.rstrip("/").rsplit("/", 1)[1]) == requested
    assert client.get(link).status_code == 200
    assert "valid for 30 days" in message.body


def test_the_contact_confirms_without_an_account_and_the_applicant_is_told(
        client, requested, django_capture_on_commit_callbacks):
    url = partner_confirmation_path(confirmation=requested)
    page = client.get(url)
    assert page.status_code == 200
    assert page["Content-Language"] == "en"  # the language the request was sent in
    assert "Confirmation of interest in a Regional Industry Tie-up project" in \
        page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "confirm", "message": "We look forward to it."})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.status, requested.message) == (ConfirmationStatus.CONFIRMED,
                                                      "We look forward to it.")
    assert requested.responded_at is not None
    organisation = requested.application.organisation
    assert [m.to for m in mail.outbox] == [sorted([organisation.contact_email,
                                                   organisation.members.get().email])]
    # Answered once: the page shows the answer, a second post changes nothing.
    client.post(url, {"answer": "decline", "message": "changed"})
    requested.refresh_from_db()
    assert requested.status == ConfirmationStatus.CONFIRMED
    assert "Interest confirmed" in client.get(url).content.decode()


def test_the_application_shows_who_confirmed_and_when(client, requested):
    requested.status = ConfirmationStatus.CONFIRMED
    requested.responded_at = dt.datetime(2027, 2, 3, 1, 30, tzinfo=dt.UTC)
    requested.save()
    client.force_login(applicant_of(requested.application.organisation))
    html = client.get(reverse("applications:detail", args=[requested.application.pk])) \
        .content.decode()
    assert ("Confirmed online by Dr. Anna Müller (Baden-Württemberg International) on "
            "3 February 2027, 10:30 (JST)") in html


def test_the_contact_may_decline_with_a_message(client, requested):
    client.post(partner_confirmation_path(confirmation=requested),
                {"answer": "decline", "message": "Not this year."})
    requested.refresh_from_db()
    assert (requested.status, requested.message) == (ConfirmationStatus.DECLINED,
                                                      "Not this year.")


def test_an_expired_link_is_refused_with_a_clear_page(client, requested):
    url = partner_confirmation_path(confirmation=requested)
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, seconds=5)):
        response = client.get(url)
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        client.post(url, {"answer": "confirm"})
    requested.refresh_from_db()
    assert requested.status == ConfirmationStatus.PENDING


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: token.split(":")[0],
])
def test_a_tampered_link_is_refused(client, requested, tamper):
    token = partner_confirmation_path(confirmation=requested).rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("applications:partner-confirm", args=[tamper(token)]),
                           {"answer": "confirm"})
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == ConfirmationStatus.PENDING


def test_a_link_for_a_changed_contact_address_is_refused(client, requested):
    url = partner_confirmation_path(confirmation=requested)
    requested.contact_email = "someone.else@example.de"
    requested.save()
    assert client.get(url).status_code == 404


def test_prior_contacts_are_recorded_and_cannot_be_in_the_future(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    url = reverse("applications:partner-contacts", args=[application.pk])
    data = {"contact-date": "2025-10-14", "contact-form": "event",
            "contact-people": "山田会長、Dr. Müller", "contact-description": "展示会で面談"}
    assert client.post(url, data).status_code == 302
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "contact-date": future})
    assert response.context["form"].errors == {
        "date": ["A prior contact cannot be in the future."]}
    assert list(PriorContact.objects.values_list("date", "people")) == [
        (dt.date(2025, 10, 14), "山田会長、Dr. Müller")]
