"""Scoring: drafts and submission, locking, aggregation, pass marks, spread, consensus."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from applications.workflow import application_transition
from reviews.enums import ConflictStatus, ReviewStatus
from reviews.models import ReviewSettings
from reviews.selectors import application_scores, criterion_passes, visible_reviews
from reviews.services import (
    consensus_record,
    review_reopen,
    review_save,
    weighted_value,
)
from tests.reviews.factories import (
    AssignmentFactory,
    office_reviewer,
    reviewed_application,
    submitted_review,
)

pytestmark = pytest.mark.django_db

COMPLETE = {"c1_score": 4, "c1_comment": "Six firms", "c2_score": 3, "c2_comment": "Plausible",
            "c3_score": 5, "c3_comment": "Letter of intent", "value_score": Decimal("7"),
            "value_comment": "Good", "recommendation": "support"}


@pytest.mark.parametrize(("mean", "pass_mark", "passes"), [
    (Decimal("2.99"), Decimal("3"), False),
    (Decimal("3"), Decimal("3"), True),
    (Decimal("3.00"), Decimal("3.00"), True),
    (Decimal("2.5"), Decimal("2.5"), True),
    (Decimal("2.49"), Decimal("2.5"), False),
])
def test_pass_mark_comparison_is_exact(mean, pass_mark, passes):
    assert criterion_passes(mean=mean, pass_mark=pass_mark) is passes


def test_a_mean_of_eight_thirds_fails_a_pass_mark_of_2_67():
    """8/3 = 2.666…: rounded to two places it would read 2.67 and wrongly pass."""
    application = reviewed_application(scores=[(3, 3, 3, "5"), (3, 3, 3, "5"),
                                               (2, 3, 3, "5")])
    ReviewSettings.objects.create(call=application.call, pass_mark_c1=Decimal("2.67"))
    c1 = application_scores(application=application).by_criterion["c1"]
    assert (c1.mean, c1.passes) == (Decimal("2.66"), False)


def test_eligible_only_when_every_criterion_passes(hq_staff):
    application = reviewed_application(scores=[(3, 3, 3, "6"), (3, 2, 3, "6")])  # C2 2.5
    scores = application_scores(application=application)
    assert [(c.criterion, c.mean, c.passes) for c in scores.criteria] == [
        ("c1", Decimal("3.00"), True), ("c2", Decimal("2.50"), False),
        ("c3", Decimal("3.00"), True)]
    assert scores.passes is False
    with pytest.raises(ValidationError):
        application_transition(application=application, to=S.ELIGIBLE, by=hq_staff,
                               below_pass_mark=application_scores(application=application).failing)
    application.refresh_from_db()
    assert application.status == S.REVIEWED
    # A lower pass mark for C2 makes the same scores pass.
    ReviewSettings.objects.create(call=application.call, pass_mark_c2=Decimal("2.5"))
    application_transition(application=application, to=S.ELIGIBLE, by=hq_staff,
                           below_pass_mark=application_scores(application=application).failing)
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE


@pytest.mark.parametrize(("second", "spread"), [((1, 3, 3), True), ((2, 3, 3), False),
                                                ((3, 5, 3), True), ((3, 4, 2), False)])
def test_spread_flag_appears_at_a_difference_of_two(second, spread):
    application = reviewed_application(scores=[(3, 3, 3, "6"), (*second, "6")])
    assert application_scores(application=application).spread is spread


def test_value_mean_of_the_reviewers():
    application = reviewed_application(scores=[(3, 3, 3, "6"), (3, 3, 3, "7"),
                                               (3, 3, 3, "7")])
    assert application_scores(application=application).value_mean == Decimal("6.67")


def test_consensus_counts_instead_of_the_mean_and_keeps_the_scores(hq_staff):
    application = reviewed_application(scores=[(3, 3, 3, "6"), (3, 1, 3, "6")])  # C2 2.0
    consensus_record(application=application, criterion="c2", score=3,
                     reason="Agreed in the panel: the tie-ups are specific", by=hq_staff)
    c2 = application_scores(application=application).by_criterion["c2"]
    assert (c2.scores, c2.mean, c2.counted_display, c2.passes, c2.spread) == (
        [3, 1], Decimal("2.00"), Decimal("3.00"), True, True)
    application_transition(application=application, to=S.ELIGIBLE, by=hq_staff,
                           below_pass_mark=application_scores(application=application).failing)


def test_consensus_needs_a_reason(hq_staff):
    application = reviewed_application()
    with pytest.raises(ValidationError) as exc:
        consensus_record(application=application, criterion="c1", score=4, reason=" ",
                         by=hq_staff)
    assert list(exc.value.error_dict) == ["reason"]


def test_a_draft_may_be_incomplete_and_submission_names_each_missing_field():
    assignment = AssignmentFactory()
    review = review_save(assignment=assignment, by=assignment.reviewer,
                         data={"c1_score": 4, "c1_comment": "Six firms"})
    assert (review.status, review.c1_score, review.c2_score) == (ReviewStatus.DRAFT, 4, None)
    with pytest.raises(ValidationError) as exc:
        review_save(assignment=assignment, by=assignment.reviewer, data={}, submit=True)
    assert sorted(exc.value.error_dict) == sorted([
        "c2_score", "c2_comment", "c3_score", "c3_comment", "value_score", "value_comment",
        "recommendation"])
    review.refresh_from_db()
    assert (review.status, review.c1_comment) == (ReviewStatus.DRAFT, "Six firms")


def test_scoring_requires_a_declaration_first():
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    with pytest.raises(ValidationError):
        review_save(assignment=assignment, by=assignment.reviewer, data=COMPLETE)


def test_submitting_locks_and_hq_can_reopen(hq_staff):
    assignment = AssignmentFactory()
    review = review_save(assignment=assignment, by=assignment.reviewer, data=COMPLETE,
                         submit=True)
    assert review.status == ReviewStatus.SUBMITTED
    with pytest.raises(ValidationError):
        review_save(assignment=assignment, by=assignment.reviewer, data={"c1_score": 1})
    review_reopen(review=review, by=hq_staff)
    review = review_save(assignment=assignment, by=assignment.reviewer, data={"c1_score": 1})
    assert (review.status, review.c1_score) == (ReviewStatus.DRAFT, 1)


def test_the_last_submitted_review_moves_the_application_to_reviewed_by_the_portal():
    first = AssignmentFactory()
    second = AssignmentFactory(application=first.application, reviewer=office_reviewer())
    review_save(assignment=first, by=first.reviewer, data=COMPLETE, submit=True)
    first.application.refresh_from_db()
    assert first.application.status == S.UNDER_REVIEW
    review_save(assignment=second, by=second.reviewer, data=COMPLETE, submit=True)
    first.application.refresh_from_db()
    assert first.application.status == S.REVIEWED
    change = StatusChange.objects.get(application=first.application)
    assert (change.from_status, change.to_status, change.by) == (S.UNDER_REVIEW, S.REVIEWED,
                                                                 None)


def test_reopening_a_review_of_a_reviewed_application_sends_it_back(hq_staff):
    application = reviewed_application()
    review = application.review_assignments.first().review
    review_reopen(review=review, by=hq_staff)
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_others_scores_stay_hidden_until_the_reviewer_submits():
    first = AssignmentFactory()
    second = AssignmentFactory(application=first.application, reviewer=office_reviewer())
    submitted_review(first)
    assert visible_reviews(assignment=second) == []
    review_save(assignment=second, by=second.reviewer, data=COMPLETE, submit=True)
    second.refresh_from_db()
    assert visible_reviews(assignment=second) == [first]


def test_weighted_value_aspects_make_the_value_score():
    assert weighted_value(aspects={"regional_impact": 8, "continuity": 5},
                          weights={"regional_impact": 2, "continuity": 1}) == Decimal("7.00")
    assignment = AssignmentFactory()
    ReviewSettings.objects.create(call=assignment.application.call, weight_regional_impact=2,
                                  weight_continuity=1)
    review = review_save(assignment=assignment, by=assignment.reviewer,
                         data={**COMPLETE, "value_score": None,
                               "value_aspects": {"regional_impact": 7, "continuity": 4}},
                         submit=True)
    assert review.value_score == Decimal("6.00")


def test_a_conflict_declared_last_completes_the_review_when_coverage_remains():
    first = AssignmentFactory()
    second = AssignmentFactory(application=first.application, reviewer=office_reviewer())
    third = AssignmentFactory(application=first.application, reviewer=office_reviewer(),
                              conflict_status=ConflictStatus.UNDECLARED)
    submitted_review(first)
    submitted_review(second)
    from reviews.services import conflict_declare

    conflict_declare(assignment=third, by=third.reviewer, has_conflict=True,
                     conflict_type="partner_region", note="Related to the partner agency")
    first.application.refresh_from_db()
    assert first.application.status == S.REVIEWED
