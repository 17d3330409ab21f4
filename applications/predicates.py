"""Named facts about a user and an application, the bricks of the workflow's rules and of
the permissions (rules.py). Nothing here reads the status table, so the table
(workflow.py) and the permissions can both build on these without a circle.
"""

import rules
from django.db.models import Q

from accounts.rules import is_applicant


@rules.predicate
def is_organisation_member(user, application) -> bool:
    # `user` is None when the portal itself acts (workflow rules are tested for it too).
    return (application is not None and user is not None
            and user.organisation_id == application.organisation_id)


def is_decision_published(application) -> bool:
    """The one rule of "the decision is published": HQ published the call's decisions and
    the applicant may read the outcome. Its query twin is `published_filter` (tests/reviews/
    test_rule_twins.py keeps the two equal)."""
    return application.decision_published_at is not None


def published_filter(prefix: str = "", *, yes: bool = True) -> Q:
    """`is_decision_published` as a filter on applications (reached through `prefix`, e.g.
    "decision__application__"); `yes=False`: not yet published."""
    return Q(**{f"{prefix}decision_published_at__isnull": not yes})


@rules.predicate
def decision_published(user, application) -> bool:
    return application is not None and is_decision_published(application)


@rules.predicate
def decision_unpublished(user, application) -> bool:
    return application is not None and not is_decision_published(application)


@rules.predicate
def is_system(user) -> bool:
    """The portal itself acting (a Celery task, a beat job): no user."""
    return user is None


own_application = is_applicant & is_organisation_member
