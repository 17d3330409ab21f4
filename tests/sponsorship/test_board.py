"""The selection board: contents, filters, sort, constant query count, bulk actions."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from regions.models import PartnerRegion, Sector
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import BoardJobItemStatus, DecisionMode
from sponsorship.models import BoardJob, SponsorshipDecision
from tests.factories import CallFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db


def _board(client, user, call, query=""):
    client.force_login(user)
    return client.get(reverse("sponsorship:board", args=[call.pk]) + query)


def _fill(call, n):
    for i in range(n):
        application = reviewed_application(call=call, scores=[(3, 3, 3, "6"), (4, 3, 1, "8")])
        CostLineFactory(application=application, quantity=1, unit_cost=1_000_000 + i)


@pytest.fixture
def act(client, django_capture_on_commit_callbacks):
    """POST a bulk action as the board does; its job runs at commit (eager, as in `make
    run`). Returns the job's page."""
    def post(call, data, language=None):
        url = reverse("sponsorship:board-action", args=[call.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = (_post_in(client, language, url, data) if language
                        else client.post(url, data))
        assert response.status_code == 302, response.content
        return (_get_in(client, language, response.url) if language
                else client.get(response.url))
    return post


def _count_queries(client, user, call) -> tuple[int, int]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("sponsorship:board", args=[call.pk]))
    return len(ctx.captured_queries), len(response.context["page"].object_list)


def test_query_count_is_the_same_with_1_and_with_50_applications(client, hq_staff):
    one, fifty = CallFactory(), CallFactory(fiscal_year=2028)
    _fill(one, 1)
    _fill(fifty, 50)
    _count_queries(client, hq_staff, one)  # warm caches (content types, sessions)
    small, n_small = _count_queries(client, hq_staff, one)
    large, n_large = _count_queries(client, hq_staff, fifty)
    assert (n_small, n_large) == (1, 50)
    assert small == large


def test_board_shows_means_value_spread_and_money(client, hq_staff):
    call = CallFactory()
    application = reviewed_application(call=call, scores=[(3, 3, 3, "6"), (4, 3, 1, "7")])
    CostLineFactory(application=application, quantity=2, unit_cost=500_000)
    row = _board(client, hq_staff, call).context["page"].object_list[0]
    assert [c.mean for c in row.scores.criteria] == [Decimal("3.50"), Decimal("3.00"),
                                                     Decimal("2.00")]
    assert (row.scores.value_mean, row.scores.spread, row.scores.passes) == (
        Decimal("6.50"), True, False)
    assert (row.application.requested_total, row.application.approved_total) == (1_000_000, 0)


def test_budget_envelope_remaining_is_shown(client, hq_staff):
    call = CallFactory(budget_envelope=10_000_000)
    application = reviewed_application(call=call, status=S.ELIGIBLE)
    CostLineFactory(application=application, quantity=1, unit_cost=4_000_000)
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    response = _board(client, hq_staff, call)
    assert tuple(response.context["budget"]) == (10_000_000, 4_000_000, 6_000_000)
    assert "¥6,000,000" in response.content.decode()


def test_filters_by_country_and_status_and_sorts_by_value(client, hq_staff):
    call = CallFactory()
    german = reviewed_application(call=call, scores=[(3, 3, 3, "5"), (3, 3, 3, "5")])
    french = reviewed_application(
        call=call, scores=[(3, 3, 3, "9"), (3, 3, 3, "9")],
        partner_region=PartnerRegion.objects.get(name_en="Cosmetic Valley"),
        sector=Sector.objects.get(code="cosmetics"))
    france = french.partner_region.country_id
    rows = _board(client, hq_staff, call, f"?country={france}").context["page"].object_list
    assert [r.application for r in rows] == [french]
    rows = _board(client, hq_staff, call, "?sort=-value").context["page"].object_list
    assert [r.application for r in rows] == [french, german]
    rows = _board(client, hq_staff, call, "?status=eligible").context["page"].object_list
    assert rows == []


def test_bulk_eligibility_from_the_scores(client, hq_staff, act):
    call = CallFactory()
    passing = reviewed_application(call=call)
    failing = reviewed_application(call=call, scores=[(3, 3, 3, "6"), (3, 3, 2, "6")])
    client.force_login(hq_staff)
    act(call, {"applications": [passing.pk, failing.pk], "action": "eligibility"})
    passing.refresh_from_db()
    failing.refresh_from_db()
    assert (passing.status, failing.status) == (S.ELIGIBLE, S.INELIGIBLE)
    assert StatusChange.objects.filter(application=failing).last().event_text == (
        "Below the pass mark: C3 Prior contact and confirmed interest.")


def test_bulk_approve_in_full_goes_through_sponsorship_decide(client, hq_staff, act):
    call = CallFactory(budget_envelope=5_000_000)
    first = reviewed_application(call=call, status=S.ELIGIBLE)
    second = reviewed_application(call=call, status=S.ELIGIBLE)
    for application in (first, second):
        CostLineFactory(application=application, quantity=1, unit_cost=3_000_000)
    client.force_login(hq_staff)
    page = act(call, {"applications": [first.pk, second.pk], "action": "approve_full"})
    first.refresh_from_db()
    second.refresh_from_db()
    # The envelope (sponsorship_decide's rule) lets only the first through.
    assert (first.status, second.status) == (S.APPROVED, S.ELIGIBLE)
    assert SponsorshipDecision.objects.get(application=first).approved_total == 3_000_000
    assert [(item.application, item.status) for item in page.context["outcomes"]["not_done"]
            ] == [(second, BoardJobItemStatus.REFUSED)]
    assert page.context["outcomes"]["not_done"][0].message.startswith(
        "Approving ¥3,000,000 would exceed the call's budget envelope")


def test_reject_needs_a_reason_and_waitlist_does_not(client, hq_staff, act):
    call = CallFactory()
    application = reviewed_application(call=call, status=S.ELIGIBLE)
    client.force_login(hq_staff)
    url = reverse("sponsorship:board-action", args=[call.pk])
    assert client.post(url, {"applications": [application.pk], "action": "reject"}
                       ).status_code == 200  # the form refuses: no job
    application.refresh_from_db()
    assert (application.status, BoardJob.objects.count()) == (S.ELIGIBLE, 0)
    act(call, {"applications": [application.pk], "action": "reject",
               "reason": "Outside the programme's focus"})
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert StatusChange.objects.filter(application=application).last().note == (
        "Outside the programme's focus")


def _post_in(client, language, url, data, **kwargs):
    """POST as a user of `language`; the override restores the test's language after it."""
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.post(url, data, HTTP_ACCEPT_LANGUAGE=language, **kwargs)


def _get_in(client, language, url):
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(("language", "missing_reason", "nothing_selected"), [
    ("en", "Give the reason for the rejection.", "Select at least one application."),
    ("ja", "不採択の理由を記入してください。", "申請を1件以上選択してください。"),
])
def test_a_refused_bulk_action_shows_the_board_with_errors_at_the_fields_and_the_selection(
        client, hq_staff, language, missing_reason, nothing_selected):
    call = CallFactory()
    chosen, other = (reviewed_application(call=call, status=S.ELIGIBLE) for _ in range(2))
    client.force_login(hq_staff)
    url = reverse("sponsorship:board-action", args=[call.pk])
    response = _post_in(client, language, url, {"applications": [chosen.pk], "action": "reject",
                                                "reason": " ", "query": "sort=-value"})
    assert response.status_code == 200
    with translation.override(language):  # the form's messages are lazy
        assert response.context["bulk_form"].errors == {"reason": [missing_reason]}
    assert (response.context["selected"], response.context["sort"]) == ({str(chosen.pk)},
                                                                         "-value")
    page = response.content.decode()
    assert f'value="{chosen.pk}" aria-label="{chosen.reference}" checked' in page
    assert f'value="{other.pk}" aria-label="{other.reference}">' in page
    response = _post_in(client, language, url, {"action": "waitlist"})
    with translation.override(language):
        assert response.context["bulk_form"].errors == {"applications": [nothing_selected]}
    assert nothing_selected in response.content.decode()
    chosen.refresh_from_db()
    assert chosen.status == S.ELIGIBLE


@pytest.mark.parametrize(("language", "done", "refused"), [
    ("en", "1 application updated.", "An application cannot move from “Reviewed” to “Waitlisted”."),
    ("ja", "1 件の申請を更新しました。",
     "申請を「審査完了」から「補欠」に変更することはできません。"),
])
def test_bulk_waitlist_reports_in_the_users_language(client, hq_staff, language, done, refused,
                                                     act):
    call = CallFactory()
    eligible = reviewed_application(call=call, status=S.ELIGIBLE)
    reviewed = reviewed_application(call=call)  # not yet eligible: the workflow refuses
    client.force_login(hq_staff)
    page = act(call, {"applications": [eligible.pk, reviewed.pk], "action": "waitlist"},
               language=language)
    assert page.context["summary"] == done
    assert [(item.application, item.message) for item in page.context["outcomes"]["not_done"]
            ] == [(reviewed, refused)]
    html = page.content.decode()
    assert done in html and refused in html
    eligible.refresh_from_db()
    assert eligible.status == S.WAITLISTED


def test_publishing_decisions_asks_for_confirmation_first(client, hq_staff):
    call = CallFactory()
    page = _board(client, hq_staff, call).content.decode()
    form = page.split('data-testid="publish-form"')[1].split(">")[0]
    # static/js/portal.js asks the question of data-confirm before the form is sent.
    assert form.strip() == ('data-confirm="Publish these decisions to the applicants now? '
                            'Each applicant is e-mailed at once; this cannot be undone."')


# --- Paged, sorted and totalled by the database (issue 15) ------------------------------------

@pytest.fixture
def page_of_two(monkeypatch):
    monkeypatch.setattr("rit_portal.pagination.PAGE_SIZE", 2)


def _page(client, user, call, query=""):
    page = _board(client, user, call, query).context["page"]
    return [row.application for row in page.object_list]


def _queries_of(client, user, call, query="") -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("sponsorship:board", args=[call.pk]) + query
                          ).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_with_1_and_30_rows_and_on_every_page(client, hq_staff,
                                                                        monkeypatch):
    monkeypatch.setattr("rit_portal.pagination.PAGE_SIZE", 12)
    one, thirty = CallFactory(), CallFactory(fiscal_year=2028)
    _fill(one, 1)
    _fill(thirty, 30)
    _queries_of(client, hq_staff, one)  # warm caches (content types, sessions)
    counts = {_queries_of(client, hq_staff, one),
              *(_queries_of(client, hq_staff, thirty, f"?sort={sort}&page={n}")
                for sort in ("reference", "-value", "requested") for n in (1, 2, 3))}
    assert len(counts) == 1


