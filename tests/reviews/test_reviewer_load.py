"""The reviewers' workload stored (reviews.models.ReviewerLoad): after any sequence of the
services that change it (hypothesis draws them: assignments made and withdrawn,
declarations, drafts, submissions, reopenings, conflicts declared in advance, reviewers
deactivated and reactivated, applications withdrawn, asked for information and submitted
again), what HQ's reviewers page and the assignment page read equals a fresh aggregation of
the assignments, and the reviewers come in the order the aggregation gave."""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.enums import Role
from accounts.models import User
from applications.services import (
    application_request_information,
    application_submit,
    application_withdraw,
)
from reviews.enums import ConflictStatus, ConflictType
from reviews.models import ReviewAssignment, ReviewerLoad
from reviews.selectors import open_filter, reviewers_with_workload, with_workload_of
from reviews.services import (
    application_assign_reviewers,
    assignment_remove,
    conflict_declare,
    review_reopen,
    review_save,
    reviewer_loads_rebuild,
    reviewer_set_active,
    standing_conflict_declare,
)
from tests.applications.builders import applicant_of, complete
from tests.factories import UserFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
)

pytestmark = pytest.mark.django_db

REVIEWERS = 4  # two at HQ, two at the office covering the partner region
APPLICATIONS = 2

_who = st.integers(0, REVIEWERS - 1)
_which = st.integers(0, APPLICATIONS - 1)
ACTIONS = st.one_of(
    st.tuples(st.just("assign"), _which, st.sets(_who, min_size=1)),
    st.tuples(st.just("withdraw"), _which, _who),
    st.tuples(st.just("declare"), _which, _who, st.booleans()),
    st.tuples(st.just("draft"), _which, _who),
    st.tuples(st.just("submit"), _which, _who),
    st.tuples(st.just("reopen"), _which, _who),
    st.tuples(st.just("standing"), _which, _who),
    st.tuples(st.just("active"), _which, _who, st.booleans()),
    st.tuples(st.just("withdraw application"), _which),
    st.tuples(st.just("request information"), _which),
    st.tuples(st.just("answer"), _which),
)

REVIEW = {"c1_score": 4, "c1_comment": "c1", "c2_score": 3, "c2_comment": "c2",
          "c3_score": 2, "c3_comment": "c3", "value_score": Decimal("7"),
          "value_comment": "v", "recommendation": "support"}


def _act(action, applications, reviewers, hq):
    """One service, as its page calls it; refusals (ValidationError, PermissionDenied) are
    part of the sequence: they must leave the workload as it was."""
    name, which, *rest = action
    application = applications[which]
    application.refresh_from_db()
    if name == "withdraw application":
        return application_withdraw(application=application,
                                    by=applicant_of(application.organisation))
    if name == "request information":
        return application_request_information(application=application, by=hq,
                                               note="The budget of year 2, please.")
    if name == "answer":
        return application_submit(application=application,
                                  by=applicant_of(application.organisation),
                                  answer="The budget of year 2 is in the cost proposal.")
    who = reviewers[rest[0]] if name != "assign" else None
    if name == "assign":
        return application_assign_reviewers(
            application=application, reviewers=[reviewers[i] for i in sorted(rest[0])], by=hq)
    if name == "active":
        return reviewer_set_active(reviewer=who, active=rest[1], by=hq)
    if name == "standing":
        return standing_conflict_declare(by=who, conflict_type=ConflictType.ORGANISATION,
                                         note="Adviser to the organisation",
                                         organisation=application.organisation)
    assignment = ReviewAssignment.objects.filter(application=application, reviewer=who).first()
    if assignment is None:
        return None
    if name == "withdraw":
        return assignment_remove(assignment=assignment, by=hq)
    if name == "declare":
        return conflict_declare(assignment=assignment, by=who, has_conflict=rest[1],
                                conflict_type=ConflictType.ORGANISATION if rest[1] else "",
                                note="Former employee" if rest[1] else "")
    if name in ("draft", "submit"):
        return review_save(assignment=assignment, by=who, data=REVIEW,
                           submit=name == "submit")
    review = getattr(assignment, "review", None)
    if review is not None:  # reopen
        return review_reopen(review=review, by=hq)
    return None


def _aggregated(queryset):
    """The workload as the pages aggregated it on each request before it was stored."""
    unconflicted = ~Q(review_assignments__conflict_status=ConflictStatus.CONFLICT)
    return queryset.annotate(
        open=Count("review_assignments", filter=open_filter("review_assignments__")),
        all=Count("review_assignments", filter=unconflicted))


def _fresh(reviewers) -> dict[int, tuple[int, int]]:
    rows = _aggregated(User.objects.filter(pk__in=[u.pk for u in reviewers]))
    return {pk: (open_, all_) for pk, open_, all_ in rows.values_list("pk", "open", "all")}


def _stored(reviewers) -> dict[int, tuple[int, int]]:
    return {u.pk: (u.open_assignments, u.all_assignments)
            for u in with_workload_of(User.objects.filter(pk__in=[u.pk for u in reviewers]))}


def _least_loaded_first(role) -> list[int]:
    """`reviewers_with_workload`'s order, as it was from the aggregation."""
    return list(_aggregated(User.objects.filter(role=role, is_active=True))
                .order_by("open", "all", "last_name", "email").values_list("pk", flat=True))


def _assert_stored_equals_fresh(reviewers, context):
    fresh = _fresh(reviewers)
    assert _stored(reviewers) == fresh, context
    for role in (Role.HQ_REVIEWER, Role.OVERSEAS_REVIEWER):
        ordered = list(reviewers_with_workload(role=role))
        assert [u.pk for u in ordered] == _least_loaded_first(role), context
        assert {u.pk: (u.open_assignments, u.all_assignments) for u in ordered} == _fresh(
            ordered), context


