"""APPI Art. 27-30: a delegate's data leaves the portal only with their consent, given after
being told the Art. 28 information (the country, its system, the recipients' measures), and
each provision (travel request, invitation letter) is recorded: what, of whom, to whom,
when, by whom. Without the consent the travel request and the letter are refused, with a
clear message."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacy.enums import ProvisionKind, RecipientKind
from privacy.models import Collection, Provision
from projects.services import delegate_consent_record
from regions.models import Country, PartnerRegion
from tests.projects.builders import expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

AGENT = {"recipient_kind": "travel_agent", "recipient_name": "JTB Corporate Sales"}


@pytest.fixture
def roster():
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member)
    return project, member, activity, delegate


def test_the_consent_page_tells_the_country_its_system_and_the_measures(client, roster):
    project, member, activity, delegate = roster
    client.force_login(member)
    url = reverse("projects:delegate-consent", args=[project.pk, activity.pk, delegate.pk])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Country: Germany" in page and "提供先の国：ドイツ" in page
    assert "General Data Protection Regulation (GDPR)" in page
    assert "use the data only to receive the delegation" in page
    assert 'data-testid="privacy-notice-link"' in page
    refused = client.post(url, {})
    assert refused.context["form"].errors == {
        "consented": ["Tick the box once the traveller has consented."]}
    done = client.post(url, {"consented": "on"})
    assert done.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.consent_country.iso2, delegate.consent_by) == ("DE", member)
    assert delegate.consent_at is not None
    assert "GDPR" in delegate.consent_information and "EU一般データ保護規則" in \
        delegate.consent_information
    assert Collection.objects.filter(
        content_type=ContentType.objects.get_for_model(delegate), object_id=delegate.pk,
        by=member).count() == 2  # the roster entry, then the consent
    roster_page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert 'data-state="recorded"' in roster_page.content.decode()


def test_no_consent_for_a_country_whose_system_is_not_assessed(roster):
    project, member, _activity, delegate = roster
    region = PartnerRegion.objects.create(name_en="São Paulo", name_ja="サンパウロ州",
                                          country=Country.objects.get(iso2="BR"))
    project.partner_region = region
    project.save(update_fields=["partner_region"])
    delegate.activity.project_year.project = project
    with pytest.raises(ValidationError) as refused:
        delegate_consent_record(delegate=delegate, by=member, consented=True)
    assert "has not yet assessed Brazil's system" in refused.value.messages[0]
    delegate.refresh_from_db()
    assert delegate.consent_at is None


def test_the_travel_request_asks_who_receives_it_and_refuses_without_consent(client, roster):
    project, member, _activity, _delegate = roster
    client.force_login(member)
    client.cookies["django_language"] = "en"
    url = reverse("projects:travel-request", args=[project.pk, 1, "csv"])
    ask = client.get(url)
    assert ask.status_code == 200 and ask.context["form"].is_bound is False
    refused = client.get(url, AGENT)
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "These travellers have not consented to their data being provided: MÜLLER, Anna "
        "Lena. Record their consent on the roster first."]
    assert 'value="JTB Corporate Sales"' in refused.content.decode()  # what was typed stays
    assert Provision.objects.count() == 0


def test_each_travel_request_is_recorded(client, roster):
    project, member, activity, delegate = roster
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    client.force_login(member)
    url = reverse("projects:travel-request", args=[project.pk, 1, "csv"])
    response = client.get(url, {**AGENT, "recipient_kind": "foreign_partner",
                                "recipient_name": "BW International", "abroad": "on"})
    assert response["Content-Type"].startswith("text/csv")
    provision = Provision.objects.get()
    assert (provision.by, provision.what, provision.subject, provision.people,
            provision.recipient_kind, provision.recipient_name,
            provision.recipient_country) == (
        member, ProvisionKind.TRAVEL_REQUEST, f"{project.application.reference} · Y1",
        ["MÜLLER, Anna Lena"], RecipientKind.FOREIGN_PARTNER, "BW International", "Germany")
    assert "flights" in provision.items
    client.get(url, AGENT)
    assert Provision.objects.count() == 2
    with pytest.raises(ValueError):
        provision.delete()


def test_the_invitation_letter_is_refused_without_consent_and_recorded_with_it(client, roster):
    project, member, activity, delegate = roster
    client.force_login(member)
    client.cookies["django_language"] = "en"
    url = reverse("projects:invitation-letter", args=[project.pk, activity.pk, delegate.pk])
    refused = client.get(url, follow=True)
    assert refused.redirect_chain == [(reverse("projects:activity",
                                               args=[project.pk, activity.pk]), 302)]
    assert ("These travellers have not consented to their data being provided: MÜLLER, Anna "
            "Lena.") in refused.content.decode()
    assert Provision.objects.count() == 0
    delegate_consent_record(delegate=delegate, by=member, consented=True)
    letter = client.get(url)
    assert letter["Content-Type"] == "application/pdf"
    provision = Provision.objects.get()
    assert (provision.what, provision.people, provision.recipient_kind, provision.by) == (
        ProvisionKind.INVITATION_LETTER, ["MÜLLER, Anna Lena"], RecipientKind.EMBASSY, member)


def test_the_consent_page_in_japanese(client, roster):
    project, member, activity, delegate = roster
    client.force_login(member)
    client.cookies["django_language"] = "ja"
    page = client.get(reverse("projects:delegate-consent",
                              args=[project.pk, activity.pk, delegate.pk])).content.decode()
    assert "渡航者の個人情報の提供についての同意" in page
