"""Matchmaking: signed-in applicant organisations browse the published interests (filters,
pages), express their interest with a message; the covering office and both sides receive
an introduction e-mail, each in their language; HQ and the office see every introduction
and record its outcome."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnering.enums import InterestStatus, IntroductionOutcome, Seeking
from partnering.models import Introduction
from partnering.services import introduction_create
from regions.models import Country, Sector
from tests.applications.builders import applicant_of
from tests.factories import OrganisationFactory

from .builders import hq_staff, interest, introduction, overseas_staff

pytestmark = pytest.mark.django_db


def test_applicants_see_only_published_interests(client):
    published = interest(InterestStatus.PUBLISHED, organisation_name="Published Agency")
    for status in (InterestStatus.UNCONFIRMED, InterestStatus.AWAITING_REVIEW,
                   InterestStatus.REJECTED):
        interest(status, organisation_name=f"Hidden {status}", email=f"{status}@x.example")
    client.force_login(applicant_of())
    response = client.get(reverse("partnering:directory"))
    assert [i.organisation_name for i in response.context["page"]] == ["Published Agency"]
    assert "Hidden" not in response.content.decode()
    assert client.get(reverse("partnering:directory-detail",
                              args=[published.pk])).status_code == 200
    hidden = published.__class__.objects.get(organisation_name="Hidden awaiting_review")
    assert client.get(reverse("partnering:directory-detail",
                              args=[hidden.pk])).status_code == 404


def test_only_applicants_browse_the_directory(client):
    published = interest()
    for user in (hq_staff(), overseas_staff("DUS")):
        client.force_login(user)
        assert client.get(reverse("partnering:directory")).status_code == 404
        assert client.get(reverse("partnering:directory-detail",
                                  args=[published.pk])).status_code == 404


def test_the_directory_filters_by_sector_country_and_what_is_sought(client):
    interest(organisation_name="BW", sectors=("automotive",),
             seeking=[Seeking.JOINT_DEVELOPMENT])
    interest(organisation_name="Lyon", region="Auvergne-Rhône-Alpes", country="FR",
             sectors=("pharma-bio",), seeking=[Seeking.EXPORT], email="l@lyon.example")
    client.force_login(applicant_of())
    url = reverse("partnering:directory")

    def names(**query):
        return [i.organisation_name for i in client.get(url, query).context["page"]]

    assert sorted(names()) == ["BW", "Lyon"]
    assert names(sector=Sector.objects.get(code="automotive").pk) == ["BW"]
    # A focus area finds its sub-sectors.
    assert names(sector=Sector.objects.get(code="life-science").pk) == ["Lyon"]
    assert names(country=Country.objects.get(iso2="FR").pk) == ["Lyon"]
    assert names(seeking=Seeking.JOINT_DEVELOPMENT) == ["BW"]
    assert client.get(url, {"seeking": "nonsense"}).status_code == 200
    assert client.get(url, {"sector": "9" * 30}).status_code == 200


@pytest.mark.parametrize("rows", [1, 5])
def test_the_directory_reads_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    for number in range(rows):
        interest(email=f"c{number}@example.de", sectors=("automotive", "software"))
    client.force_login(applicant_of())
    client.get(reverse("partnering:directory"))
    with django_assert_num_queries(11):
        response = client.get(reverse("partnering:directory"))
    assert len(response.context["page"]) == rows


def test_the_directory_is_cut_into_pages_of_fifty(client):
    for number in range(51):
        interest(email=f"c{number}@example.de")
    client.force_login(applicant_of())
    first = client.get(reverse("partnering:directory"))
    assert len(first.context["page"]) == 50
    assert len(client.get(reverse("partnering:directory"), {"page": 2}).context["page"]) == 1


def test_expressing_interest_introduces_each_side_in_its_own_language(
        client, django_capture_on_commit_callbacks):
    published = interest(language="en")
    dus = overseas_staff("DUS", language="en")
    overseas_staff("PAR")
    organisation = OrganisationFactory(preferred_language="ja")
    applicant = applicant_of(organisation)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnering:directory-detail", args=[published.pk]), {
            "sector": Sector.objects.get(code="automotive").pk,
            "message": "We are five automotive suppliers of Ibaraki."})
    assert response.status_code == 302
    made = Introduction.objects.get()
    assert (made.organisation, made.outcome) == (organisation, IntroductionOutcome.INTRODUCED)
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert len(mail.outbox) == 3
    japanese = by_recipient[tuple(sorted([organisation.contact_email, applicant.email]))]
    assert japanese.subject == "紹介：バーデン＝ヴュルテンベルク州"
    assert "anna.becker@bw-i.example.de" in japanese.body
    foreign = by_recipient[(published.contact_email,)]
    assert foreign.subject == ("A Japanese organisation would like to meet your region: "
                               f"{organisation.name_en}")
    assert "We are five automotive suppliers of Ibaraki." in foreign.body
    assert organisation.contact_email in foreign.body
    office = by_recipient[(dus.email,)]
    assert office.subject == f"Introduction: {organisation.name_en} and Baden-Württemberg"
    # Once per organisation.
    page = client.get(reverse("partnering:directory-detail", args=[published.pk]))
    assert 'data-testid="introduced"' in page.content.decode()
    with pytest.raises(ValidationError):
        introduction_create(interest=published, by=applicant,
                            sector=Sector.objects.get(code="automotive"), message="again")


def test_an_interest_taken_off_the_directory_takes_no_introduction(client):
    rejected = interest(InterestStatus.REJECTED)
    with pytest.raises(ValidationError):
        introduction_create(interest=rejected, by=applicant_of(),
                            sector=Sector.objects.get(code="automotive"), message="Hello")


def test_hq_and_the_covering_office_see_every_introduction_and_record_its_outcome(client):
    german = introduction(interest())
    french = introduction(interest(region="Auvergne-Rhône-Alpes", country="FR",
                                   email="l@lyon.example"))
    client.force_login(hq_staff())
    assert set(client.get(reverse("partnering:introductions")).context["page"]) == {
        german, french}
    dus = overseas_staff("DUS")
    client.force_login(dus)
    assert list(client.get(reverse("partnering:introductions")).context["page"]) == [german]
    assert client.get(reverse("partnering:introduction",
                              args=[french.pk])).status_code == 404
    response = client.post(reverse("partnering:introduction", args=[german.pk]),
                           {"outcome": IntroductionOutcome.MEETING_HELD,
                            "note": "Met in Stuttgart on 12 May."})
    assert response.status_code == 302
    german.refresh_from_db()
    assert (german.outcome, german.outcome_note, german.outcome_recorded_by) == (
        IntroductionOutcome.MEETING_HELD, "Met in Stuttgart on 12 May.", dus)
    listed = client.get(reverse("partnering:introductions"),
                        {"outcome": IntroductionOutcome.MEETING_HELD})
    assert list(listed.context["page"]) == [german]


@pytest.mark.parametrize("rows", [1, 4])
def test_the_introductions_list_reads_a_fixed_number_of_queries(
        client, django_assert_num_queries, rows):
    for number in range(rows):
        introduction(interest(email=f"c{number}@example.de"))
    client.force_login(hq_staff())
    client.get(reverse("partnering:introductions"))
    with django_assert_num_queries(6):
        response = client.get(reverse("partnering:introductions"))
    assert len(response.context["page"]) == rows
