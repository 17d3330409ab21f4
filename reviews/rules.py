"""Who may assign, review and decide. Checked in views by name and in services."""

import rules

from accounts.rules import is_hq_staff, is_reviewer

from .selectors import assignments_visible_to


@rules.predicate
def is_assigned_reviewer(user, application) -> bool:
    """The user holds a visible (not conflicted, in-territory) assignment for it."""
    return application is not None and assignments_visible_to(user=user).filter(
        application=application).exists()


@rules.predicate
def owns_assignment(user, assignment) -> bool:
    """Only the assigned reviewer declares conflicts on and scores an assignment."""
    return (assignment is not None and user is not None
            and assignment.reviewer_id == getattr(user, "pk", None))


rules.add_perm("reviews.manage_reviews", is_hq_staff)  # assign, settings, board, publish
rules.add_perm("reviews.review_application", is_reviewer & is_assigned_reviewer)
