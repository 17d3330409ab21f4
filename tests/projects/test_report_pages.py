"""The report's pages as the organisation and HQ use them: each form keeps what was typed
and shows a refusal at its field; the checklist; submission; HQ's accept and return."""

import pytest
from django.urls import reverse

from projects.enums import ReportStatus
from projects.models import Outcome, ProjectActivity
from projects.services import report_submit
from regions.models import Country

from .builders import complete_report, held_activity, year_of

pytestmark = pytest.mark.django_db


def _url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.pk, *args])


ACTIVITY = {"activity-activity_type": "matching_japan", "activity-title_ja": "商談会",
            "activity-title_en": "Matching", "activity-starts_on": "2026-07-14",
            "activity-ends_on": "2026-07-16", "activity-city": "Mito",
            "activity-venue": "Mito Plaza", "activity-status": "held",
            "activity-foreign_experts": "２", "activity-delegates_sent": "0",
            "activity-firms_attending": "6", "activity-participants_total": "1,200",
            "activity-notes": ""}


def test_an_activity_is_recorded_with_its_participants(client, project, member):
    client.force_login(member)
    response = client.post(_url("report-activities", project, 1), ACTIVITY)
    assert response.status_code == 302
    activity = ProjectActivity.objects.get()
    assert (activity.title_ja, activity.foreign_experts, activity.participants_total) == (
        "商談会", 2, 1200)


def test_an_activity_outside_its_year_is_refused_at_the_date_and_kept(client, project, member):
    client.force_login(member)
    response = client.post(_url("report-activities", project, 1),
                           {**ACTIVITY, "activity-starts_on": "2027-04-02",
                            "activity-ends_on": "2027-04-03", "activity-status": "planned"})
    form = response.context["form"]
    assert form.errors == {
        "starts_on": ["Project year 1 runs from 2026-04-01 to 2027-03-31; choose a day within "
                      "it."],
        "ends_on": ["Project year 1 runs from 2026-04-01 to 2027-03-31; choose a day within "
                    "it."]}
    assert 'value="Mito Plaza"' in response.content.decode()
    assert ProjectActivity.objects.count() == 0


def test_a_sales_contract_needs_its_value(client, project, member):
    client.force_login(member)
    url = _url("report-outcomes", project, 1)
    response = client.post(url, {"outcome-kind": "sales_contracts", "outcome-count": "2",
                                 "outcome-value_yen": "", "outcome-description": "供給契約"})
    assert response.context["form"].errors == {
        "value_yen": ["Give the total value of the contracts in yen."]}
    client.post(url, {"outcome-kind": "sales_contracts", "outcome-count": "2",
                      "outcome-value_yen": "4,800,000円", "outcome-description": "供給契約"})
    assert list(Outcome.objects.values_list("kind", "count", "value_yen")) == [
        ("sales_contracts", 2, 4_800_000)]


def test_a_traveller_is_added_with_flights_and_a_bad_airport_is_refused_at_its_field(
        client, project, member):
    activity = held_activity(project, member)
    client.force_login(member)
    url = reverse("projects:activity", args=[project.pk, activity.pk])
    person = {"delegate-traveller_type": "foreign_expert", "delegate-family_name": "Becker",
              "delegate-given_names": "Thomas", "delegate-organisation": "Energy Agency NRW",
              "delegate-nationality": Country.objects.get(iso2="DE").pk,
              "delegate-role": "Cluster manager", "delegate-needs_visa": "on",
              "delegate-leg1_travel_date": "2026-07-12", "delegate-leg1_departure_airport": "dus",
              "delegate-leg1_arrival_airport": "HND"}
    refused = client.post(url, {**person, "delegate-leg2_travel_date": "2026-07-18"})
    assert refused.context["form"].errors == {
        "leg2_departure_airport": ["Give the date and both airports of the flight, or none of "
                                   "them."],
        "leg2_arrival_airport": ["Give the date and both airports of the flight, or none of "
                                 "them."]}
    assert client.post(url, person).status_code == 302
    delegate = activity.delegates.get()
    assert (delegate.passport_name, delegate.needs_visa,
            [str(leg) for leg in delegate.legs.all()]) == (
        "BECKER, Thomas", True, ["2026-07-12 DUS→HND"])


def test_the_submit_page_lists_what_is_missing_and_submits_when_complete(client, project,
                                                                        member):
    client.force_login(member)
    url = _url("report-submit", project, 1)
    refused = client.post(url)
    assert refused.context["problems"][0] == ("Record the activities of the year (held or "
                                              "cancelled).")
    complete_report(project, member)
    assert client.post(url).status_code == 302
    assert year_of(project).report.status == ReportStatus.SUBMITTED
    # Now read-only: no form on the sections, HQ's review block absent for the organisation.
    page = client.get(_url("report-outcomes", project, 1)).content.decode()
    assert "Record an outcome" not in page
    assert 'data-testid="accept"' not in client.get(url).content.decode()


def test_hq_accepts_or_returns_from_the_report_page(client, project, member, hq_staff):
    report = complete_report(project, member)
    report_submit(report=report, by=member)
    client.force_login(hq_staff)
    page = client.get(_url("report-submit", project, 1)).content.decode()
    assert 'data-testid="accept"' in page and 'data-testid="return"' in page
    refused = client.post(_url("report-review", project, 1), {"action": "return", "note": ""})
    assert refused.context["review_form"].errors == {
        "note": ["Say what the organisation should change."]}
    client.post(_url("report-review", project, 1), {"action": "return",
                                                    "note": "Add the venue receipt."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    client.force_login(member)
    timeline = client.get(_url("report-submit", project, 1)).content.decode()
    assert "Add the venue receipt." in timeline
