"""Inputs that answered 500 before issue 10 (and their kin): each gets a field error."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from reviews.models import Review, ReviewAssignment
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, CallFactory, UserFactory

HOSTILE_NUMBERS = ["፩", "9" * 5000, str(2**63), str(2**64 + 1), "1\x002", "-0", "1e5", "٣"]


@pytest.fixture
def draft(db):
    application = ApplicationFactory(duration_years=2)
    return application, applicant_of(application.organisation)


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_consortium_member_numbers(client, draft, value):
    application, user = draft
    client.force_login(user)
    response = client.post(reverse("applications:section-consortium", args=[application.pk]), {
        "member-name": "株式会社テスト", "member-corporate_number": value,
        "member-industry": "manufacturing", "member-capital_yen": value,
        "member-employees": value, "member-interest": "関心"})
    assert response.status_code == 200
    assert response.context["member_form"].errors


@pytest.mark.parametrize("value", HOSTILE_NUMBERS + ["unknown_category", "\x00"])
def test_cost_lines(client, draft, value):
    application, user = draft
    client.force_login(user)
    data = {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "200", "lines-0-activity": "matching_in_japan",
            "lines-0-year": "1", "lines-0-category": value, "lines-0-description": value,
            "lines-0-quantity": value, "lines-0-unit": "night", "lines-0-unit_cost": value}
    response = client.post(reverse("sponsorship:cost-proposal", args=[application.pk]), data)
    assert response.status_code == 200
    assert any(form.errors for form in response.context["formset"].forms)


@pytest.mark.parametrize("year", ["9999", "1", "0", "99999", "፩"])
def test_call_fiscal_year_and_dates(client, hq_staff, year):
    client.force_login(hq_staff)
    response = client.post(reverse("applications:call-create"), {
        "fiscal_year": year, "title_ja": "募集", "title_en": "Call", "guidance_ja": "x",
        "guidance_en": "x", "opens_at": f"{year.zfill(4)}-04-01T00:00:00",
        "closes_at": f"{year.zfill(4)}-05-31T23:59:59", "budget_envelope": str(2**63),
        "min_consortium_size": "5", "max_duration_years": "3", "eur_rate": "9" * 5000,
        "review_deadline": "0001-01-01T00:00:00"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("value", ["፩" * 13, "١٢٣٤٥٦٧٨٩٠١٢٣", "1234567890123\x00"])
def test_registration_corporate_number(client, db, value):
    response = client.post(reverse("register"), {"org-corporate_number": value,
                                                 "org-name_ja": "会\x00"})
    assert response.status_code == 200
    assert "corporate_number" in response.context["org_form"].errors


def test_colleagues_page_for_the_site_administrator(client, db):
    admin = UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("colleagues")).status_code == 404


@pytest.mark.parametrize("value", ["፩", "9" * 5000, str(2**63), "1\x00"])
def test_reopen_with_a_hostile_review_id(client, hq_staff, value):
    application = ApplicationFactory(status=S.REVIEWED)
    client.force_login(hq_staff)
    response = client.post(reverse("reviews:summary", args=[application.pk]), {"reopen": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "፩", "9" * 5000])
def test_query_strings_with_nul_bytes_and_odd_numbers(client, hq_staff, value):
    call = CallFactory()
    client.force_login(hq_staff)
    for url in (reverse("applications:referral-report") + "?call=" + value,
                reverse("sponsorship:board", args=[call.pk]) + "?status=" + value + "&sort="
                + value + "&q=" + value,
                reverse("applications:call-history", args=[call.pk]) + "?page=" + value,
                reverse("sponsorship:cost-proposal", args=[ApplicationFactory(call=call).pk])
                + "?add=" + value):
        assert client.get(url).status_code == 200, url


def test_review_scores_out_of_range(client, hq_reviewer):
    application = ApplicationFactory(status=S.UNDER_REVIEW)
    assignment = ReviewAssignment.objects.create(application=application, reviewer=hq_reviewer,
                                                 assigned_at=application.created_at,
                                                 conflict_status="none")
    client.force_login(hq_reviewer)
    for value in HOSTILE_NUMBERS:
        response = client.post(reverse("reviews:review", args=[application.pk]), {
            "c1_score": value, "c2_score": value, "c3_score": value, "value_score": value,
            "c1_comment": "\x00", "recommendation": "\x00"})
        assert response.status_code == 200, value
        assert response.context["form"].errors
    assert not Review.objects.filter(assignment=assignment, status="submitted").exists()


# --- the five 500s of issue 27 -----------------------------------------------------------------

def test_an_activity_on_the_blank_cost_row_without_a_category_gets_a_field_error(client,
                                                                                 draft):
    application, user = draft
    client.force_login(user)
    response = client.post(reverse("sponsorship:cost-proposal", args=[application.pk]), {
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200", "lines-0-activity": "seminar_japan", "lines-0-year": "1",
        "lines-0-category": "", "lines-0-description": "", "lines-0-quantity": "",
        "lines-0-unit": "", "lines-0-unit_cost": ""})
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert errors["category"] == ["Choose the cost category."]


def test_feedback_saved_with_one_item_blank_keeps_the_others(client, hq_staff):
    from reviews.models import Feedback
    from tests.reviews.factories import reviewed_application

    application = reviewed_application(scores=((4, 2, 3, "7"), (3, 2, 4, "6")),
                                       status=S.INELIGIBLE, feedback=False)
    client.force_login(hq_staff)
    response = client.post(reverse("reviews:feedback", args=[application.pk]), {
        "c1": "Six committed firms.", "c2": "", "c3": "A confirmed interest.",
        "value": "Good value."})
    assert response.status_code == 302
    assert dict(Feedback.objects.values_list("item", "comment")) == {
        "c1": "Six committed firms.", "c3": "A confirmed interest.", "value": "Good value."}


def test_the_login_name_is_cut_to_the_lockout_tables_column():
    """On PostgreSQL a longer name failed axes' insert (a 500); tests/accounts/
    test_throttling.py::test_an_email_longer_than_the_lockout_table_holds_gets_a_field_error
    posts it with axes enabled."""
    from django.test import RequestFactory

    from accounts.throttling import login_name

    request = RequestFactory().post("/accounts/login/", {"username": "A" * 300 + "@x.jp"})
    assert login_name(request, {}) == "a" * 255
    assert login_name(request, {"username": " Someone@Example.JP "}) == "someone@example.jp"


@pytest.mark.parametrize("source", ["abc", "", "፩", str(2**63), "1\x00"])
def test_copy_from_an_earlier_application_with_a_bad_source_is_a_404(client, draft, source):
    application, user = draft
    client.force_login(user)
    call = CallFactory(fiscal_year=2031)
    response = client.post(reverse("applications:copy", args=[call.pk]), {"source": source})
    assert response.status_code == 404


@pytest.mark.parametrize("back", ["outbox", "", "//evil.example/x", "https://evil.example/"])
def test_resend_with_a_next_that_is_not_a_path_here_goes_back_to_the_outbox(client, hq_staff,
                                                                            back):
    from applications.services import application_submit
    from notifications.models import Notification
    from tests.applications.builders import complete_application
    from tests.notifications.test_outbox import committed

    application = complete_application()
    committed(application_submit, application=application,
              by=applicant_of(application.organisation))
    client.force_login(hq_staff)
    response = client.post(reverse("notifications:resend",
                                   args=[Notification.objects.get().pk]), {"next": back})
    assert (response.status_code, response["Location"]) == (302, reverse("notifications:outbox"))


@pytest.mark.parametrize("value", ["abc", "፩", "9" * 30])
def test_posted_record_ids_outside_forms_are_404s(client, hq_staff, value):
    """Kin of `source=abc`: the reviewer's conflict withdrawal and the HQ project lists."""
    reviewer = UserFactory(role=Role.HQ_REVIEWER)
    client.force_login(reviewer)
    assert client.post(reverse("reviews:conflicts"), {"withdraw": value}).status_code == 404
    client.force_login(hq_staff)
    for url in (reverse("projects:list"), reverse("projects:hq-reports")):
        assert client.get(url + "?fy=" + value).status_code == 200, url
