"""Who may see, edit and move applications: the permissions, checked by name in views and
services. The predicates they combine are predicates.py (who the user is to the
application) and workflow.py (what the status permits).

Which applications a user may open is one selector's rule
(`selectors.applications_visible_to`): anything else is a 404.
"""

import rules

from accounts.rules import is_hq_staff

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
rules.add_perm("applications.manage_calls", is_hq_staff)
