"""Who may see and resend notifications: whoever may use the programme office's area
(accounts' permission, named: notifications knows no app above it)."""

import rules
from django.conf import settings


@rules.predicate
def uses_hq_area(user) -> bool:
    return bool(user) and user.has_perm("accounts.use_hq_area")


@rules.predicate
def outbox_browsable() -> bool:
    """Messages may be read in the browser only where e-mail does not leave the machine
    (settings.NOTIFICATIONS_BROWSABLE_OUTBOX): they hold links that act for their reader."""
    return settings.NOTIFICATIONS_BROWSABLE_OUTBOX


rules.add_perm("notifications.view_notifications", uses_hq_area)
rules.add_perm("notifications.resend", uses_hq_area)
rules.add_perm("notifications.read_outbox", uses_hq_area & outbox_browsable)
