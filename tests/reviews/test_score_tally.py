"""The scores stored with the reviews (reviews.models.ScoreTally): after any sequence of the
review services' actions (hypothesis draws them), the stored figures equal a fresh
aggregation of the reviews that count; the board sorts and shows them as it did when it
aggregated them on each request."""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.enums import Role
from applications.models import Application
from reviews.enums import ConflictStatus, ConflictType, ReviewStatus
from reviews.models import ReviewAssignment, ScoreTally
from reviews.selectors import TALLY_FIELDS, application_scores, with_score_aggregates
from reviews.services import (
    application_assign_reviewers,
    assignment_remove,
    conflict_declare,
    review_reopen,
    review_save,
    standing_conflict_declare,
)
from sponsorship.selectors import _board_order, board_applications, board_page
from tests.factories import CallFactory, UserFactory
from tests.reviews.factories import (
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
    reviewed_application,
)

pytestmark = pytest.mark.django_db

REVIEWERS = 4  # two at HQ, two at the office covering the partner region

_scores = st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5),
                    st.integers(0, 1000).map(lambda n: Decimal(n) / 100))
ACTIONS = st.one_of(
    st.tuples(st.just("assign"), st.sets(st.integers(0, REVIEWERS - 1), min_size=1)),
    st.tuples(st.just("withdraw"), st.integers(0, REVIEWERS - 1)),
    st.tuples(st.just("declare"), st.integers(0, REVIEWERS - 1), st.booleans()),
    st.tuples(st.just("draft"), st.integers(0, REVIEWERS - 1), _scores),
    st.tuples(st.just("submit"), st.integers(0, REVIEWERS - 1), _scores),
    st.tuples(st.just("reopen"), st.integers(0, REVIEWERS - 1)),
    st.tuples(st.just("standing"), st.integers(0, REVIEWERS - 1)),
)


def _review_data(scores) -> dict:
    c1, c2, c3, value = scores
    return {"c1_score": c1, "c1_comment": "c1", "c2_score": c2, "c2_comment": "c2",
            "c3_score": c3, "c3_comment": "c3", "value_score": value,
            "value_comment": "v", "recommendation": "support"}


def _act(action, application, reviewers, hq):
    """One review service, as its page calls it; refusals (ValidationError,
    PermissionDenied) are part of the sequence: they must leave the figures as they were."""
    name, who, *rest = action
    if name == "assign":
        return application_assign_reviewers(application=application,
                                            reviewers=[reviewers[i] for i in sorted(who)],
                                            by=hq)
    assignment = ReviewAssignment.objects.filter(application=application,
                                                 reviewer=reviewers[who]).first()
    if name == "standing":
        return standing_conflict_declare(by=reviewers[who],
                                         conflict_type=ConflictType.ORGANISATION,
                                         note="Adviser to the organisation",
                                         organisation=application.organisation)
    if assignment is None:
        return None
    if name == "withdraw":
        return assignment_remove(assignment=assignment, by=hq)
    if name == "declare":
        return conflict_declare(assignment=assignment, by=reviewers[who], has_conflict=rest[0],
                                conflict_type=ConflictType.ORGANISATION if rest[0] else "",
                                note="Former employee" if rest[0] else "")
    if name in ("draft", "submit"):
        return review_save(assignment=assignment, by=reviewers[who],
                           data=_review_data(rest[0]), submit=name == "submit")
    review = getattr(assignment, "review", None)
    if review is not None:  # reopen
        return review_reopen(review=review, by=hq)
    return None


def _stored(application) -> dict:
    tally = ScoreTally.objects.filter(application=application).values(*TALLY_FIELDS).first()
    return tally or {name: 0 if name.endswith("_count") or name.startswith("reviews_")
                     else None for name in TALLY_FIELDS}


def _fresh(application) -> dict:
    return (with_score_aggregates(Application.objects.filter(pk=application.pk))
            .values(*TALLY_FIELDS).get())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTIONS, min_size=1, max_size=12))
def test_stored_scores_equal_a_fresh_aggregation_after_any_sequence(actions, db):
    hq = UserFactory(role=Role.HQ_STAFF)
    application = SubmittedApplicationFactory()
    reviewers = [hq_reviewer(), hq_reviewer(), office_reviewer("DUS"), office_reviewer("DUS")]
    for action in actions:
        with contextlib.suppress(ValidationError, PermissionDenied):
            _act(action, application, reviewers, hq)
        application.refresh_from_db()
        assert _stored(application) == _fresh(application), action


