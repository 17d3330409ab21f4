"""APPI Art. 29: the record of provisions to third parties, on a page of the programme
office (HQ staff only; a 404 for anyone else): newest first, paginated with a fixed number
of queries, filtered by call, project, recipient and days, searched by a traveller's name
(case, width and order ignored); reading it is itself logged (it shows passport names)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.enums import Role
from privacy.enums import AccessKind, ProvisionKind, RecipientKind
from privacy.models import PersonalDataAccess, Provision
from privacy.services import provision_record
from rit_portal.pagination import PAGE_SIZE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def _provision(by, *, reference: str, at: dt.datetime, people: list[str],
               kind=RecipientKind.TRAVEL_AGENT, what=ProvisionKind.TRAVEL_REQUEST,
               country: str = "") -> Provision:
    provision = provision_record(
        by=by, what=what, subject=f"{reference} · Y1", items="passport name, flights",
        people=people, recipient_kind=kind, recipient_name="JTB Corporate Sales",
        recipient_country=country)
    Provision.objects.filter(pk=provision.pk).update(at=at)
    return provision


@pytest.fixture
def record():
    hq = UserFactory(role=Role.HQ_STAFF, first_name="Hiroshi", last_name="Kato")
    made = [
        _provision(hq, reference="RIT-FY2026-0003", at=dt.datetime(2026, 7, 1, 10, tzinfo=JST),
                   people=["MÜLLER, Anna Lena", "TANABE, Yuki"]),
        _provision(hq, reference="RIT-FY2027-0001", at=dt.datetime(2027, 8, 1, 0, 30, tzinfo=JST),
                   people=["DUPONT, Jean"], kind=RecipientKind.FOREIGN_PARTNER,
                   country="France"),
        _provision(hq, reference="RIT-FY2027-0012", at=dt.datetime(2027, 8, 31, 23, 50, tzinfo=JST),
                   people=["ONO, Kenji"], kind=RecipientKind.EMBASSY,
                   what=ProvisionKind.INVITATION_LETTER),
    ]
    return {"hq": hq, "provisions": made}


def _shown(client, **params) -> list[int]:
    page = client.get(reverse("privacy:provisions"), params)
    assert page.status_code == 200
    return [p.pk for p in page.context["page"].object_list]


@pytest.mark.parametrize("role", ["applicant", "hq_reviewer", "overseas_reviewer"])
def test_the_record_of_provisions_is_hq_s_only(client, request, record, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("privacy:provisions")).status_code == 404
    client.logout()
    anonymous = client.get(reverse("privacy:provisions"))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


@pytest.mark.parametrize(("language", "when", "absent"), [
    ("en", "2027-08-31 23:50", None),
    ("ja", "2027年8月31日 23:50", "2027-08-31"),
])
def test_each_provision_shows_what_of_whom_to_whom_when_and_by_whom(client, record,
                                                                     language, when, absent):
    client.force_login(record["hq"])
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy:provisions"))
    html = response.content.decode()
    assert [p.pk for p in response.context["page"].object_list] == [
        p.pk for p in reversed(record["provisions"])]  # newest first
    newest = html.split('data-testid="provision"')[1].split("</tr>")[0]
    for shown in (when, "RIT-FY2027-0012 · Y1", "passport name, flights", "ONO, Kenji",
                  "JTB Corporate Sales", "Hiroshi Kato"):
        assert shown in newest, shown
    assert 'class="table table-sm align-middle table-stack"' in html  # stacks on a phone
    assert 'data-label="' in newest
    if absent:
        assert absent not in html
        assert "第三者提供の記録" in html


def test_the_page_is_reached_from_the_personal_data_requests(client, record):
    client.force_login(record["hq"])
    client.cookies["django_language"] = "en"
    requests = client.get(reverse("privacy:requests")).content.decode()
    assert f'href="{reverse("privacy:provisions")}" data-testid="provisions-link"' in requests
    assert f'href="{reverse("privacy:provisions")}"' in client.get(reverse("home")).content.decode()


def test_filters_by_call_project_recipient_and_days(client, record):
    client.force_login(record["hq"])
    client.cookies["django_language"] = "en"
    first, second, third = (p.pk for p in record["provisions"])
    page = client.get(reverse("privacy:provisions"))
    assert [value for value, _label in page.context["form"].fields["call"].choices] == [
        "", 2027, 2026]
    assert _shown(client, call="2027") == [third, second]
    assert _shown(client, call="2026") == [first]
    assert _shown(client, project="rit-fy2027-0001") == [second]
    assert _shown(client, project="ＲＩＴ－ＦＹ2027－0012") == [third]
    assert _shown(client, recipient_kind=RecipientKind.EMBASSY) == [third]
    # Days in Japan time, both ends included: 1 August 00:30 JST is 31 July in UTC.
    assert _shown(client, since="2027-08-01", until="2027-08-01") == [second]
    assert _shown(client, since="2027-08-01") == [third, second]
    assert _shown(client, until="2027-07-31") == [first]
    assert _shown(client, call="2027", recipient_kind=RecipientKind.FOREIGN_PARTNER) == [second]


def test_a_traveller_is_found_by_name_in_any_order_case_and_width(client, record):
    client.force_login(record["hq"])
    first, _second, third = (p.pk for p in record["provisions"])
    for term in ("tanabe", "Yuki Tanabe", "ＴＡＮＡＢＥ, yuki", "müller anna"):
        assert _shown(client, name=term) == [first], term
    assert _shown(client, name="kenji ono") == [third]
    assert _shown(client, name="Kenji Tanabe") == []


def test_bad_filters_get_a_message_at_their_field(client, record):
    client.force_login(record["hq"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy:provisions"), {
        "project": "FY2027-12", "since": "2027-09-01", "until": "2027-08-01", "name": "a",
        "call": "1999", "recipient_kind": "pigeon"})
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert set(errors) == {"project", "until", "name", "call", "recipient_kind"}
    assert "RIT-FY2027-0042" in errors["project"][0]
    html = page.content.decode()
    assert 'value="FY2027-12"' in html  # nothing typed is lost
    assert len(page.context["page"].object_list) == 3  # the record, unfiltered
    page = client.get(reverse("privacy:provisions"), {"since": "yesterday"})
    assert page.status_code == 200 and "since" in page.context["form"].errors


def test_the_record_is_paginated_with_a_fixed_number_of_queries(
        client, record, django_assert_max_num_queries):
    client.force_login(record["hq"])
    url = reverse("privacy:provisions")
    with django_assert_max_num_queries(50) as few:
        client.get(url)
    hq = record["hq"]
    staff = [UserFactory(role=Role.HQ_STAFF) for _ in range(5)]
    for n in range(PAGE_SIZE + 5):
        _provision(staff[n % 5], reference=f"RIT-FY2027-{n + 100:04d}",
                   at=dt.datetime(2027, 9, 1, tzinfo=JST) + dt.timedelta(hours=n),
                   people=[f"TRAVELLER, Number {n}"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["page"].object_list) == PAGE_SIZE
    assert page.context["page"].paginator.count == PAGE_SIZE + 8
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 8
    assert hq  # the first provisions' author is still named on the last page
    assert "Hiroshi Kato" in second.content.decode()


def test_reading_the_record_is_logged(client, record):
    client.force_login(record["hq"])
    client.get(reverse("privacy:provisions"), {"name": "tanabe"})
    [look] = PersonalDataAccess.objects.all()
    assert (look.by, look.what) == (record["hq"], AccessKind.PROVISIONS)
    assert look.subject == "Provisions to third parties · p. 1"
    assert look.path == reverse("privacy:provisions") + "?name=tanabe"
    # The person's own download lists the looks they made.
    from privacy.holdings import holdings_of_user

    [looks] = [h for h in holdings_of_user(record["hq"]) if h.category.code == "access_log"]
    assert len(looks.entries) == 1
