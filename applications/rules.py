"""Who may see, edit and move applications. Checked in views and in workflow rules."""

import rules

from accounts.rules import is_applicant, is_hq_staff

from .enums import EDITABLE


@rules.predicate
def is_organisation_member(user, application) -> bool:
    # `user` is None when the portal itself acts (workflow rules are tested for it too).
    return (application is not None and user is not None
            and user.organisation_id == application.organisation_id)


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.status in EDITABLE


@rules.predicate
def decision_unpublished(user, application) -> bool:
    return application is not None and application.decision_published_at is None


@rules.predicate
def is_system(user) -> bool:
    """The portal itself acting (a Celery task, a beat job): no user."""
    return user is None


own_application = is_applicant & is_organisation_member

rules.add_perm("applications.view_application", own_application | is_hq_staff)
rules.add_perm("applications.change_application", own_application & is_editable)
rules.add_perm("applications.manage_calls", is_hq_staff)
