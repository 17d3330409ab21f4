"""Activities in Japan name the JETRO office in Japan that co-organises them (by default
the office covering the organisation's prefecture; never an overseas office, never for an
activity abroad); the office's staff see their upcoming activities, co-organised or of
their prefectures, with the travellers' dates and none of their personal data; another
office's activity is a 404."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ApplicantOrganisation
from projects.enums import ActivityStatus
from projects.models import ProjectActivity
from projects.selectors import office_upcoming_activities
from regions.models import JetroOffice, Prefecture
from sponsorship.enums import Activity
from tests.accounts.test_office_staff import office_staff

from .builders import expert, held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))
# FY2027 (the project's year 2) is ahead: its activities are upcoming on 1 June 2027.
ON_1_JUNE_2027 = dt.datetime(2027, 6, 1, 10, tzinfo=JST)


def office(code: str) -> JetroOffice:
    return JetroOffice.objects.get(code=code)


def planned(project, member, **values) -> ProjectActivity:
    return held_activity(project, member, number=2, **{"status": ActivityStatus.PLANNED,
                                                       **values})


def test_an_activity_in_japan_is_co_organised_by_the_covering_office_by_default(
        project, member):
    in_japan = planned(project, member)  # organisation in Ibaraki
    abroad = planned(project, member, activity_type=Activity.NETWORKING_ABROAD,
                     co_organising_office=office("JP-IBARAKI"))
    chosen = planned(project, member, activity_type=Activity.SEMINAR_JAPAN,
                     co_organising_office=office("JP-NAGOYA"))
    none = planned(project, member, co_organising_office=None)
    assert [a.co_organising_office for a in (in_japan, abroad, chosen, none)] == [
        office("JP-IBARAKI"), None, office("JP-NAGOYA"), None]


def test_an_overseas_office_is_refused_at_the_field(project, member):
    with pytest.raises(ValidationError) as refused:
        planned(project, member, co_organising_office=office("DUS"))
    assert refused.value.message_dict == {"co_organising_office": [
        "Choose a JETRO office in Japan: an overseas office co-organises no activity in "
        "Japan."]}
    activity = ProjectActivity(project_year=project.years.get(number=2),
                               activity_type=Activity.NETWORKING_ABROAD,
                               co_organising_office=office("JP-IBARAKI"))
    with pytest.raises(ValidationError) as refused:
        activity.clean()
    assert refused.value.message_dict == {"co_organising_office": [
        "Only an activity in Japan is co-organised by a JETRO office in Japan; leave this "
        "empty for an activity abroad."]}


def test_the_activity_form_offers_the_covering_office_and_saves_the_one_chosen(
        client, project, member):
    client.force_login(member)
    url = reverse("projects:report-activities", args=[project.pk, 2])
    form = client.get(url).context["form"]
    assert form.initial["co_organising_office"] == office("JP-IBARAKI")
    choices = list(form.fields["co_organising_office"].queryset.values_list("code", flat=True))
    assert choices[0] == "JP-HOKKAIDO"  # north to south
    assert "DUS" not in choices and "JP-NAGOYA" in choices
    response = client.post(url, {
        "activity-activity_type": "seminar_japan", "activity-title_ja": "成果報告会",
        "activity-title_en": "", "activity-starts_on": "2027-07-14",
        "activity-ends_on": "2027-07-14", "activity-city": "Nagoya",
        "activity-venue": "Nagoya Hall", "activity-status": "planned",
        "activity-foreign_experts": "0", "activity-delegates_sent": "0",
        "activity-firms_attending": "0", "activity-participants_total": "0",
        "activity-notes": "", "activity-co_organising_office": office("JP-NAGOYA").pk})
    assert response.status_code == 302
    activity = ProjectActivity.objects.get()
    assert activity.co_organising_office == office("JP-NAGOYA")
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert "Co-organised by JETRO Nagoya" in page.content.decode()


@time_machine.travel(ON_1_JUNE_2027, tick=False)
def test_the_office_sees_its_upcoming_activities_and_their_travellers_dates(
        client, project, member):
    ibaraki, nagoya = office_staff("JP-IBARAKI"), office_staff("JP-NAGOYA")
    osaka = office_staff("OSAKA")
    ours = planned(project, member, title_ja="水戸商談会")
    expert(ours, member)  # Müller, FRA→HND on 12 July, HND→FRA on 17 July
    by_nagoya = planned(project, member, activity_type=Activity.SEMINAR_JAPAN,
                        title_ja="名古屋セミナー", co_organising_office=office("JP-NAGOYA"),
                        starts_on=dt.date(2027, 9, 1), ends_on=dt.date(2027, 9, 1))
    planned(project, member, title_ja="中止", status=ActivityStatus.CANCELLED)
    other_prefecture = published_project()
    ApplicantOrganisation.objects.filter(pk=other_prefecture.organisation_id).update(
        prefecture=Prefecture.objects.get(code="27"))
    other_prefecture.organisation.refresh_from_db()
    # Osaka's: neither of Ibaraki's prefectures nor co-organised by it.
    theirs = planned(other_prefecture, member_of(other_prefecture), title_ja="大阪商談会")
    past = held_activity(project, member, title_ja="昨年の商談会")  # July 2026

    assert [a.title_ja for a in office_upcoming_activities(user=ibaraki)] == [
        "水戸商談会", "名古屋セミナー"]
    assert [a.title_ja for a in office_upcoming_activities(user=nagoya)] == ["名古屋セミナー"]
    assert [a.title_ja for a in office_upcoming_activities(user=osaka)] == ["大阪商談会"]

    client.force_login(ibaraki)
    home = client.get(reverse("home")).content.decode()
    assert reverse("projects:office-activities") in home
    listing = client.get(reverse("projects:office-activities")).content.decode()
    assert listing.count('data-testid="office-activity-row"') == 2
    page = client.get(reverse("projects:office-activity", args=[ours.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert [(t.traveller_type, t.organisation,
             [(leg.travel_date, leg.departure_airport, leg.arrival_airport) for leg in t.legs])
            for t in page.context["travellers"]] == [
        ("Foreign expert invited to Japan", "Fraunhofer IPT",
         [(dt.date(2027, 7, 12), "FRA", "HND"), (dt.date(2027, 7, 17), "HND", "FRA")])]
    assert "MÜLLER" not in html and "Müller" not in html and "Anna Lena" not in html
    assert "Co-organised by JETRO Ibaraki" in html
    # A past activity of the prefectures still opens; another office's is a 404.
    assert client.get(reverse("projects:office-activity", args=[past.pk])).status_code == 200
    assert client.get(reverse("projects:office-activity",
                              args=[theirs.pk])).status_code == 404
    client.force_login(nagoya)
    assert client.get(reverse("projects:office-activity", args=[ours.pk])).status_code == 404
    assert client.get(reverse("projects:office-activity",
                              args=[by_nagoya.pk])).status_code == 200
    client.force_login(member)
    assert client.get(reverse("projects:office-activities")).status_code == 404


@time_machine.travel(ON_1_JUNE_2027, tick=False)
@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_reads_a_fixed_number_of_queries(client, project, member, rows,
                                                  django_assert_num_queries):
    for n in range(rows):
        expert(planned(project, member, title_ja=f"商談会{n}"), member)
    client.force_login(office_staff("JP-IBARAKI"))
    client.get(reverse("projects:office-activities"))  # sessions and caches warm
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("projects:office-activities"))
    assert response.context["page"].paginator.count == rows


QUERIES = 7
