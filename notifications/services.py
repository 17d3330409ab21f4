"""The outbox's writes: record (notify), send, sweep, resend. See the package docstring.

Sending is at most once in effect, with one documented gap (`notification_send`); a
notification that could not be sent stays owed, and the sweep tries it again with growing
intervals until MAX_ATTEMPTS, after which it is marked failed for HQ to see and resend.
"""

import datetime as dt
import hashlib
import json
import logging
import os
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template import engines
from django.utils import timezone
from django.utils.translation import gettext as _

from rit_portal import partner_languages
from rit_portal.permissions import require
from rit_portal.queueing import enqueue, enqueue_on_commit, notice_deferred

from .enums import Kind, NotificationStatus
from .kinds import spec_for
from .models import Notification
from .recipients import resolve
from .redaction import redact, staff_context

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 2000
# The task queued at commit normally sends within seconds; the sweep waits this long
# before it sends a notification itself (and again after each time it has queued one).
SWEEP_GRACE = dt.timedelta(minutes=2)
# Wait before the next attempt after the n-th failure (the last value repeats).
RETRY_BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 180)]
# After this many failed attempts the notification is marked failed (about a day of tries).
MAX_ATTEMPTS = 10
# Notifications queued per sweep run: the rest wait for the next run.
SWEEP_BATCH = 200

# Test hook, read once per process: RIT_TEST_SEND_DELAY=<seconds> makes every send pause
# after rendering and before handing the message to the mail server, so that
# tests/notifications/test_worker.py can SIGKILL a worker mid-send. Never set elsewhere.
TEST_SEND_DELAY = float(os.environ.get("RIT_TEST_SEND_DELAY") or 0)


# --- Recording --------------------------------------------------------------------------

def _key(kind: str, identity: str, once_for: dict) -> str:
    canonical = json.dumps([kind, identity, once_for], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def notify(kind: Kind, *, to, about=(), params: dict | None = None,
           once_for: dict | None = None) -> Notification | None:
    """Record that e-mail `kind` is owed to `to`, in the caller's transaction, and queue its
    sending for after commit. Returns the notification, or None when it was recorded
    before (sent once: same kind, addressee and `once_for`, which defaults to `params`).

    `to`: an ApplicantOrganisation, a User (accounts registers both), or a
    recipients.Address (recipients and language follow recipients.resolve). `about`: the
    application(s) it concerns. `params`: JSON-able ids the kind's renderer loads (the
    owning app's register_kind).
    """
    params = params or {}
    recipients, language, identity = resolve(to)
    key = _key(kind, identity, params if once_for is None else once_for)
    if Notification.objects.filter(key=key).exists():
        return None
    notification = Notification(kind=kind, key=key, params=params, recipients=recipients,
                                language=language,
                                next_attempt_at=timezone.now() + SWEEP_GRACE)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # recorded concurrently by another transaction
        return None
    applications = [about] if hasattr(about, "pk") else list(about)
    if applications:
        notification.applications.add(*applications)
    _dispatch_on_commit(notification.pk)
    return notification


def _dispatch_on_commit(notification_id: int) -> None:
    enqueue_on_commit("notifications.send", notification_id=notification_id,
                      on_failure=lambda error: _owed_now(notification_id, error))


def _owed_now(notification_id: int, error: str) -> None:
    """The send task could not be queued: let the next sweep send it, and tell the person
    whose action it was that the e-mail is owed, not sent."""
    (Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING)
     .update(last_error=error[:ERROR_MAX_CHARS], next_attempt_at=timezone.now()))
    notice_deferred(_("The e-mail about this will follow shortly: it is recorded and will be "
                      "sent as soon as the mail queue answers again."))


# --- Rendering --------------------------------------------------------------------------

def _render_text(name: str, context: dict) -> str:
    """A plain-text message part: never HTML-escaped (the "email" engine does not escape),
    and returned as a plain str, not the SafeString that Template.render() gives: a page
    that shows the message (HQ's outbox) must escape it once, as any other text."""
    return str.__str__(engines["email"].get_template(name).render(context))


def notification_render(notification: Notification, *,
                        for_staff: bool = False) -> tuple[str, str, list]:
    """(subject, body, attachments) of the notification, in its language, as it renders
    now. `for_staff`: as a page may show it to anyone but the addressee, every secret link
    withheld (redaction.py: the kind's declared ones, and any the safety net finds).
    Raises whatever loading its subject matter raises (e.g. DoesNotExist)."""
    spec = spec_for(notification.kind)
    # A partner's language (German, Korean, …) with English where a text is missing.
    with partner_languages.override(notification.language):
        context = {**spec.context(notification.params), "site_url": settings.SITE_URL}
        if for_staff:
            context = staff_context(context, spec.secret)
        base = f"notifications/email/{notification.kind}"
        subject = " ".join(_render_text(f"{base}_subject.txt", context).split())
        body = _render_text(f"{base}.txt", context)
        if for_staff:
            subject, body = redact(subject), redact(body)
    attachments = spec.attachments(notification.params, context) if spec.attachments else []
    return subject, body, attachments


def message_id(notification: Notification) -> str:
    """One Message-ID per notification, the same on every attempt: should a second copy
    ever go out (see notification_send), mail systems and readers can tell it is one."""
    domain = urlsplit(settings.SITE_URL).hostname or "rit-portal.invalid"
    return f"<rit-notification-{notification.pk}@{domain}>"


# --- Sending ----------------------------------------------------------------------------

