"""The one state machine: every move's permission, table-driven; illegal moves refused."""

import pytest

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from applications.workflow import TRANSITIONS, application_transition
from rit_portal.lifecycle import IllegalTransition
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

APPLICANT, HQ, HQ_REVIEWER, OVERSEAS, OTHER_APPLICANT, PORTAL = (
    "applicant", "hq", "hq_reviewer", "overseas", "other_applicant", "portal")

# Who may make each move of the table (for an application whose decision is unpublished).
EXPECTED = {
    (S.DRAFT, S.SUBMITTED): {APPLICANT},
    (S.DRAFT, S.WITHDRAWN): {APPLICANT},
    (S.SUBMITTED, S.UNDER_REVIEW): {HQ, PORTAL},
    (S.SUBMITTED, S.INFO_REQUESTED): {HQ},
    (S.SUBMITTED, S.WITHDRAWN): {APPLICANT},
    (S.INFO_REQUESTED, S.SUBMITTED): {APPLICANT},
    (S.INFO_REQUESTED, S.WITHDRAWN): {APPLICANT},
    (S.UNDER_REVIEW, S.REVIEWED): {HQ, PORTAL},
    (S.UNDER_REVIEW, S.INFO_REQUESTED): {HQ},
    (S.UNDER_REVIEW, S.WITHDRAWN): {APPLICANT},
    (S.REVIEWED, S.ELIGIBLE): {HQ},
    (S.REVIEWED, S.INELIGIBLE): {HQ},
    (S.REVIEWED, S.UNDER_REVIEW): {HQ},
    (S.REVIEWED, S.WITHDRAWN): {APPLICANT},
    (S.ELIGIBLE, S.APPROVED): {HQ},
    (S.ELIGIBLE, S.REJECTED): {HQ},
    (S.ELIGIBLE, S.WAITLISTED): {HQ},
    (S.ELIGIBLE, S.INELIGIBLE): {HQ},
    (S.ELIGIBLE, S.WITHDRAWN): {APPLICANT},
    (S.INELIGIBLE, S.ELIGIBLE): {HQ},
    (S.WAITLISTED, S.APPROVED): {HQ},
    (S.WAITLISTED, S.REJECTED): {HQ},
    (S.WAITLISTED, S.WITHDRAWN): {APPLICANT},
}
ACTORS = (APPLICANT, HQ, HQ_REVIEWER, OVERSEAS, OTHER_APPLICANT, PORTAL)


def test_expected_table_lists_exactly_the_moves_of_the_workflow():
    moves = {(source, to) for source, targets in TRANSITIONS.items() for to in targets}
    assert moves == set(EXPECTED)


@pytest.fixture
def actors(db):
    from regions.models import JetroOffice

    application = ApplicationFactory()
    return application, {
        APPLICANT: UserFactory(role=Role.APPLICANT, organisation=application.organisation),
        HQ: UserFactory(role=Role.HQ_STAFF),
        HQ_REVIEWER: UserFactory(role=Role.HQ_REVIEWER),
        OVERSEAS: UserFactory(role=Role.OVERSEAS_REVIEWER,
                              office=JetroOffice.objects.get(code="DUS")),
        OTHER_APPLICANT: UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory()),
        PORTAL: None,
    }


def _case_id(value) -> str:
    """The same id in every process (a set's order follows the process's hash seed, and
    pytest-xdist's workers must collect the same names)."""
    return str(sorted(value)) if isinstance(value, set | frozenset) else str(value)


@pytest.mark.parametrize(("move", "allowed"), sorted(EXPECTED.items()), ids=_case_id)
def test_every_move_permits_exactly_the_expected_actors(actors, move, allowed):
    application, users = actors
    source, to = move
    application.status = source
    rule = TRANSITIONS[source][to]
    permitted = {name for name in ACTORS if rule.allowed.test(users[name], application)}
    assert permitted == allowed


def test_illegal_move_draft_to_approved_is_refused_and_nothing_is_saved(actors):
    application, users = actors
    with pytest.raises(IllegalTransition):
        application_transition(application=application, to=S.APPROVED, by=users[HQ])
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert StatusChange.objects.filter(application=application).count() == 0


def test_a_reviewer_cannot_make_an_hq_move(actors):
    application, users = actors
    application.status = S.SUBMITTED
    application.save()
    with pytest.raises(IllegalTransition):
        application_transition(application=application, to=S.UNDER_REVIEW,
                               by=users[HQ_REVIEWER])
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
