"""The one way a service refuses someone who may not act: `require(by, "app.permission")`.

Permissions are the `rules` predicates each app registers in its rules.py (who may do
what); a service names the permission it needs instead of testing roles itself:

    @transaction.atomic
    def report_return(*, report, by, note):
        require(by, "projects.follow_projects",
                message=_("Only HQ programme staff may return a report."))

Raises PermissionDenied (the page answers 404, rit_portal.views.permission_denied; a form
shows the message: rit_portal.refusals.refusal_to_form) unless `by` holds the permission
(on `obj` when given). The portal itself (`by=None`) holds none.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

# What a service says to anyone but the programme office (HQ staff) trying its actions.
ONLY_HQ = gettext_lazy("Only HQ programme staff may do this.")


def require(by, permission: str, obj=None, *, message: str = "") -> None:
    """PermissionDenied (with `message`) unless `by` holds `permission` (on `obj`)."""
    if by is None or not by.has_perm(permission, obj):
        raise PermissionDenied(str(message)) if message else PermissionDenied
