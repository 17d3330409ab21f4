"""The overseas office covering the interest's country (or HQ) reviews, edits, publishes or
refuses each interest; another office may not; the office may register one on a region's
behalf after a visit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.enums import Kind
from notifications.models import Notification
from partnering.enums import InterestStatus
from partnering.models import Interest
from partnering.services import interest_publish, interest_reject
from regions.models import Country, PartnerRegion, Sector

from .builders import hq_staff, interest, overseas_staff
from .test_public import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting():
    return interest(InterestStatus.AWAITING_REVIEW, language="ja")


def test_the_covering_office_publishes_and_the_region_is_told_in_its_language(
        client, awaiting, django_capture_on_commit_callbacks):
    client.force_login(overseas_staff("DUS"))
    page = client.get(reverse("partnering:interest", args=[awaiting.pk]))
    assert page.status_code == 200
    assert 'data-testid="publish"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:interest-publish", args=[awaiting.pk]))
    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == InterestStatus.PUBLISHED
    assert awaiting.published_at is not None
    [message] = mail.outbox
    assert message.to == [awaiting.contact_email]
    assert message.subject == "地域の関心が公開されました"
    assert [c.to_status for c in awaiting.status_changes.all()] == [InterestStatus.PUBLISHED]


def test_another_office_can_neither_see_nor_approve(client, awaiting):
    paris = overseas_staff("PAR")
    client.force_login(paris)
    assert client.get(reverse("partnering:interest", args=[awaiting.pk])).status_code == 404
    assert client.post(reverse("partnering:interest-publish",
                               args=[awaiting.pk])).status_code == 404
    assert "Baden-Württemberg International" not in client.get(
        reverse("partnering:interests")).content.decode()
    with pytest.raises(PermissionDenied):
        interest_publish(interest=awaiting, by=paris)
    awaiting.refresh_from_db()
    assert awaiting.status == InterestStatus.AWAITING_REVIEW


def test_hq_publishes_any_country_s_interest(awaiting):
    interest_publish(interest=awaiting, by=hq_staff())
    awaiting.refresh_from_db()
    assert awaiting.status == InterestStatus.PUBLISHED


def test_an_unconfirmed_interest_cannot_be_published(client):
    unconfirmed = interest(InterestStatus.UNCONFIRMED)
    with pytest.raises(PermissionDenied):
        interest_publish(interest=unconfirmed, by=hq_staff())


def test_refusing_needs_a_reason_which_is_e_mailed(client, awaiting,
                                                   django_capture_on_commit_callbacks):
    client.force_login(overseas_staff("DUS"))
    url = reverse("partnering:interest", args=[awaiting.pk])
    empty = client.post(url, {"action": "reject", "reason": ""})
    assert empty.context["reject_form"].errors["reason"] == ["Give the reason: the region "
                                                             "reads it."]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reject", "reason": "Bitte beschreiben Sie die Sektoren."})
    awaiting.refresh_from_db()
    assert awaiting.status == InterestStatus.REJECTED
    [message] = mail.outbox
    assert "Bitte beschreiben Sie die Sektoren." in message.body
    with pytest.raises(ValidationError):
        interest_reject(interest=interest(InterestStatus.AWAITING_REVIEW, email="b@x.example"),
                        by=hq_staff(), reason="")


def test_the_office_edits_but_cannot_move_the_interest_to_another_office_s_country(
        client, awaiting):
    client.force_login(overseas_staff("DUS"))
    url = reverse("partnering:interest", args=[awaiting.pk])
    data = form_data(description="Corrected by the office.") | {"action": "edit"}
    data.pop("contact_email")
    assert client.post(url, data).status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.description == "Corrected by the office."
    assert awaiting.contact_email == "anna.becker@bw-i.example.de"
    moved = data | {"country": str(Country.objects.get(iso2="FR").pk), "partner_region": "",
                    "region_name": "Alsace"}
    refused = client.post(url, moved)
    assert refused.status_code == 200
    assert refused.context["edit_form"].errors["country"] == [
        "This country is covered by another JETRO office: only HQ may move the interest there."]
    awaiting.refresh_from_db()
    assert awaiting.country.iso2 == "DE"


def on_behalf_data(**overrides) -> dict:
    data = form_data(contact_email="k.wagner@nrw.example.de",
                     partner_region=str(PartnerRegion.objects.get(
                         name_en="Nordrhein-Westfalen").pk),
                     organisation_name="NRW.Global Business") | {
        "contact_language": "en", "visit_note": "Met at Hannover Messe, 2027-04-03."}
    return data | overrides


def test_the_office_registers_on_the_region_s_behalf_without_address_confirmation(
        client, django_capture_on_commit_callbacks):
    dus = overseas_staff("DUS")
    client.force_login(dus)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:interest-new"),
                               on_behalf_data(publish="on"))
    assert response.status_code == 302
    made = Interest.objects.get()
    assert (made.status, made.registered_by, made.email_confirmed_at, made.visit_note) == (
        InterestStatus.PUBLISHED, dus, None, "Met at Hannover Messe, 2027-04-03.")
    assert made.on_behalf
    from tests.privacy.test_notice import collected

    assert collected(made) == [(1, dus)]
    # No confirmation link: only the publication e-mail.
    assert list(Notification.objects.values_list("kind", flat=True)) == [
        Kind.INTEREST_PUBLISHED]
    page = client.get(reverse("partnering:interest", args=[made.pk])).content.decode()
    assert "after a visit (no address confirmation)" in page


def test_the_visit_is_required_and_another_office_s_country_refused(client):
    client.force_login(overseas_staff("PAR"))
    url = reverse("partnering:interest-new")
    missing = client.post(url, on_behalf_data(visit_note=""))
    assert missing.context["form"].errors["visit_note"] == [
        "Say when and where you met the region."]
    other = client.post(url, on_behalf_data())
    assert other.status_code == 200
    assert other.context["form"].non_field_errors() == [
        "This country is covered by another JETRO office: ask it or HQ to register the "
        "interest."]
    assert Interest.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 4])
def test_the_staff_list_reads_a_fixed_number_of_queries(client, django_assert_num_queries,
                                                         rows):
    for number in range(rows):
        interest(InterestStatus.AWAITING_REVIEW, email=f"c{number}@example.de",
                 sectors=("automotive", "software"))
    client.force_login(overseas_staff("DUS"))
    client.get(reverse("partnering:interests"))  # warm the session and caches
    with django_assert_num_queries(8):
        response = client.get(reverse("partnering:interests"))
    assert len(response.context["page"]) == rows
    assert Sector.objects.get(code="software").name_en in response.content.decode()
