"""Factories and builders for the review process."""

from decimal import Decimal

import factory
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from regions.models import JetroOffice
from reviews.enums import ConflictStatus, FeedbackItem, Recommendation, ReviewStatus
from reviews.models import Feedback, Review, ReviewAssignment
from reviews.services import reviewer_loads_refresh, score_tally_refresh
from tests.factories import ApplicationFactory, UserFactory

_reference = factory.Sequence(lambda n: f"RIT-FY2027-{n + 1:04d}")


class SubmittedApplicationFactory(ApplicationFactory):
    status = S.SUBMITTED
    reference = _reference
    sequence = factory.Sequence(lambda n: n + 1)
    submitted_at = factory.LazyFunction(timezone.now)


def hq_reviewer(**kwargs):
    return UserFactory(role=Role.HQ_REVIEWER, office=JetroOffice.objects.get(code="HQ"),
                       **kwargs)


def office_reviewer(code: str = "DUS", **kwargs):
    return UserFactory(role=Role.OVERSEAS_REVIEWER, office=JetroOffice.objects.get(code=code),
                       **kwargs)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment
        skip_postgeneration_save = True

    application = factory.SubFactory(SubmittedApplicationFactory, status=S.UNDER_REVIEW)
    reviewer = factory.LazyFunction(hq_reviewer)
    assigned_at = factory.LazyFunction(timezone.now)
    conflict_status = ConflictStatus.NONE

    @factory.post_generation
    def tally(obj, create, extracted, **kwargs):
        """Made without the services: the application's stored scores and the reviewer's
        stored workload kept as they would."""
        if create:
            score_tally_refresh(application_ids=[obj.application_id])
            reviewer_loads_refresh(reviewer_ids=[obj.reviewer_id])


def submitted_review(assignment, *, c1=3, c2=3, c3=3, value="6", **extra) -> Review:
    review = Review.objects.create(
        assignment=assignment, status=ReviewStatus.SUBMITTED, c1_score=c1, c2_score=c2,
        c3_score=c3, c1_comment="c1", c2_comment="c2", c3_comment="c3",
        value_score=Decimal(value), value_comment="v", recommendation=Recommendation.SUPPORT,
        submitted_at=timezone.now(), **extra)
    score_tally_refresh(application_ids=[assignment.application_id])
    reviewer_loads_refresh(reviewer_ids=[assignment.reviewer_id])
    return review


def with_feedback(application, by=None):
    """HQ's feedback to the applicant written for every criterion and the value."""
    by = by or UserFactory(role=Role.HQ_STAFF)
    for item in FeedbackItem:
        Feedback.objects.create(application=application, item=item, written_by=by,
                                written_at=timezone.now(),
                                comment=f"Comment of the programme office on {item.value}.")
    return application


def reviewed_application(*, scores=((3, 3, 3, "6"), (3, 3, 3, "6")), status=S.REVIEWED,
                         feedback=True, **kwargs):
    """An application with one HQ and further overseas reviewers, each review submitted,
    and (unless `feedback=False`) HQ's feedback to the applicant written.

    `scores` is one (c1, c2, c3, value) per reviewer; the first is the HQ reviewer.
    """
    application = SubmittedApplicationFactory(status=status, **kwargs)
    for i, (c1, c2, c3, value) in enumerate(scores):
        reviewer = hq_reviewer() if i == 0 else office_reviewer()
        assignment = AssignmentFactory(application=application, reviewer=reviewer)
        submitted_review(assignment, c1=c1, c2=c2, c3=c3, value=value)
    StatusChange.objects.create(application=application, from_status=S.UNDER_REVIEW,
                                to_status=status)
    if feedback:
        with_feedback(application)
    return application