def test_every_kind_of_change_is_stored(hq_staff):
    """The table of the hypothesis test's actions, each one once, in an order where each
    succeeds: assignment, declarations, draft, submission, reopening, withdrawal and a
    conflict declared in advance."""
    application = SubmittedApplicationFactory()
    hq1, hq2, dus = hq_reviewer(), hq_reviewer(), office_reviewer("DUS")
    application_assign_reviewers(application=application, reviewers=[hq1, hq2, dus],
                                 by=hq_staff)
    assert _stored(application)["reviews_assigned"] == 3
    assignment = {r: ReviewAssignment.objects.get(application=application, reviewer=r)
                  for r in (hq1, hq2, dus)}
    for reviewer in (hq1, dus):
        conflict_declare(assignment=assignment[reviewer], by=reviewer, has_conflict=False)
    review_save(assignment=assignment[hq1], by=hq1, data=_review_data((4, 3, 2, Decimal(7))))
    assert _stored(application)["reviews_submitted"] == 0  # a draft does not count
    review_save(assignment=assignment[hq1], by=hq1, data=_review_data((4, 3, 2, Decimal(7))),
                submit=True)
    review_save(assignment=assignment[dus], by=dus, data=_review_data((2, 3, 5, Decimal(8))),
                submit=True)
    stored = _stored(application)
    assert (stored["c1_sum"], stored["c1_count"], stored["value_mean"],
            stored["reviews_submitted"]) == (6, 2, Decimal("7.5"), 2)
    review_reopen(review=assignment[dus].review, by=hq_staff)
    assert (_stored(application)["reviews_submitted"], _stored(application)["c3_high"]) == (1, 2)
    standing_conflict_declare(by=hq2, conflict_type=ConflictType.ORGANISATION, note="Adviser",
                              organisation=application.organisation)
    assert ReviewAssignment.objects.get(pk=assignment[hq2].pk).conflict_status == (
        ConflictStatus.CONFLICT)
    assert (_stored(application)["reviews_assigned"],
            _stored(application)["reviews_conflicts"]) == (2, 1)
    extra = hq_reviewer()
    application_assign_reviewers(application=application, reviewers=[extra], by=hq_staff)
    assert _stored(application)["reviews_assigned"] == 3
    assignment_remove(assignment=ReviewAssignment.objects.get(application=application,
                                                              reviewer=extra), by=hq_staff)
    assert _stored(application) == _fresh(application)
    assert _stored(application)["reviews_assigned"] == 2
    assert application_scores(application=application).submitted == 1


def _ranking_as_aggregated(call, sort: str) -> list[int]:
    """The board's order as it was computed before the scores were stored: the mean value
    aggregated over the counted reviews on each request."""
    counted = (~Q(review_assignments__conflict_status=ConflictStatus.CONFLICT)
               & Q(review_assignments__review__status=ReviewStatus.SUBMITTED))
    return list(board_applications(call=call)
                .annotate(value_mean=Avg("review_assignments__review__value_score",
                                         filter=counted))
                .order_by(*_board_order(sort)).values_list("pk", flat=True))


@pytest.mark.parametrize("sort", ["value", "-value", "reference"])
def test_the_board_ranks_as_when_it_aggregated(hq_staff, sort):
    call = CallFactory()
    for scores in ([(3, 3, 3, "6"), (4, 3, 1, "8")], [(3, 3, 3, "7"), (3, 3, 3, "7")],
                   [(3, 3, 3, "6.33"), (3, 3, 3, "6.34"), (2, 2, 2, "6.33")],
                   [(3, 3, 3, "9.99")], [(3, 3, 3, "6.5"), (3, 3, 3, "7.5")]):
        reviewed_application(call=call, scores=scores)
    SubmittedApplicationFactory(call=call)  # no review yet: last both ways
    page = board_page(call=call, queryset=board_applications(call=call), user=hq_staff,
                      sort=sort, params={})
    assert [row.application.pk for row in page.object_list] == _ranking_as_aggregated(
        call, sort)
    for row in page.object_list:
        fresh = application_scores(application=row.application)
        assert ([(c.exact_mean, c.low, c.high) for c in row.scores.criteria]
                == [(c.exact_mean, c.low, c.high) for c in fresh.criteria])
        assert (row.scores.value_mean, row.scores.assigned, row.scores.submitted,
                row.scores.conflicts) == (fresh.value_mean, fresh.assigned, fresh.submitted,
                                          fresh.conflicts)