def _setting():
    hq = UserFactory(role=Role.HQ_STAFF)
    applications = [complete(SubmittedApplicationFactory()) for _ in range(APPLICATIONS)]
    reviewers = [hq_reviewer(), hq_reviewer(), office_reviewer("DUS"), office_reviewer("DUS")]
    return hq, applications, reviewers


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTIONS, min_size=1, max_size=12))
def test_stored_workload_equals_a_fresh_aggregation_after_any_sequence(actions, db):
    hq, applications, reviewers = _setting()
    for action in actions:
        with contextlib.suppress(ValidationError, PermissionDenied):
            _act(action, applications, reviewers, hq)
        _assert_stored_equals_fresh(reviewers, action)


def test_every_kind_of_change_is_stored(django_capture_on_commit_callbacks):
    """The hypothesis test's actions, each once, in an order where each succeeds and
    changes the numbers HQ reads: (open, all) per reviewer."""
    hq, (first, second), (hq1, hq2, dus1, dus2) = _setting()

    def load(reviewer):
        (row,) = with_workload_of([User.objects.get(pk=reviewer.pk)])
        return row.open_assignments, row.all_assignments

    application_assign_reviewers(application=first, reviewers=[hq1, dus1], by=hq)
    application_assign_reviewers(application=second, reviewers=[hq1, hq2, dus1], by=hq)
    assert (load(hq1), load(hq2), load(dus1), load(dus2)) == ((2, 2), (1, 1), (2, 2), (0, 0))
    hq1_first = ReviewAssignment.objects.get(application=first, reviewer=hq1)
    conflict_declare(assignment=hq1_first, by=hq1, has_conflict=False)
    review_save(assignment=hq1_first, by=hq1, data=REVIEW, submit=True)
    assert load(hq1) == (1, 2)  # submitted: no longer open, still assigned
    review_reopen(review=ReviewAssignment.objects.get(pk=hq1_first.pk).review, by=hq)
    assert load(hq1) == (2, 2)
    conflict_declare(assignment=ReviewAssignment.objects.get(application=second, reviewer=hq2),
                     by=hq2, has_conflict=True, conflict_type=ConflictType.ORGANISATION,
                     note="Former employee")
    assert load(hq2) == (0, 0)  # a declared conflict counts neither way
    standing_conflict_declare(by=dus1, conflict_type=ConflictType.ORGANISATION,
                              note="Adviser", organisation=first.organisation)
    assert load(dus1) == (1, 1)
    application_assign_reviewers(application=first, reviewers=[dus2], by=hq)
    assert load(dus2) == (1, 1)
    assignment_remove(assignment=ReviewAssignment.objects.get(application=first, reviewer=dus2),
                      by=hq)
    assert load(dus2) == (0, 0)
    reviewer_set_active(reviewer=hq1, active=False, by=hq)
    assert load(hq1) == (0, 2)  # a deactivated reviewer has nothing open
    reviewer_set_active(reviewer=hq1, active=True, by=hq)
    assert load(hq1) == (2, 2)
    application_request_information(application=second, by=hq, note="Year 2's budget.")
    assert load(hq1) == (1, 2)  # the application no longer awaits reviews
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=second, by=applicant_of(second.organisation),
                           answer="In the cost proposal.")
    second.refresh_from_db()
    assert (second.status, load(hq1)) == ("under_review", (2, 2))  # back where it was
    application_withdraw(application=first, by=applicant_of(first.organisation))
    assert load(hq1) == (1, 2)
    _assert_stored_equals_fresh([hq1, hq2, dus1, dus2], "end")


def test_the_rebuild_stores_what_was_written_around_the_services(capsys):
    """Data written without the services (a restore, bench/generate.py): the operators'
    command stores every reviewer's workload afresh, and a reviewer without a row reads as
    nothing assigned."""
    hq, (application, _other), reviewers = _setting()
    application_assign_reviewers(application=application, reviewers=reviewers[::2], by=hq)
    ReviewerLoad.objects.all().delete()
    idle = hq_reviewer()
    assert _stored([*reviewers, idle]) == {u.pk: (0, 0) for u in [*reviewers, idle]}
    call_command("reviewer_loads_rebuild")
    assert "Workload stored for" in capsys.readouterr().out
    _assert_stored_equals_fresh([*reviewers, idle], "rebuilt")
    assert reviewer_loads_rebuild() == User.objects.filter(
        role__in=(Role.HQ_REVIEWER, Role.OVERSEAS_REVIEWER)).count()
    assert ReviewerLoad.objects.filter(reviewer=reviewers[0]).values_list(
        "awaiting", "unconflicted").get() == (1, 1)


def _page_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", ["reviewers", "reviewers-office", "assign"])
def test_the_pages_read_the_stored_workload_in_as_many_queries_for_one_reviewer_as_for_many(
        client, hq_staff, url):
    """HQ's reviewers page (and `?office=`) and the assignment page: the same number of
    queries with one busy reviewer of each kind as with five, and none of them counts
    assignments."""
    application = SubmittedApplicationFactory()  # Düsseldorf's
    path = {"reviewers": reverse("reviews:reviewers"),
            "reviewers-office": reverse("reviews:reviewers") + "?office=DUS",
            "assign": reverse("reviews:assign", args=[application.pk])}[url]
    client.force_login(hq_staff)
    counts = []
    for _round in range(2):
        for _ in range(1 if not counts else 4):
            for reviewer in (hq_reviewer(), office_reviewer("DUS")):
                for _ in range(2):
                    AssignmentFactory(reviewer=reviewer)
        queries = _page_queries(client, path)
        assert not [sql for sql in queries
                    if "COUNT(" in sql and "reviews_reviewassignment" in sql], url
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