def test_sorts_by_value_in_the_database_across_pages_rows_without_reviews_last(
        client, hq_staff, page_of_two):
    call = CallFactory()
    low = reviewed_application(call=call, scores=[(3, 3, 3, "4"), (3, 3, 3, "5")])
    high = reviewed_application(call=call, scores=[(3, 3, 3, "9"), (3, 3, 3, "8")])
    middle = reviewed_application(call=call, scores=[(3, 3, 3, "6"), (3, 3, 3, "7")])
    unreviewed = reviewed_application(call=call, scores=[])
    pages = [_page(client, hq_staff, call, f"?sort={sort}&page={n}")
             for sort in ("-value", "value") for n in (1, 2)]
    assert pages == [[high, middle], [low, unreviewed], [low, middle], [high, unreviewed]]
    shown = _board(client, hq_staff, call, "?sort=-value").context["page"].object_list
    assert [row.scores.value_mean for row in shown] == [Decimal("8.50"), Decimal("6.50")]


def test_sorts_by_requested_and_approved_amounts(client, hq_staff):
    call = CallFactory(budget_envelope=100_000_000)
    small = reviewed_application(call=call, status=S.ELIGIBLE)
    large = reviewed_application(call=call, status=S.ELIGIBLE)
    CostLineFactory(application=small, quantity=1, unit_cost=1_000_000)
    CostLineFactory(application=large, quantity=1, unit_cost=3_000_000)
    sponsorship_decide(application=large, by=hq_staff, mode=DecisionMode.FULL)
    assert _page(client, hq_staff, call, "?sort=-requested") == [large, small]
    assert _page(client, hq_staff, call, "?sort=requested") == [small, large]
    assert _page(client, hq_staff, call, "?sort=-approved") == [large, small]


