"""Who may see, edit and move applications. Checked in views and in workflow rules.

Which applications a user may open is one selector's rule
(`selectors.applications_visible_to`): anything else is a 404.
"""

import rules

from accounts.rules import is_applicant, is_hq_staff


@rules.predicate
def is_organisation_member(user, application) -> bool:
    # `user` is None when the portal itself acts (workflow rules are tested for it too).
    return (application is not None and user is not None
            and user.organisation_id == application.organisation_id)


@rules.predicate
def is_editable(user, application) -> bool:
    """The application's status permits editing (workflow.ABILITIES)."""
    # Imported here: workflow.py builds its move rules from the predicates of this module.
    from .workflow import EDIT, status_grants

    return application is not None and status_grants(application, EDIT)


@rules.predicate
def decision_unpublished(user, application) -> bool:
    return application is not None and application.decision_published_at is None


@rules.predicate
def is_system(user) -> bool:
    """The portal itself acting (a Celery task, a beat job): no user."""
    return user is None


own_application = is_applicant & is_organisation_member

rules.add_perm("applications.change_application", own_application & is_editable)
rules.add_perm("applications.manage_calls", is_hq_staff)
