"""Assignment: the proposal (covering office, least loaded), coverage, the status move."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from regions.models import PartnerRegion
from reviews.enums import ConflictStatus
from reviews.models import ReviewAssignment
from reviews.selectors import applications_missing_reviewers, reviewers_proposed
from reviews.services import (
    application_assign_reviewers,
    assignments_assign_proposed,
    conflict_declare,
)
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
)

pytestmark = pytest.mark.django_db


def test_proposal_is_the_least_loaded_hq_and_covering_office_reviewer():
    busy_hq, free_hq = hq_reviewer(last_name="A"), hq_reviewer(last_name="B")
    busy_dus, free_dus = office_reviewer("DUS", last_name="A"), office_reviewer("DUS",
                                                                               last_name="B")
    office_reviewer("PAR")
    AssignmentFactory(reviewer=busy_hq)
    AssignmentFactory(reviewer=busy_dus)
    application = SubmittedApplicationFactory()  # Baden-Württemberg, Germany
    assert reviewers_proposed(application=application) == [free_hq, free_dus]


def test_submitted_reviews_do_not_count_as_open_workload():
    from tests.reviews.factories import submitted_review

    first, second = hq_reviewer(last_name="A"), hq_reviewer(last_name="B")
    submitted_review(AssignmentFactory(reviewer=first))
    AssignmentFactory(reviewer=second)
    office_reviewer("DUS")
    application = SubmittedApplicationFactory()
    assert reviewers_proposed(application=application)[0] == first


def test_proposal_for_a_french_partner_comes_from_paris():
    hq = hq_reviewer()
    office_reviewer("DUS")
    paris = office_reviewer("PAR")
    application = SubmittedApplicationFactory(
        partner_region=PartnerRegion.objects.get(name_en="Cosmetic Valley"))
    assert reviewers_proposed(application=application) == [hq, paris]


def test_assigning_moves_submitted_to_under_review(hq_staff):
    application = SubmittedApplicationFactory()
    reviewers = [hq_reviewer(), office_reviewer("DUS")]
    created = application_assign_reviewers(application=application, reviewers=reviewers,
                                           by=hq_staff)
    application.refresh_from_db()
    assert [a.reviewer for a in created] == reviewers
    assert application.status == S.UNDER_REVIEW
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.by) == (S.SUBMITTED, S.UNDER_REVIEW,
                                                                 hq_staff)


@pytest.mark.parametrize("which", ["hq_only", "office_only"])
def test_an_hq_and_an_office_reviewer_are_both_required(hq_staff, which):
    application = SubmittedApplicationFactory()
    reviewers = [hq_reviewer()] if which == "hq_only" else [office_reviewer("DUS")]
    with pytest.raises(ValidationError):
        application_assign_reviewers(application=application, reviewers=reviewers, by=hq_staff)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert ReviewAssignment.objects.count() == 0


def test_a_reviewer_of_another_office_cannot_be_assigned(hq_staff):
    application = SubmittedApplicationFactory()  # Germany
    with pytest.raises(ValidationError) as exc:
        application_assign_reviewers(application=application,
                                     reviewers=[hq_reviewer(), office_reviewer("PAR")],
                                     by=hq_staff)
    assert "territory" in exc.value.messages[0]
    assert ReviewAssignment.objects.count() == 0


def test_only_hq_staff_assign(hq_reviewer):
    application = SubmittedApplicationFactory()
    with pytest.raises(PermissionDenied):
        application_assign_reviewers(application=application, reviewers=[], by=hq_reviewer)


def test_bulk_assign_gives_each_its_proposal_and_reports_the_rest(hq_staff):
    hq_reviewer()
    office_reviewer("DUS")
    german = SubmittedApplicationFactory()
    korean = SubmittedApplicationFactory(  # no Seoul reviewer exists
        partner_region=PartnerRegion.objects.get(name_en="Gyeongsangnam-do"))
    done, errors = assignments_assign_proposed(applications=[german, korean], by=hq_staff)
    german.refresh_from_db()
    korean.refresh_from_db()
    assert (done, german.status, korean.status) == (1, S.UNDER_REVIEW, S.SUBMITTED)
    assert len(errors) == 1 and errors[0].startswith(korean.reference)


def test_a_declared_conflict_flags_the_application_for_reassignment(hq_staff):
    assignment = AssignmentFactory(reviewer=office_reviewer("DUS"),
                                   conflict_status=ConflictStatus.UNDECLARED)
    AssignmentFactory(application=assignment.application)  # the HQ reviewer
    assert list(applications_missing_reviewers()) == []
    conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=True,
                     conflict_type="personal", note="Former employee of a consortium firm")
    assert list(applications_missing_reviewers()) == [assignment.application]
    # HQ reassigns; the conflicted reviewer is not proposed again.
    replacement = office_reviewer("DUS")
    assert reviewers_proposed(application=assignment.application) == [replacement]
    application_assign_reviewers(application=assignment.application, reviewers=[replacement],
                                 by=hq_staff)
    assert list(applications_missing_reviewers()) == []


def test_a_conflict_needs_a_note_and_only_the_reviewer_declares(hq_staff):
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    with pytest.raises(ValidationError):
        conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=True)
    with pytest.raises(PermissionDenied):
        conflict_declare(assignment=assignment, by=hq_staff, has_conflict=False)
    assignment.refresh_from_db()
    assert assignment.conflict_status == ConflictStatus.UNDECLARED


def test_among_equally_free_reviewers_the_one_with_fewer_assignments_comes_first():
    from tests.reviews.factories import submitted_review

    seasoned, fresh = hq_reviewer(last_name="A"), hq_reviewer(last_name="B")
    submitted_review(AssignmentFactory(reviewer=seasoned))
    office_reviewer("DUS")
    application = SubmittedApplicationFactory()
    assert reviewers_proposed(application=application)[0] == fresh


def test_a_conflicted_reviewer_is_no_candidate_and_the_conflict_stays_on_record(hq_staff):
    from reviews.selectors import assignment_candidates
    from reviews.services import assignment_remove

    conflicted = AssignmentFactory(reviewer=office_reviewer("DUS"),
                                   conflict_status=ConflictStatus.CONFLICT,
                                   conflict_note="Shareholder of a consortium firm",
                                   conflict_type="personal")
    other = office_reviewer("DUS")
    hq = hq_reviewer()
    assert assignment_candidates(application=conflicted.application) == [hq, other]
    with pytest.raises(ValidationError):
        assignment_remove(assignment=conflicted, by=hq_staff)
    assert ReviewAssignment.objects.filter(pk=conflicted.pk).exists()


def test_withdrawing_an_open_assignment(hq_staff):
    from reviews.services import assignment_remove

    assignment = AssignmentFactory()
    assignment_remove(assignment=assignment, by=hq_staff)
    assert ReviewAssignment.objects.count() == 0
