"""Who may manage reviews and who may score an assignment. Checked in views by name and in
services. Which applications a reviewer may open is one selector's rule
(selectors.assignments_visible_to): anything else is a 404."""

import rules

from accounts.rules import is_hq_staff
from applications.rules import decision_published, own_application


@rules.predicate
def owns_assignment(user, assignment) -> bool:
    """Only the assigned reviewer declares conflicts on and scores an assignment."""
    return (assignment is not None and user is not None
            and assignment.reviewer_id == getattr(user, "pk", None))


rules.add_perm("reviews.manage_reviews", is_hq_staff)  # assign, settings, board, publish
# HQ invites reviewers for an office (or HQ) and deactivates or reactivates them.
rules.add_perm("reviews.manage_reviewers", is_hq_staff)


# The applicant organisation reads its feedback once the decisions are published.
rules.add_perm("reviews.read_feedback", own_application & decision_published)
