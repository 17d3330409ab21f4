"""The pages: conflict declaration, the review form, assignment, summary, home panels."""

import pytest
from django.urls import reverse
from django.utils import translation

from applications.enums import ApplicationStatus as S
from reviews.enums import ConflictStatus, ReviewStatus
from reviews.models import Review, ReviewAssignment
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
    reviewed_application,
    submitted_review,
)

pytestmark = pytest.mark.django_db

FORM = {"c1_score": "4", "c1_comment": "Six firms", "c2_score": "3", "c2_comment": "Plausible",
        "c3_score": "5", "c3_comment": "Letter", "value_score": "7", "value_comment": "Good",
        "recommendation": "support"}


def test_conflict_declaration_comes_first(client):
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    page = client.get(url).content.decode()
    assert 'data-testid="conflict-form"' in page and 'data-testid="review-form"' not in page
    response = client.post(url, {"declare": "1", "has_conflict": "yes", "conflict_note": ""})
    assert response.context["conflict_form"].errors == {
        "conflict_type": ["Say with whom you have the conflict."],
        "conflict_note": ["Describe the conflict of interest."]}
    response = client.post(url, {"declare": "1", "has_conflict": "no"})
    assert response.status_code == 302
    assert 'data-testid="review-form"' in client.get(url).content.decode()


def test_declaring_a_conflict_hides_the_application(client):
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    response = client.post(url, {"declare": "1", "has_conflict": "yes",
                                 "conflict_type": "organisation",
                                 "conflict_note": "I advise the applicant"})
    assert response.url == reverse("home")
    assert client.get(url).status_code == 404


