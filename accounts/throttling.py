"""Login throttling (django-axes): who a failed login is counted against, and the page a
locked-out client sees.

Failures count per account (the e-mail typed, case-insensitive) and per client address,
each against AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME: one client can neither keep
guessing one password nor try many accounts. The client address is the real client's,
read behind TRUSTED_PROXY_COUNT reverse proxies; with a proxy that is not counted, every
client would share the proxy's address and one attacker could lock everyone out.
"""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The address of the client behind the trusted reverse proxies.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    real client is the entry added by the outermost trusted proxy: the TRUSTED_PROXY_COUNT-th
    from the right. Entries left of it were written by the client and are never trusted.
    Without trusted proxies (or a header shorter than their count) it is REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def login_name(request, credentials) -> str | None:
    """The account a login attempt is counted against: the e-mail typed, case-folded, so
    that `Someone@Example.jp` and `someone@example.jp` share one count.

    Cut to the length of axes' username column (255): a longer name (no account has one; the
    login form says it is too long) would otherwise fail the insert and answer 500.
    """
    from axes.models import AccessAttempt

    name = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if name is None and request is not None:
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    if not isinstance(name, str):
        return None
    return name.strip().casefold()[:AccessAttempt._meta.get_field("username").max_length]


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while a client or an account is locked out (HTTP 429), in the
    reader's language, saying how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/registration/locked_out.html",
                  {"minutes": minutes}, status=429)
