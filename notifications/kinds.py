"""What each kind of e-mail says: a registry that the apps fill at start-up.

Notifications knows no app above it. The app that owns what an e-mail is about registers,
in its `mail.py` (imported by its AppConfig.ready()), how to load the message's context
from the notification's `params` (ids recorded with it), at send time:

    # projects/mail.py
    from notifications.enums import Kind
    from notifications.kinds import register_kind

    def _report_reminder(params: dict) -> dict:
        report = ProgressReport.objects.select_related(...).get(pk=params["report"])
        return {"report": report, ...}

    register_kind(Kind.REPORT_LATE, context=_report_reminder)

A kind's templates are `notifications/email/<kind>_subject.txt` and `<kind>.txt`, rendered
without HTML escaping (plain text) in the notification's language, with `site_url` added
to the context. A system check (apps.py) refuses to start while a Kind has no renderer.

A kind whose message carries a link that acts for its addressee (a password reset, an
invitation, a signed link for someone without an account) names that context value in
`secret` (`register_kind(Kind.PASSWORD_RESET, context=..., secret=("link",))`): staff
reading the message on the outbox page see it withheld (redaction.py).

To add a kind: a value in enums.Kind, its two templates, and its `register_kind` in the
owning app's mail.py.
"""

from collections.abc import Callable
from dataclasses import dataclass

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class KindSpec:
    context: Callable[[dict], dict]
    # Files to attach, from the params and the context built for them.
    attachments: Callable[[dict, dict], list[Attachment]] | None = None
    # Called inside the transaction that marks the notification sent, or after a failed
    # attempt with the error: how the app that owns the subject records the outcome.
    on_sent: Callable[[dict], None] | None = None
    on_failed: Callable[[dict, str], None] | None = None
    # Names of context values that act for the addressee: withheld from staff's pages.
    secret: tuple[str, ...] = ()


KINDS: dict[str, KindSpec] = {}


def register_kind(kind: str, *, context: Callable[[dict], dict],
                  attachments: Callable | None = None, on_sent: Callable | None = None,
                  on_failed: Callable | None = None, secret: tuple[str, ...] = ()) -> KindSpec:
    """Register how e-mail `kind` is rendered (once per kind); `secret`: the context values
    that only its addressee may see (secret links)."""
    if kind in KINDS:
        raise ValueError(f"E-mail kind {str(kind)!r} is registered twice.")
    KINDS[kind] = KindSpec(context, attachments, on_sent, on_failed, tuple(secret))
    return KINDS[kind]


def spec_for(kind: str) -> KindSpec:
    """The renderer of `kind`; LookupError when no app registered one."""
    try:
        return KINDS[kind]
    except KeyError:
        raise LookupError(f"No app registered the e-mail kind {str(kind)!r} "
                          "(notifications.kinds.register_kind in its mail.py).") from None
