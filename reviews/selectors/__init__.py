"""Every non-trivial read of the review process, one module per part (callers import from
`reviews.selectors`):

- `scoping`: what a reviewer may open (the one scoping rule, assignments_visible_to),
  conflicts declared in advance, the assignments still open and the weekly digest;
- `assignment`: reviewers' workload and HQ's reviewers page, cover, proposals, the
  assignment page, conflict hints, applications missing reviewers;
- `scores`: review settings, the scores against the pass marks, the board's aggregates;
- `outcomes`: what earlier sponsored projects reported (registered by projects);
- `feedback`: what the applicant reads once the decisions are published.
"""

from .assignment import (
    CANDIDATES_SHOWN,
    REQUIRED_REVIEWER_ROLES,
    ConflictHint,
    applications_missing_reviewers,
    assignment_applications,
    assignment_candidates,
    assignment_choices,
    assignment_gives_cover,
    assignment_rows,
    conflict_hints,
    missing_reviewer_roles,
    offices_lacking_reviewers,
    reviewer_invitations_pending,
    reviewer_may_assess,
    reviewers_for_management,
    reviewers_proposed,
    reviewers_with_workload,
    with_workload_of,
)
from .feedback import (
    FeedbackRow,
    ReviewerComment,
    feedback_missing,
    feedback_rows,
)
from .outcomes import (
    REPORTED_OUTCOMES,
    past_outcomes,
)
from .scoping import (
    DigestRow,
    applications_declared_free,
    assignment_for_reviewer,
    assignment_is_open,
    assignments_declared_free,
    assignments_visible_to,
    digest_rows,
    open_assignments,
    open_filter,
    reviewer_home_assignments,
    standing_conflict_hits,
)
from .scores import (
    TWO_PLACES,
    ApplicationScores,
    CriterionResult,
    application_scores,
    assignments_prefetch,
    criterion_passes,
    display_mean,
    review_settings_for,
    score_aggregates,
    scores_from,
    scores_from_aggregates,
    visible_reviews,
    with_score_aggregates,
)

__all__ = [
    "CANDIDATES_SHOWN",
    "ApplicationScores",
    "ConflictHint",
    "CriterionResult",
    "DigestRow",
    "FeedbackRow",
    "REPORTED_OUTCOMES",
    "REQUIRED_REVIEWER_ROLES",
    "ReviewerComment",
    "TWO_PLACES",
    "application_scores",
    "applications_declared_free",
    "applications_missing_reviewers",
    "assignment_applications",
    "assignment_candidates",
    "assignment_choices",
    "assignment_for_reviewer",
    "assignment_gives_cover",
    "assignment_is_open",
    "assignment_rows",
    "assignments_declared_free",
    "assignments_prefetch",
    "assignments_visible_to",
    "conflict_hints",
    "criterion_passes",
    "digest_rows",
    "display_mean",
    "feedback_missing",
    "feedback_rows",
    "missing_reviewer_roles",
    "offices_lacking_reviewers",
    "open_assignments",
    "open_filter",
    "past_outcomes",
    "review_settings_for",
    "reviewer_home_assignments",
    "reviewer_invitations_pending",
    "reviewer_may_assess",
    "reviewers_for_management",
    "with_workload_of",
    "reviewers_proposed",
    "reviewers_with_workload",
    "score_aggregates",
    "scores_from",
    "scores_from_aggregates",
    "standing_conflict_hits",
    "visible_reviews",
    "with_score_aggregates",
]
