"""The outbox panel on the application page, and the filter every outbox page passes a
stored text through (an error a mail server returned may quote the message)."""

from django import template

from notifications.redaction import redact
from notifications.selectors import notifications_for_application

register = template.Library()


@register.inclusion_tag("notifications/_application_panel.html", takes_context=True)
def notifications_panel(context, application):
    """HQ: every e-mail sent or owed about the application, with resend."""
    user = context["user"]
    if not user.has_perm("notifications.view_notifications"):
        return {"shown": False}
    return {"shown": True, "application": application, "user": user,
            "notifications": notifications_for_application(application=application),
            "can_read": user.has_perm("notifications.read_outbox"),
            "csrf_token": context.get("csrf_token"),
            "next": context["request"].get_full_path()}


@register.filter
def secret_links_withheld(text: str) -> str:
    """`text` with every secret link withheld (notifications.redaction.redact)."""
    return redact(text)
