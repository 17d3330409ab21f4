"""Who may see, edit and move applications: the permissions, checked by name in views and
services. The predicates they combine are predicates.py (who the user is to the
application) and workflow.py (what the status permits).

Which applications a user may open is one selector's rule
(`selectors.applications_visible_to`): anything else is a 404.
"""

import rules

from accounts.rules import covers_organisation, is_hq_staff, is_office_staff

from .predicates import (  # noqa: F401  (other apps combine these with their own)
    decision_published,
    decision_unpublished,
    is_organisation_member,
    is_system,
    own_application,
)
from .workflow import APPLICATION, EDIT, may_edit

# The application's status permits editing (workflow.ABILITIES).
is_editable = APPLICATION.allows(EDIT)

rules.add_perm("applications.change_application", may_edit)


@rules.predicate
def is_covering_office(user, application) -> bool:
    """`user` works at the office in Japan covering the application's organisation."""
    return application is not None and covers_organisation(user, application.organisation)


@rules.predicate
def is_shared_with_office(user, application) -> bool:
    return application is not None and application.shared_with_office_at is not None


office_of_application = is_office_staff & is_covering_office
# The organisation and its office in Japan advise on a draft; reviewers and HQ do not read it.
rules.add_perm("applications.share_with_office", may_edit)
rules.add_perm("applications.advise_draft",
               office_of_application & is_shared_with_office & is_editable)
rules.add_perm("applications.answer_advice", own_application)
rules.add_perm("applications.read_advice", own_application | office_of_application)
rules.add_perm("applications.manage_calls", is_hq_staff)
