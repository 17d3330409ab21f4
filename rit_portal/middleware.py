"""Site-wide protections that are not one app's business: the request size limit, the
response headers of private pages, the session's idle and absolute timeouts, and the
notice of work left for later (an e-mail owed while the task queue does not answer)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from rit_portal.queueing import collecting_deferred_notices, stop_collecting_deferred_notices


class RequestSizeLimitMiddleware:
    """Answer 413, before the body is read, when a request declares more than
    MAX_REQUEST_BYTES (the proxy in front enforces the same limit, docs/security.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            # Before LocaleMiddleware (nothing may read the body first): choose the language.
            with translation.override(translation.get_language_from_request(request)):
                return render(request, "request_too_large.html",
                              {"max_bytes": settings.MAX_REQUEST_BYTES}, status=413)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` (never kept by a
    browser or a proxy) on every response to a logged-in user, downloads included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


SESSION_STARTED = "rit_session_started"
SESSION_LAST_SEEN = "rit_session_last_seen"
# The last-seen time is written at most this often (seconds): not one session write per
# request, at the cost of an idle timeout up to a minute longer.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _session_clock_start(sender, request, user, **kwargs):
    """Both clocks start at login (written with the login's own session save)."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """Log the user out after SESSION_IDLE_TIMEOUT without a request, and SESSION_COOKIE_AGE
    after the login whatever the activity; the login page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            started = request.session.setdefault(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            if now - last_seen > idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("You were logged out after a period without "
                                         "activity. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
            if now - last_seen >= LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class DeferredWorkNoticeMiddleware:
    """Shows the user, as a warning on their next page, what their action left owed
    (rit_portal.queueing.notice_deferred: "the e-mail will follow shortly" when the task
    queue did not take the e-mail). Inside MessageMiddleware: the on-commit hooks of
    ATOMIC_REQUESTS have run when the view returns, and the messages are stored after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        notices, token = collecting_deferred_notices()
        try:
            response = self.get_response(request)
        finally:
            stop_collecting_deferred_notices(token)
        if notices and hasattr(request, "_messages"):
            for notice in notices:
                messages.warning(request, notice)
        return response