@transaction.atomic
def _count_attempt(notification_id: int) -> bool:
    """Count an attempt (committed at once, so HQ sees it even if the worker dies); False
    when the notification is no longer owed."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.status != NotificationStatus.PENDING:
        return False
    notification.attempts += 1
    notification.last_attempt_at = timezone.now()
    notification.save(update_fields=["attempts", "last_attempt_at"])
    return True


def notification_send(*, notification_id: int) -> bool:
    """Send the notification if it is still owed; True when this call sent it.

    Order: count the attempt; lock the row; stop unless it is still pending; render;
    connect to the mail server; mark it sent; hand the message over; commit as soon as
    the server has accepted it; only then close the connection. So:
    - a duplicate task (the sweep's and the commit's, or a redelivered message) waits on
      the row lock, then finds it sent and sends nothing;
    - a failure (render, connection, refusal; or the worker dying before the hand-over)
      rolls back: the notification stays owed, the error and the next attempt are
      recorded, and the sweep tries again;
    - a second copy goes out only if the worker dies or loses its database between the
      server's acceptance and the commit (one database round trip), or if the server's
      acceptance reply is lost. That copy carries the same Message-ID. SMTP offers no way
      to close this gap: committing a claim before sending would risk sending nothing.
    """
    if not _count_attempt(notification_id):
        return False
    connection = get_connection()
    try:
        with transaction.atomic():
            notification = Notification.objects.select_for_update().get(pk=notification_id)
            if notification.status != NotificationStatus.PENDING:
                return False
            spec = spec_for(notification.kind)
            subject, body, attachments = notification_render(notification)
            if not notification.recipients:
                raise ValueError("no recipient address")
            message = EmailMessage(subject, body, to=notification.recipients,
                                   connection=connection,
                                   headers={"Message-ID": message_id(notification)})
            for attachment in attachments:
                message.attach(*attachment)
            if TEST_SEND_DELAY:
                time.sleep(TEST_SEND_DELAY)
            connection.open()
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["status", "sent_at", "last_error"])
            if spec.on_sent is not None:
                spec.on_sent(notification.params)
            message.send()
        logger.info("Sent e-mail %s (%s)", notification_id, notification.kind)
        return True
    except Exception as exc:  # any failure leaves it owed, with the error for HQ
        logger.warning("Could not send e-mail %s: %s", notification_id, type(exc).__name__)
        _record_failure(notification_id, f"{type(exc).__name__}: {exc}")
        return False
    finally:
        connection.close()


@transaction.atomic
def _record_failure(notification_id: int, error: str) -> None:
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.status != NotificationStatus.PENDING:
        return
    error = error[:ERROR_MAX_CHARS]
    notification.last_error = error
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
    else:
        wait = RETRY_BACKOFF[min(notification.attempts, len(RETRY_BACKOFF)) - 1]
        notification.next_attempt_at = timezone.now() + wait
    notification.save(update_fields=["last_error", "status", "next_attempt_at"])
    spec = spec_for(notification.kind)
    if spec.on_failed is not None:
        spec.on_failed(notification.params, error)


def notifications_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue the sending of every notification owed whose next attempt is due (broker down
    when it was recorded, worker killed, mail server refused). Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(Notification.objects.select_for_update(skip_locked=True)
                   .filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
                   .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:SWEEP_BATCH])
        # Not handed out again before the task just queued has had its chance.
        Notification.objects.filter(pk__in=ids).update(next_attempt_at=now + SWEEP_GRACE)
    for pk in ids:
        enqueue("notifications.send", notification_id=pk)
    return len(ids)


# --- HQ ---------------------------------------------------------------------------------

@transaction.atomic
def notification_resend(*, notification: Notification, by) -> Notification:
    """Send the e-mail again (HQ only). A sent one is copied to a new notification to the
    same recipients (the original keeps its record); an owed or failed one is tried again
    at once. Returns the notification that will be sent."""
    require(by, "notifications.resend")
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if not notification.recipients:
        raise ValidationError(_("Its addressees were removed by the retention schedule: "
                                "this e-mail cannot be sent again."))
    if notification.status == NotificationStatus.SENT:
        copies = notification.resends.count()
        target = Notification.objects.create(
            kind=notification.kind, params=notification.params,
            recipients=notification.recipients, language=notification.language,
            key=_key(notification.kind, f"resend:{notification.pk}", {"n": copies + 1}),
            resend_of=notification, requested_by=by,
            next_attempt_at=timezone.now() + SWEEP_GRACE)
        target.applications.set(notification.applications.all())
    else:
        target = notification
        target.status = NotificationStatus.PENDING
        target.next_attempt_at = timezone.now() + SWEEP_GRACE
        target.requested_by = by
        target.save(update_fields=["status", "next_attempt_at", "requested_by"])
    _dispatch_on_commit(target.pk)
    return target


def sent_addressees_remove(*, before: dt.datetime) -> int:
    """Blank the addressees (and any error text) of every e-mail sent at or before `before`:
    the outbox keeps what was sent, of which kind, when and about which applications, no
    longer to whom. Such an e-mail is not sent again (notification_resend refuses it).
    Returns the number of e-mails changed (the retention schedule's "outbox" category,
    registered by accounts: notifications knows no app beside or above it)."""
    return (Notification.objects.filter(status=NotificationStatus.SENT, sent_at__lte=before)
            .exclude(recipients=[]).update(recipients=[], last_error=""))