def test_the_form_shows_the_rubric_in_japanese_and_english(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    english = client.get(url).content.decode()
    assert "5 — A committed consortium" in english
    with translation.override("ja"):
        client.cookies["django_language"] = "ja"
        japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "5 — 結束したコンソーシアム：各社の目標・貢献・窓口が具体的。" in japanese


def test_a_refused_submission_keeps_what_was_typed_as_a_draft(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    response = client.post(url, {**FORM, "c2_comment": "", "submit": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"c2_comment": ["Explain your score."]}
    review = Review.objects.get(assignment=assignment)
    assert (review.status, review.c1_comment, review.c3_score) == (ReviewStatus.DRAFT,
                                                                   "Six firms", 5)


def test_submitting_the_form_locks_the_review(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    assert client.post(url, {**FORM, "submit": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="review-locked"' in page and 'data-testid="review-form"' not in page


def test_reviewer_home_lists_the_assignments(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    response = client.get(reverse("home"))
    assert [a.pk for a in response.context["page"]] == [assignment.pk]
    assert assignment.application.reference in response.content.decode()


def test_assign_page_preselects_the_proposal_and_assigns(client, hq_staff):
    hq, dus = hq_reviewer(), office_reviewer("DUS")
    application = SubmittedApplicationFactory()
    client.force_login(hq_staff)
    url = reverse("reviews:assign", args=[application.pk])
    response = client.get(url)
    assert response.context["form"].initial == {"reviewers": [hq.pk, dus.pk]}
    response = client.post(url, {"reviewers": [hq.pk, dus.pk]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    assert sorted(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == sorted(
        [hq.pk, dus.pk])


def test_assign_page_shows_the_coverage_error_at_the_form(client, hq_staff):
    hq = hq_reviewer()
    application = SubmittedApplicationFactory()
    client.force_login(hq_staff)
    response = client.post(reverse("reviews:assign", args=[application.pk]),
                           {"reviewers": [hq.pk]})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Assign at least one reviewer of the overseas office covering the partner region."]


def test_assignments_page_bulk_assigns_the_proposal(client, hq_staff):
    hq_reviewer()
    office_reviewer("DUS")
    application = SubmittedApplicationFactory()
    client.force_login(hq_staff)
    url = reverse("reviews:assignments", args=[application.call_id])
    assert client.get(url).context["page"][0].missing_reviewers is True
    client.post(url, {"applications": [application.pk]})
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_summary_page_records_consensus_and_decides(client, hq_staff):
    application = reviewed_application(scores=[(3, 3, 3, "6"), (3, 2, 3, "6")])
    client.force_login(hq_staff)
    url = reverse("reviews:summary", args=[application.pk])
    decide_url = reverse("sponsorship:decide", args=[application.pk])
    response = client.post(decide_url, {"decide": "1", "action": "eligible"})
    assert response.status_code == 200
    assert response.context["decision_form"].non_field_errors() == [
        "The application cannot be eligible: below the pass mark on C2 Clear prospects."]
    client.post(url, {"consensus": "1", "criterion": "c2", "score": "3",
                      "reason": "Agreed after discussion"})
    assert client.post(decide_url, {"decide": "1", "action": "eligible"}).status_code == 302
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE
    page = client.get(url).content.decode()
    assert 'data-testid="timeline"' in page and "Agreed after discussion" in page


def test_hq_home_links_each_calls_board_and_missing_count(client, hq_staff):
    application = SubmittedApplicationFactory()
    client.force_login(hq_staff)
    page = client.get(reverse("home")).content.decode()
    assert reverse("sponsorship:board", args=[application.call_id]) in page
    assert 'data-testid="hq-review-panel"' in page


def test_review_panel_on_the_application_page_for_hq(client, hq_staff):
    application = reviewed_application()
    client.force_login(hq_staff)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'data-testid="review-panel"' in page
    assert reverse("reviews:summary", args=[application.pk]) in page


def test_settings_page_sets_pass_marks_weights_and_deadline(client, hq_staff):
    from decimal import Decimal

    from reviews.models import ReviewSettings
    from tests.factories import CallFactory

    call = CallFactory()
    client.force_login(hq_staff)
    url = reverse("reviews:settings", args=[call.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"review_deadline": "2027-12-20T17:00", "pass_mark_c1": "3",
                                 "pass_mark_c2": "2.5", "pass_mark_c3": "3",
                                 "weight_regional_impact": "2", "weight_business_outcomes": "1",
                                 "weight_continuity": "0"})
    assert response.status_code == 302
    saved = ReviewSettings.objects.get(call=call)
    call.refresh_from_db()
    assert (saved.pass_mark_c2, saved.value_weights) == (
        Decimal("2.50"), {"regional_impact": 2, "business_outcomes": 1})
    assert call.review_deadline.isoformat() == "2027-12-20T08:00:00+00:00"


def test_settings_page_refuses_a_pass_mark_above_five_at_the_field(client, hq_staff):
    from tests.factories import CallFactory

    call = CallFactory()
    client.force_login(hq_staff)
    response = client.post(reverse("reviews:settings", args=[call.pk]), {
        "pass_mark_c1": "6", "pass_mark_c2": "3", "pass_mark_c3": "3",
        "weight_regional_impact": "0", "weight_business_outcomes": "0",
        "weight_continuity": "0"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["pass_mark_c1"]


def test_weighted_call_shows_aspect_fields_in_the_form(client):
    from reviews.models import ReviewSettings

    assignment = AssignmentFactory()
    ReviewSettings.objects.create(call=assignment.application.call, weight_regional_impact=2,
                                  weight_continuity=1)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    form = client.get(url).context["form"]
    assert [f.name for f in form.value_fields()] == ["aspect_regional_impact",
                                                     "aspect_continuity"]
    client.post(url, {**FORM, "value_score": "", "aspect_regional_impact": "9",
                      "aspect_continuity": "6", "submit": "1"})
    review = Review.objects.get(assignment=assignment)
    assert (review.status, str(review.value_score)) == (ReviewStatus.SUBMITTED, "8.00")


def test_navigation_has_review_and_selection_for_hq_only(client, hq_staff, hq_reviewer):
    client.force_login(hq_staff)
    labels = [str(i["label"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "Review and selection" in labels
    assert client.get(reverse("reviews:index")).status_code == 200
    client.force_login(hq_reviewer)
    labels = [str(i["label"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "Review and selection" not in labels
    assert client.get(reverse("reviews:index")).status_code == 404


def _assignments_queries(client, user, call) -> tuple[int, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reviews:assignments", args=[call.pk]))
    return len(ctx.captured_queries), list(response.context["page"])


def test_assignments_page_query_count_is_the_same_with_1_and_with_8_rows(client, hq_staff):
    """Each row: its reviewers, whether one is missing, the proposal (no query per row)."""
    from tests.factories import CallFactory

    hq, dus = hq_reviewer(), office_reviewer("DUS")
    one, several = CallFactory(), CallFactory(fiscal_year=2028)
    SubmittedApplicationFactory(call=one)
    for i in range(8):
        application = SubmittedApplicationFactory(call=several)
        if i % 2:  # half with an HQ reviewer already: only the office reviewer is missing
            AssignmentFactory(application=application, reviewer=hq_reviewer())
    _assignments_queries(client, hq_staff, one)  # warm caches (content types, sessions)
    small, rows_small = _assignments_queries(client, hq_staff, one)
    large, rows_large = _assignments_queries(client, hq_staff, several)
    assert (len(rows_small), len(rows_large)) == (1, 8)
    assert small == large
    assert [r.proposal for r in rows_small] == [[hq, dus]]
    assert [len(r.proposal) for r in rows_large] == [2, 1] * 4


def test_reviewer_home_query_count_is_the_same_with_1_and_with_6_assignments(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer, other = hq_reviewer(), hq_reviewer()
    AssignmentFactory(reviewer=reviewer)
    for _ in range(6):
        AssignmentFactory(reviewer=other)
    counts = []
    for user, expected_rows in ((reviewer, 1), (reviewer, 1), (other, 6)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("home"))
        assert len(response.context["page"]) == expected_rows
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2]


@pytest.mark.parametrize(("status", "published", "expected"), [
    (S.UNDER_REVIEW, False, []),
    (S.REVIEWED, False, ["eligible", "ineligible"]),
    (S.ELIGIBLE, False, ["ineligible", "waitlist", "reject"]),
    (S.INELIGIBLE, False, ["eligible"]),
    (S.INELIGIBLE, True, []),
    (S.WAITLISTED, True, ["reject"]),
    (S.APPROVED, True, []),
])
def test_summary_offers_the_decisions_the_workflow_allows(client, hq_staff, status, published,
                                                           expected):
    from django.utils import timezone

    application = reviewed_application(status=status)
    if published:
        application.decision_published_at = timezone.now()
        application.save(update_fields=["decision_published_at"])
    client.force_login(hq_staff)
    response = client.get(reverse("sponsorship:decide", args=[application.pk]))
    assert [action for action, _label in response.context["actions"]] == expected


def test_assignments_page_names_the_office_without_a_free_reviewer(client, hq_staff):
    from regions.models import PartnerRegion

    hq = hq_reviewer()
    korean = SubmittedApplicationFactory(  # no Seoul reviewer exists
        partner_region=PartnerRegion.objects.get(name_en="Gyeongsangnam-do"))
    client.force_login(hq_staff)
    response = client.get(reverse("reviews:assignments", args=[korean.call_id]))
    row = response.context["page"][0]
    assert (row.proposal, row.unfilled, row.covering_office.code) == (
        [hq], ["overseas_reviewer"], "SEL")
    assert f"No reviewer of {row.covering_office.name} available" in response.content.decode()


def test_review_index_query_count_is_the_same_with_1_and_with_3_calls(client, hq_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CallFactory

    client.force_login(hq_staff)
    counts = []
    for fiscal_year in (2027, 2028, 2029):
        SubmittedApplicationFactory(call=CallFactory(fiscal_year=fiscal_year))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("reviews:index"))
        counts.append(len(ctx.captured_queries))
        assert response.content.decode().count('data-testid="missing-count"') == \
            fiscal_year - 2026
    assert counts[1:] == [counts[0]] * 2


@pytest.mark.parametrize(("language", "button"), [("en", "Open"), ("ja", "開く")])
def test_reviewer_home_button_opens_the_review_in_either_language(client, language, button):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    client.cookies["django_language"] = language
    with translation.override(language):  # restores the test's language afterwards
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    url = reverse("reviews:review", args=[assignment.application_id])
    assert f'href="{url}">{button}</a>' in page


def test_other_reviewers_comments_are_labelled_by_criterion(client):
    from tests.reviews.factories import submitted_review

    first = AssignmentFactory()
    second = AssignmentFactory(application=first.application, reviewer=office_reviewer())
    submitted_review(first)
    submitted_review(second)
    client.force_login(second.reviewer)
    page = client.get(reverse("reviews:review", args=[second.application_id])).content.decode()
    panel = page.split('data-testid="other-reviews"')[1].split("</div></div>")[0]
    assert [line for line in ("C1: c1", "C2: c2", "C3: c3", "Value: v") if line in panel] == [
        "C1: c1", "C2: c2", "C3: c3", "Value: v"]


# --- Paged lists (issue 15) --------------------------------------------------------------------

@pytest.fixture
def page_of_two(monkeypatch):
    monkeypatch.setattr("rit_portal.pagination.PAGE_SIZE", 2)


def _home(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("home") + query)


def test_reviewer_home_shows_open_work_first_and_closed_reviews_behind_a_link(client):
    from django.utils import timezone

    from tests.factories import CallFactory

    reviewer = hq_reviewer()
    soon = CallFactory(review_deadline=timezone.now() + timezone.timedelta(days=3))
    later = CallFactory(fiscal_year=2028,
                        review_deadline=timezone.now() + timezone.timedelta(days=30))
    done = AssignmentFactory(reviewer=reviewer, application__call=soon)
    submitted_review(done)
    to_do_later = AssignmentFactory(reviewer=reviewer, application__call=later)
    to_do_soon = AssignmentFactory(reviewer=reviewer, application__call=soon)
    closed = AssignmentFactory(reviewer=reviewer, application__call=soon,
                               application__status=S.APPROVED)
    submitted_review(closed)
    response = _home(client, reviewer)
    assert list(response.context["page"]) == [to_do_soon, to_do_later, done]
    assert 'href="?closed=1" data-testid="closed-reviews-link"' in response.content.decode()
    response = _home(client, reviewer, "?closed=1")
    assert list(response.context["page"]) == [closed]
    assert 'data-testid="open-reviews-link"' in response.content.decode()


def test_reviewer_home_pages_keep_the_closed_view_and_cost_the_same_queries(
        client, page_of_two):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = hq_reviewer()
    for _ in range(5):
        submitted_review(AssignmentFactory(reviewer=reviewer, application__status=S.REVIEWED))
    _home(client, reviewer, "?closed=1")  # warm caches
    counts, shown = [], []
    for n in (1, 2, 3):
        with CaptureQueriesContext(connection) as ctx:
            response = _home(client, reviewer, f"?closed=1&page={n}")
        counts.append(len(ctx.captured_queries))
        shown.append(len(response.context["page"]))
    assert (counts[0] == counts[1] == counts[2], shown) == (True, [2, 2, 1])
    assert 'href="?closed=1&amp;page=2"' in _home(client, reviewer, "?closed=1").content.decode()


def test_assignments_page_pages_and_its_filter_keep_the_same_query_count(client, hq_staff,
                                                                         page_of_two):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CallFactory

    hq_reviewer()
    office_reviewer("DUS")
    call = CallFactory()
    lacking = [SubmittedApplicationFactory(call=call) for _ in range(3)]
    covered = reviewed_application(call=call)
    client.force_login(hq_staff)
    url = reverse("reviews:assignments", args=[call.pk])
    client.get(url)  # warm caches
    counts, pages = [], []
    for query in ("?page=1", "?page=2", "?missing=1&page=1", "?missing=1&page=2"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url + query)
        counts.append(len(ctx.captured_queries))
        pages.append([a.pk for a in response.context["page"]])
    assert len(set(counts)) == 1
    everything = sorted([*lacking, covered], key=lambda a: a.reference)
    assert pages == [[a.pk for a in everything[:2]], [a.pk for a in everything[2:]],
                     [a.pk for a in lacking[:2]], [lacking[2].pk]]
    assert 'href="?missing=1&amp;page=2"' in client.get(url + "?missing=1").content.decode()


def test_assignments_page_assigns_the_selected_rows_of_any_page(client, hq_staff, page_of_two):
    from tests.factories import CallFactory

    hq_reviewer()
    office_reviewer("DUS")
    call = CallFactory()
    applications = [SubmittedApplicationFactory(call=call) for _ in range(3)]
    client.force_login(hq_staff)
    url = reverse("reviews:assignments", args=[call.pk]) + "?page=2"
    response = client.post(url, {"applications": [applications[2].pk]})
    assert (response.status_code, response.url) == (302, url)
    assert [a.status for a in (a.__class__.objects.get(pk=a.pk) for a in applications)] == [
        S.SUBMITTED, S.SUBMITTED, S.UNDER_REVIEW]
