"""Per-user rate limits: the reporting API's and the pages' (the application PDF), one rule;
a public page (no account) counts per client instead (`ident`: the client's address).

`PerUserThrottle(scope=..., setting=...)` counts a user's requests in the shared cache
(Redis in the full stack, shared by every worker; while Redis does not answer, in the
process instead: rit_portal.caching) against the rate the setting names,
"<count>/<s|m|h|d>", read at each request so that an operator's change and a test's
override apply at once. The API (django-ninja) uses it as its throttle and answers 429
with Retry-After itself; a page uses `rate_limited(...)`, which answers the same 429 with
Retry-After and a page in the reader's language.
"""

from functools import wraps
from math import ceil

from django.conf import settings
from django.shortcuts import render
from ninja.throttling import AuthRateThrottle

from .caching import with_shared_cache


class PerUserThrottle(AuthRateThrottle):
    """At most settings.<setting> requests per user and scope."""

    def __init__(self, *, scope: str, setting: str, ident=None):
        self.scope, self.setting, self.ident = scope, setting, ident
        super().__init__(rate=getattr(settings, setting))

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return with_shared_cache(lambda cache: self._allow_counting_in(cache, request))

    def _allow_counting_in(self, cache, request) -> bool:
        self.cache = cache
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        if self.ident is not None:  # a public page: whatever `ident` says (the client)
            return self.cache_format % {"scope": self.scope, "ident": self.ident(request)}
        # The API's authenticated user (token or session), else the page's signed-in user.
        user = getattr(request, "auth", None) or request.user
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


def rate_limited(*, scope: str, setting: str, ident=None, methods=None):
    """A view decorator: beyond settings.<setting> requests per signed-in user (per
    `ident(request)` when given: a public page's client), a 429 page saying how long to
    wait (Retry-After in seconds). Put it below the view's gate, so that a request the gate
    refuses is not counted. `methods`: only these are counted (a public form's POST)."""
    throttle = PerUserThrottle(scope=scope, setting=setting, ident=ident)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            counted = methods is None or request.method in methods
            if counted and not throttle.allow_request(request):
                seconds = max(1, ceil(throttle.wait() or 1))
                response = render(request, "rate_limited.html", {"seconds": seconds},
                                  status=429)
                response["Retry-After"] = str(seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
