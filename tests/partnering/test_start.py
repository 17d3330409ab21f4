"""An application starts from an introduction: a draft in the open call with the partner
region, the consortium's sector and the organisation's prefecture filled in, the
introduction recorded as the prior contact, and the criterion 3 section offering to ask
the region's contact (filled in) to confirm the interest."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus, ContactForm
from applications.models import Application, ProposedPartnerRegion
from partnering.enums import IntroductionOutcome
from tests.applications.builders import applicant_of
from tests.factories import CallFactory

from .builders import interest, introduction

pytestmark = pytest.mark.django_db


@pytest.fixture
def introduced():
    applicant = applicant_of()
    return introduction(interest(), applicant=applicant), applicant


def test_the_draft_starts_with_the_partner_region_and_the_prior_contact(client, introduced):
    made, applicant = introduced
    call = CallFactory()
    client.force_login(applicant)
    url = reverse("partnering:introduction-start", args=[made.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"call": call.pk, "title": "自動車部品の共同開発"})
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:partner-request",
                                           args=[application.pk])
    assert (application.status, application.call, application.organisation,
            application.title_ja) == (ApplicationStatus.DRAFT, call, applicant.organisation,
                                      "自動車部品の共同開発")
    assert application.partner_region.name_en == "Baden-Württemberg"
    assert application.sector.code == "automotive"
    assert list(application.prefectures.all()) == [applicant.organisation.prefecture]
    [contact] = application.prior_contacts.all()
    assert (contact.form, contact.date, contact.people) == (
        ContactForm.INTRODUCTION, timezone.localdate(made.created_at),
        "Anna Becker (Baden-Württemberg International)")
    assert made.message in contact.description
    made.refresh_from_db()
    assert (made.application, made.outcome) == (application,
                                                IntroductionOutcome.APPLICATION_STARTED)
    # The criterion 3 section offers to ask the region's contact, filled in.
    page = client.get(response["Location"]).content.decode()
    assert 'value="anna.becker@bw-i.example.de"' in page
    assert 'value="Baden-Württemberg International"' in page
    # A second start goes to the draft already made.
    again = client.get(url)
    assert again["Location"] == reverse("applications:partner-request", args=[application.pk])


def test_a_region_not_in_the_reference_data_is_proposed_for_hq_to_confirm(client):
    applicant = applicant_of()
    made = introduction(interest(region="Région Grand Est", country="FR",
                                 email="g@grandest.example"), applicant=applicant)
    call = CallFactory()
    client.force_login(applicant)
    client.post(reverse("partnering:introduction-start", args=[made.pk]),
                {"call": call.pk, "title": "連携"})
    application = Application.objects.get()
    assert application.partner_region is None
    proposal = ProposedPartnerRegion.objects.get(application=application)
    assert (proposal.name, proposal.country.iso2) == ("Région Grand Est", "FR")


def test_without_an_open_call_nothing_starts(client, introduced):
    made, applicant = introduced
    closed = CallFactory(opens_at=timezone.now() - dt.timedelta(days=60),
                         closes_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(applicant)
    url = reverse("partnering:introduction-start", args=[made.pk])
    page = client.get(url)
    assert 'data-testid="no-open-call"' in page.content.decode()
    refused = client.post(url, {"call": closed.pk, "title": "連携"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["call"]
    assert Application.objects.count() == 0


def test_only_the_organisation_introduced_starts_from_it(client, introduced):
    made, _applicant = introduced
    client.force_login(applicant_of())
    assert client.get(reverse("partnering:introduction-start",
                              args=[made.pk])).status_code == 404
