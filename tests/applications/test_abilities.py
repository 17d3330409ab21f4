"""What each status permits (workflow.ABILITIES), checked against what the pages offer.

Every status is walked: the applicant's page offers editing and withdrawal, the reviewer's
page scoring, HQ's review summary reopening and agreed scores, and HQ's decision page the
selection decisions and the sponsorship level, exactly when the tables say so; the
selection board offers each row the same decision controls as the decision page.
"""

import re

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.workflow import (
    ABILITIES,
    APPLICATION,
    ASSIGN_REVIEWERS,
    DECISION_MOVES,
    EDIT,
    RECORD_CONSENSUS,
    REOPEN_REVIEW,
    SCORE,
    SET_SPONSORSHIP_LEVEL,
    TRANSITIONS,
    WRITE_FEEDBACK,
)
from sponsorship.enums import DECISION_TARGETS
from tests.factories import UserFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    submitted_review,
)
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db

ACTION_OF = {to: action for action, to in DECISION_TARGETS.items()}


def _application(status):
    """An application in `status` with one submitted review (so that reopening can show)."""
    application = SubmittedApplicationFactory(status=status)
    submitted_review(AssignmentFactory(application=application, reviewer=hq_reviewer()))
    CostLineFactory(application=application)
    return application


def _expected_decisions(status) -> set[str]:
    return {ACTION_OF[to] for to in DECISION_MOVES if to in TRANSITIONS[status]}


def _offered_decisions(html: str) -> set[str]:
    return set(re.findall(r'data-decision="([a-z_]+)"', html))


def test_every_status_is_in_both_tables():
    assert set(ABILITIES) == set(TRANSITIONS) == set(S.values)


def test_the_abilities_table_as_a_newcomer_reads_it():
    assert {status: sorted(a.code for a in abilities) for status, abilities
            in ABILITIES.items()} == {
        S.DRAFT: ["edit"],
        S.SUBMITTED: ["assign_reviewers"],
        S.INFO_REQUESTED: ["edit"],
        S.UNDER_REVIEW: ["assign_reviewers", "reopen_review", "score"],
        S.REVIEWED: ["assign_reviewers", "record_consensus", "reopen_review", "write_feedback"],
        S.ELIGIBLE: ["record_consensus", "set_sponsorship_level", "write_feedback"],
        S.INELIGIBLE: ["record_consensus", "write_feedback"],
        S.WAITLISTED: ["set_sponsorship_level", "write_feedback"],
        S.APPROVED: ["set_sponsorship_level", "write_feedback"],
        S.REJECTED: ["write_feedback"],
        S.WITHDRAWN: [],
    }
    assert APPLICATION.statuses_granting(ASSIGN_REVIEWERS) == (
        S.SUBMITTED, S.UNDER_REVIEW, S.REVIEWED)


@pytest.mark.parametrize("status", S.values)
def test_hq_pages_offer_what_the_status_permits(client, status):
    application = _application(status)
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    summary = client.get(reverse("reviews:summary", args=[application.pk])).content.decode()
    granted = ABILITIES[status]
    assert ('name="reopen"' in summary) is (REOPEN_REVIEW in granted)
    assert ('data-testid="consensus-form"' in summary) is (RECORD_CONSENSUS in granted)
    assert ('data-testid="feedback-link"' in summary) is (WRITE_FEEDBACK in granted)
    assert ('data-testid="request-information"' in summary) is (
        S.INFO_REQUESTED in TRANSITIONS[status])
    expected_decisions = _expected_decisions(status)
    decides = bool(expected_decisions) or SET_SPONSORSHIP_LEVEL in granted
    assert ('data-testid="decision-link"' in summary) is decides

    page = client.get(reverse("sponsorship:decide", args=[application.pk])).content.decode()
    assert ('data-testid="set-sponsorship-level"' in page) is (SET_SPONSORSHIP_LEVEL in granted)
    assert _offered_decisions(page) == expected_decisions

    board = client.get(reverse("sponsorship:board",
                               args=[application.call_id])).content.decode()
    if status == S.DRAFT:  # drafts are not on the board
        assert application.reference not in board
        return
    # The board offers the row the same decision controls as the decision page.
    assert ('data-testid="set-sponsorship-level"' in board) is (
        SET_SPONSORSHIP_LEVEL in granted)
    assert ('data-testid="write-feedback"' in board) is (WRITE_FEEDBACK in granted)
    assert _offered_decisions(board) == expected_decisions


@pytest.mark.parametrize("status", S.values)
def test_the_applicant_page_offers_editing_and_withdrawal_as_the_tables_say(client, status):
    application = _application(status)
    client.force_login(UserFactory(role=Role.APPLICANT, organisation=application.organisation))
    response = client.get(reverse("applications:detail", args=[application.pk]))
    page = response.content.decode()
    may = response.context["may"]
    assert may.edit is (EDIT in ABILITIES[status])
    assert may.withdraw is (S.WITHDRAWN in TRANSITIONS[status])
    assert (reverse("applications:section-overview", args=[application.pk]) in page) is may.edit
    assert (reverse("applications:withdraw", args=[application.pk]) in page) is may.withdraw


@pytest.mark.parametrize("status", S.values)
def test_the_reviewer_may_score_only_when_the_status_permits(client, status):
    application = SubmittedApplicationFactory(status=status)
    reviewer = hq_reviewer()
    AssignmentFactory(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:review", args=[application.pk]))
    assert response.context["can_score"] is (SCORE in ABILITIES[status])
