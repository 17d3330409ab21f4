"""Call management by HQ staff: validation, states at the boundary second, publishing."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus, CallState
from applications.models import Application, Call
from applications.services import call_create, call_publish, call_unpublish, call_update
from regions.models import Sector
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def jst(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def call_values(**overrides) -> dict:
    values = {
        "fiscal_year": 2027, "title_ja": "2027年度 募集", "title_en": "FY2027 call",
        "guidance_ja": "募集要項", "guidance_en": "Guidance",
        "opens_at": jst(2027, 1, 15, 10, 0, 0), "closes_at": jst(2027, 3, 31, 23, 59, 59),
        "budget_envelope": 150_000_000, "min_consortium_size": 5, "max_duration_years": 3,
        "cost_cap": None, "eur_rate": Decimal("160"), "review_deadline": None,
    }
    return {**values, **overrides}


def form_data(**overrides) -> dict:
    data = {
        "fiscal_year": "2027", "title_ja": "2027年度 募集", "title_en": "FY2027 call",
        "guidance_ja": "募集要項", "guidance_en": "Guidance",
        "opens_at": "2027-01-15T10:00:00", "closes_at": "2027-03-31T23:59:59",
        "budget_envelope": "150000000", "min_consortium_size": "5",
        "max_duration_years": "3", "cost_cap": "", "eur_rate": "160", "review_deadline": "",
        "focus_sectors": [str(s.pk) for s in Sector.objects.filter(is_focus=True,
                                                                   parent__isnull=True)],
    }
    return {**data, **overrides}


# --- states ------------------------------------------------------------------------------

@pytest.mark.parametrize(("moment", "expected"), [
    (jst(2027, 1, 15, 9, 59, 59), CallState.SCHEDULED),
    (jst(2027, 1, 15, 10, 0, 0), CallState.OPEN),
    (jst(2027, 3, 31, 23, 59, 59), CallState.OPEN),
    (jst(2027, 3, 31, 23, 59, 59, 900_000), CallState.OPEN),
    (jst(2027, 4, 1, 0, 0, 0), CallState.CLOSED),
])
def test_state_at_the_boundary_seconds(moment, expected):
    call = CallFactory(opens_at=jst(2027, 1, 15, 10, 0, 0), closes_at=jst(2027, 3, 31, 23, 59, 59))
    assert call.state_at(moment) == expected


def test_unpublished_call_is_draft_whatever_the_date():
    call = CallFactory(is_published=False)
    assert call.state_at(timezone.now()) == CallState.DRAFT


# --- services ----------------------------------------------------------------------------

def test_call_create_saves_every_field_as_a_draft(hq_staff):
    focus = list(Sector.objects.filter(is_focus=True, parent__isnull=True))
    call = call_create(by=hq_staff, focus_sectors=focus, **call_values(
        cost_cap=12_000_000, review_deadline=jst(2027, 4, 30, 17, 0, 0)))
    call.refresh_from_db()
    assert (call.fiscal_year, call.title_ja, call.title_en, call.is_published) == (
        2027, "2027年度 募集", "FY2027 call", False)
    assert (call.opens_at, call.closes_at, call.review_deadline) == (
        jst(2027, 1, 15, 10, 0, 0), jst(2027, 3, 31, 23, 59, 59), jst(2027, 4, 30, 17, 0, 0))
    assert (call.budget_envelope, call.cost_cap, call.eur_rate) == (
        150_000_000, 12_000_000, Decimal("160.00"))
    assert (call.min_consortium_size, call.max_duration_years) == (5, 3)
    assert sorted(s.code for s in call.focus_sectors.all()) == [
        "environment-energy", "life-science", "machinery"]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"closes_at": jst(2027, 1, 15, 10, 0, 0)}, "closes_at",
     "The closing time must be after the opening time."),
    ({"closes_at": jst(2027, 1, 1, 0, 0, 0)}, "closes_at",
     "The closing time must be after the opening time."),
    ({"closes_at": jst(2028, 4, 1, 0, 0, 0)}, "closes_at",
     "The call must close before its fiscal year ends (31 March 2028)."),
    ({"review_deadline": jst(2027, 3, 31, 23, 59, 59)}, "review_deadline",
     "The review deadline must be after the closing time."),
    ({"cost_cap": 150_000_001}, "cost_cap",
     "The cost cap per application cannot exceed the budget envelope."),
    ({"cost_cap": 0}, "cost_cap",
     "Leave the cost cap empty for no cap, or enter an amount above 0."),
    ({"max_duration_years": 4}, "max_duration_years",
     "Ensure this value is less than or equal to 3."),
    ({"min_consortium_size": 0}, "min_consortium_size",
     "Ensure this value is greater than or equal to 1."),
    ({"title_en": ""}, "title_en", "This field cannot be blank."),
])
def test_call_create_refuses_bad_values_at_the_field(hq_staff, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        call_create(by=hq_staff, **call_values(**overrides))
    assert caught.value.message_dict == {field: [message]}
    assert Call.objects.count() == 0


@pytest.mark.parametrize("role_fixture", ["applicant", "hq_reviewer", "overseas_reviewer"])
def test_only_hq_staff_may_create_calls(role_fixture, request):
    with pytest.raises(PermissionDenied):
        call_create(by=request.getfixturevalue(role_fixture), **call_values())


def test_call_update_changes_fields_and_sectors(hq_staff):
    call = CallFactory(is_published=False, opens_at=jst(2027, 1, 15, 10, 0, 0),
                       closes_at=jst(2027, 3, 31, 23, 59, 59))
    machinery = Sector.objects.get(code="machinery")
    call_update(call=call, by=hq_staff, focus_sectors=[machinery], budget_envelope=120_000_000,
                min_consortium_size=6)
    call.refresh_from_db()
    assert (call.budget_envelope, call.min_consortium_size) == (120_000_000, 6)
    assert list(call.focus_sectors.all()) == [machinery]


def test_fiscal_year_is_fixed_once_the_call_has_applications(hq_staff):
    call = CallFactory(fiscal_year=2027)
    ApplicationFactory(call=call)
    with pytest.raises(ValidationError) as caught:
        call_update(call=call, by=hq_staff, fiscal_year=2028)
    assert caught.value.message_dict == {
        "fiscal_year": ["The fiscal year cannot change once the call has applications."]}


# --- publishing ----------------------------------------------------------------------------

def test_publish_and_unpublish_a_call_without_applications(hq_staff):
    call = CallFactory(is_published=False)
    call_publish(call=call, by=hq_staff)
    call.refresh_from_db()
    assert (call.is_published, call.state) == (True, CallState.OPEN)
    call_unpublish(call=call, by=hq_staff)
    call.refresh_from_db()
    assert (call.is_published, call.state) == (False, CallState.DRAFT)


@pytest.mark.parametrize(("setup", "message"), [
    ({"is_published": True}, "This call is already published."),
    ({"guidance_en": ""}, "Write the guidance in Japanese and in English before publishing."),
    ({"guidance_ja": "  "}, "Write the guidance in Japanese and in English before publishing."),
    ({"opens_at": timezone.now() - dt.timedelta(days=20),
      "closes_at": timezone.now() - dt.timedelta(seconds=1)},
     "The closing time has passed; change it before publishing."),
])
def test_publish_is_refused_with_the_reason(hq_staff, setup, message):
    call = CallFactory(**{"is_published": False, **setup})
    with pytest.raises(ValidationError) as caught:
        call_publish(call=call, by=hq_staff)
    assert caught.value.messages == [message]


def test_only_one_published_call_per_fiscal_year(hq_staff):
    CallFactory(fiscal_year=2027, is_published=True)
    second = CallFactory(fiscal_year=2027, is_published=False)
    with pytest.raises(ValidationError) as caught:
        call_publish(call=second, by=hq_staff)
    assert caught.value.messages == ["Another call for FY2027 is already published."]


def test_unpublish_is_refused_once_the_call_has_applications(hq_staff):
    call = CallFactory(is_published=True)
    ApplicationFactory(call=call)
    with pytest.raises(ValidationError) as caught:
        call_unpublish(call=call, by=hq_staff)
    assert caught.value.messages == [
        "This call already has applications and cannot be taken back to draft."]
    call.refresh_from_db()
    assert call.is_published is True


# --- views ---------------------------------------------------------------------------------

def test_hq_creates_a_call_through_the_form_in_japan_time(client, hq_staff):
    client.force_login(hq_staff)
    response = client.post(reverse("applications:call-create"), form_data())
    assert response.status_code == 302
    assert response.url == reverse("applications:call-manage-list")
    call = Call.objects.get()
    assert (call.opens_at, call.closes_at) == (jst(2027, 1, 15, 10, 0, 0),
                                               jst(2027, 3, 31, 23, 59, 59))
    assert call.is_published is False


def test_the_form_shows_the_dates_in_japan_time(client, hq_staff):
    call = CallFactory(opens_at=jst(2027, 1, 15, 10, 0, 0), closes_at=jst(2027, 3, 31, 23, 59, 59))
    client.force_login(hq_staff)
    content = client.get(reverse("applications:call-edit", args=[call.pk])).content.decode()
    assert 'value="2027-01-15T10:00:00"' in content
    assert 'value="2027-03-31T23:59:59"' in content


def test_a_refused_form_keeps_what_was_typed_and_marks_the_field(client, hq_staff):
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("applications:call-create"), form_data(
        closes_at="2027-01-01T00:00:00", title_en="Typed title"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"closes_at": ["The closing time must be after the opening time."]}
    assert form["title_en"].value() == "Typed title"
    assert Call.objects.count() == 0


def test_a_refused_form_speaks_japanese(client, hq_staff):
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    response = client.post(reverse("applications:call-create"), form_data(
        closes_at="2027-01-01T00:00:00"))
    assert response.context["form"].errors == {
        "closes_at": ["締切日時は受付開始日時より後にしてください。"]}


def test_hq_edits_a_call(client, hq_staff):
    call = CallFactory(is_published=False)
    client.force_login(hq_staff)
    response = client.post(reverse("applications:call-edit", args=[call.pk]),
                           form_data(budget_envelope="99000000", min_consortium_size="7"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.budget_envelope, call.min_consortium_size) == (99_000_000, 7)


def test_publish_and_unpublish_through_the_list(client, hq_staff):
    call = CallFactory(is_published=False)
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("applications:call-publish", args=[call.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The call is published on the public pages."]
    call.refresh_from_db()
    assert call.is_published is True
    ApplicationFactory(call=call)
    response = client.post(reverse("applications:call-unpublish", args=[call.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This call already has applications and cannot be taken back to draft."]


@pytest.mark.parametrize("role_fixture", ["applicant", "hq_reviewer", "overseas_reviewer"])
@pytest.mark.parametrize(("url_name", "method", "with_pk"), [
    ("applications:call-manage-list", "get", False),
    ("applications:call-create", "get", False),
    ("applications:call-create", "post", False),
    ("applications:call-edit", "get", True),
    ("applications:call-edit", "post", True),
    ("applications:call-publish", "post", True),
    ("applications:call-unpublish", "post", True),
    ("applications:referral-report", "get", False),
])
def test_applicants_and_reviewers_are_refused_call_management(client, request, role_fixture,
                                                              url_name, method, with_pk):
    call = CallFactory(is_published=False)
    client.force_login(request.getfixturevalue(role_fixture))
    url = reverse(url_name, args=[call.pk] if with_pk else [])
    response = getattr(client, method)(url, form_data() if method == "post" else None)
    assert response.status_code == 404
    call.refresh_from_db()
    assert call.is_published is False


def test_anonymous_visitor_is_sent_to_login(client):
    url = reverse("applications:call-manage-list")
    response = client.get(url)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


def test_list_shows_counts_by_status(client, hq_staff):
    call = CallFactory()
    ApplicationFactory.create_batch(2, call=call)
    ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED, reference="RIT-FY2027-0001",
                       sequence=1)
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    listed = client.get(reverse("applications:call-manage-list")).context["calls"]
    assert [(c.pk, c.status_counts, c.n_applications) for c in listed] == [
        (call.pk, [("Draft", 2), ("Submitted", 1)], 3)]


@pytest.mark.parametrize("n_calls", [1, 4])
def test_call_list_query_count(client, hq_staff, django_assert_num_queries, n_calls):
    for year in range(n_calls):
        call = CallFactory(fiscal_year=2020 + year)
        call.focus_sectors.set(Sector.objects.filter(is_focus=True, parent__isnull=True))
        ApplicationFactory(call=call)
    client.force_login(hq_staff)
    # savepoint pair, session, user, calls, sectors, application counts (the navigation's
    # permissions are rules: no query)
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:call-manage-list"))
    assert len(response.context["calls"]) == n_calls


def test_hq_home_calls_panel_query_count_does_not_grow_with_calls(client, hq_staff):
    """Other apps add their own panels to the HQ home; the calls panel adds no query per call."""
    client.force_login(hq_staff)

    def queries_with(n_calls: int) -> int:
        Application.objects.all().delete()
        Call.objects.all().delete()
        for year in range(n_calls):
            ApplicationFactory(call=CallFactory(fiscal_year=2020 + year))
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("home"))
        assert len(response.context["calls"]) == n_calls
        assert 'data-testid="calls-panel"' in response.content.decode()
        return len(context.captured_queries)

    assert queries_with(1) == queries_with(4)


def test_demo_calls_are_idempotent_open_and_closed():
    from demo.calls import demo_calls

    demo_calls()
    demo_calls()
    calls = {call.fiscal_year: call for call in Call.objects.all()}
    assert sorted(calls) == [2025, 2026, 2027]
    assert (calls[2027].state, calls[2026].state) == (CallState.OPEN, CallState.CLOSED)
    assert (calls[2027].budget_envelope, calls[2027].eur_rate) == (150_000_000, Decimal("160"))
    assert sorted(s.code for s in calls[2027].focus_sectors.all()) == [
        "environment-energy", "life-science", "machinery"]
    assert calls[2027].review_deadline > calls[2027].closes_at
