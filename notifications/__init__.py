"""Notifications: every e-mail the portal sends, through one transactional outbox.

The API (the only way to send mail; no app calls send_mail itself)::

    from notifications.enums import Kind
    from notifications.recipients import Address
    from notifications.services import notify

    @transaction.atomic
    def something_happens(*, application, by):
        ...                                   # the change itself
        notify(Kind.APPLICATION_SUBMITTED,    # what kind of e-mail (enums.Kind)
               to=application.organisation,   # an organisation, a User, or Address(email, lang)
               about=application,             # the application(s) HQ sees it under
               params={"status_change": change.pk})  # ids its renderer loads

- `notify` writes a Notification row in the caller's transaction: if the change rolls
  back, nothing is owed. It is "send once": the same kind, addressee and `once_for`
  (default: `params`) is recorded once, whoever calls again.
- After commit, the task `notifications.send` is queued (rit_portal.queueing: a broker
  that is down costs the user nothing; the row stays owed). The task renders the message
  in the addressee's language from `params` (kinds.py), sends it and marks it sent, at
  most once in effect (services.notification_send describes its one gap).
- The beat task `notifications.sweep` (every NOTIFICATIONS_SWEEP_SECONDS) queues again
  whatever is still owed: broker down at the time, worker killed, mail server refusing.
  Failures back off; after MAX_ATTEMPTS the notification is marked failed.
- HQ sees every notification of an application on its page (status, attempts, error) and
  can resend one. Where e-mail does not leave the machine (console, file or in-memory
  backend: `make run`), HQ can also read each message in the browser (outbox page), with
  every link that acts for its addressee withheld (redaction.py; each kind declares its
  own in register_kind(..., secret=...)).

Notifications knows no app above it: each app registers at start-up (its mail.py, from
its AppConfig.ready()) the e-mails it owns (kinds.register_kind: how to load a message's
context from its params) and accounts how its people are written to
(recipients.register_addressee). Adding a kind of e-mail: a value in enums.Kind, the
templates `templates/notifications/email/<kind>_subject.txt` and `<kind>.txt`, and its
register_kind in the owning app's mail.py (a system check refuses to start without it).
"""