def test_scores_from_the_database_match_those_of_the_application_page(client, hq_staff):
    from reviews.models import ConsensusScore
    from reviews.selectors import application_scores

    call = CallFactory()
    application = reviewed_application(call=call, scores=[(3, 2, 5, "6.5"), (4, 4, 2, "7"),
                                                         (2, 3, 4, "9")])
    ConsensusScore.objects.create(application=application, criterion="c3", score=4,
                                  reason="Agreed", recorded_by=hq_staff,
                                  recorded_at=timezone.now())
    row = _board(client, hq_staff, call).context["page"].object_list[0]
    expected = application_scores(application=application)
    assert [(c.exact_mean, c.counted, c.passes, c.spread) for c in row.scores.criteria] == [
        (c.exact_mean, c.counted, c.passes, c.spread) for c in expected.criteria]
    assert (row.scores.value_mean, row.scores.assigned, row.scores.submitted,
            row.scores.passes) == (expected.value_mean, expected.assigned,
                                   expected.submitted, expected.passes)


def test_the_budget_and_the_count_are_the_whole_calls_on_every_page(client, hq_staff,
                                                                     page_of_two):
    call = CallFactory(budget_envelope=20_000_000)
    approved = []
    for amount in (1_000_000, 2_000_000, 4_000_000):
        application = reviewed_application(call=call, status=S.ELIGIBLE)
        CostLineFactory(application=application, quantity=1, unit_cost=amount)
        sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
        approved.append(application)
    for n in (1, 2):
        response = _board(client, hq_staff, call, f"?page={n}")
        assert tuple(response.context["budget"]) == (20_000_000, 7_000_000, 13_000_000)
        assert response.context["page"].paginator.count == 3


def test_paging_keeps_the_filters_and_the_sort(client, hq_staff, page_of_two):
    call = CallFactory()
    for _ in range(3):
        reviewed_application(call=call)
    reviewed_application(call=call, status=S.ELIGIBLE)
    response = _board(client, hq_staff, call, "?status=reviewed&sort=-value")
    html = response.content.decode()
    assert 'href="?status=reviewed&amp;sort=-value&amp;page=2"' in html
    # A new sort starts again at page 1 and keeps the filter.
    second = _board(client, hq_staff, call, "?status=reviewed&sort=-value&page=2")
    assert 'href="?status=reviewed&amp;sort=-requested" data-sort="requested"' in (
        second.content.decode())
    assert [a.status for a in _page(client, hq_staff, call, "?status=reviewed&page=2")] == [
        S.REVIEWED]
