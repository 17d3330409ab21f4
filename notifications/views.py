"""HQ's outbox pages: every e-mail the portal sent or owes, readable in the browser where
e-mail does not leave the machine (`make run`), and resend. A message is shown as staff may
read it: links that act for its addressee withheld (redaction.py)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rit_portal.gates import gate
from rit_portal.next_url import next_url
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_to_messages

from .models import Notification
from .selectors import outbox
from .services import notification_render, notification_resend


@gate("notifications.read_outbox")
def outbox_list(request):
    page = paginate(outbox(), params=request.GET)
    return render(request, "notifications/outbox.html", {"page": page})


@gate("notifications.read_outbox")
def notification_detail(request, pk: int):
    notification = get_object_or_404(Notification.objects.prefetch_related("applications"),
                                     pk=pk)
    try:
        subject, body, attachments = notification_render(notification, for_staff=True)
        problem = ""
    except ObjectDoesNotExist:
        subject, body, attachments = "", "", []
        problem = _("What this e-mail is about no longer exists; it cannot be shown.")
    return render(request, "notifications/detail.html", {
        "notification": notification, "subject": subject, "body": body,
        "attachment_names": [name for name, _content, _type in attachments],
        "problem": problem,
    })


@require_POST
@gate("notifications.resend")
def notification_resend_view(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk)
    if refusal_to_messages(request, lambda: notification_resend(
            notification=notification, by=request.user)):
        messages.success(request, _("The e-mail has been queued to be sent again."))
    return redirect(next_url(request, default=reverse("notifications:outbox")))
