"""Rules held both in Python (for one object) and as a query (for many) are one rule: each
pair is checked equal over every case, so the two cannot drift apart again.

- An assignment is open (reviews.selectors.assignment_is_open / open_filter): the
  application awaits reviews, the reviewer is active, no conflict, no submitted review.
  The two once disagreed: only the query required an active reviewer. A deactivated
  reviewer's assignment is not awaited (it is reassigned, assignment_gives_cover): not open.
- An application's decision is published (applications.predicates.is_decision_published /
  published).
"""

import itertools

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from applications.models import Application
from applications.predicates import is_decision_published, published_filter
from reviews.enums import ConflictStatus, ConflictType, ReviewStatus
from reviews.models import ReviewAssignment
from reviews.selectors import assignment_is_open, open_assignments
from tests.factories import ApplicationFactory

from .factories import AssignmentFactory, SubmittedApplicationFactory, hq_reviewer

pytestmark = pytest.mark.django_db


def test_an_assignment_is_open_by_one_rule_in_python_and_in_sql():
    cases = list(itertools.product(
        [S.SUBMITTED, S.UNDER_REVIEW, S.REVIEWED, S.WITHDRAWN],
        [True, False],  # the reviewer is active
        [ConflictStatus.UNDECLARED, ConflictStatus.NONE, ConflictStatus.CONFLICT],
        [None, ReviewStatus.DRAFT, ReviewStatus.SUBMITTED]))
    assignments = []
    for status, active, conflict, review in cases:
        conflicted = conflict == ConflictStatus.CONFLICT
        assignment = AssignmentFactory(
            application=SubmittedApplicationFactory(status=status),
            reviewer=hq_reviewer(is_active=active), conflict_status=conflict,
            conflict_type=ConflictType.ORGANISATION if conflicted else "",
            conflict_note="Former employer." if conflicted else "")
        if review is not None:
            _review(assignment, review)
        assignments.append(assignment)
    in_sql = set(open_assignments().values_list("pk", flat=True))
    in_python = {a.pk for a in ReviewAssignment.objects.select_related(
        "application", "reviewer", "review") if assignment_is_open(a)}
    assert in_python == in_sql
    # The rule itself, case by case.
    expected = {a.pk for a, (status, active, conflict, review) in zip(assignments, cases,
                                                                        strict=True)
                if status in (S.SUBMITTED, S.UNDER_REVIEW) and active
                and conflict != ConflictStatus.CONFLICT and review != ReviewStatus.SUBMITTED}
    assert in_sql == expected
    assert len(expected) == 2 * 2 * 2  # two statuses, two conflict states, two review states


def _review(assignment, status):
    from reviews.models import Review

    return Review.objects.create(
        assignment=assignment, status=status,
        submitted_at=timezone.now() if status == ReviewStatus.SUBMITTED else None)


@pytest.mark.parametrize("published_at", [None, "now"])
def test_published_is_one_rule_in_python_and_in_sql(published_at):
    application = ApplicationFactory(
        status=S.APPROVED, decision_published_at=timezone.now() if published_at else None)
    assert is_decision_published(application) == Application.objects.filter(
        published_filter(), pk=application.pk).exists()
    assert (not is_decision_published(application)) == Application.objects.filter(
        published_filter(yes=False), pk=application.pk).exists()
