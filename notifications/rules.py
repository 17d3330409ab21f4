"""Who may see and resend notifications."""

import rules
from django.conf import settings

from accounts.rules import is_hq_staff


@rules.predicate
def outbox_browsable() -> bool:
    """Messages may be read in the browser only where e-mail does not leave the machine
    (settings.NOTIFICATIONS_BROWSABLE_OUTBOX): they hold links that act for their reader."""
    return settings.NOTIFICATIONS_BROWSABLE_OUTBOX


rules.add_perm("notifications.view_notifications", is_hq_staff)
rules.add_perm("notifications.resend", is_hq_staff)
rules.add_perm("notifications.read_outbox", is_hq_staff & outbox_browsable)
