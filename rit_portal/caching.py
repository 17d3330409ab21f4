"""The shared cache (Redis in the full stack), with a process-local stand-in while it does
not answer.

What the portal keeps in the cache is a convenience that may be lost (the API's request
counts), never state: when Redis is down or stalls, `with_shared_cache(fn)` logs it once,
runs `fn` against a local in-memory cache instead and does not try Redis again for
SHARED_RETRY_AFTER seconds, so a request pays at most one socket timeout
(settings.REDIS_SOCKET_TIMEOUT) and the next ones none. Limits counted locally are per
process (per gunicorn worker) meanwhile: looser across the site, never absent.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SHARED_RETRY_AFTER = 30.0  # seconds
_local = LocMemCache("rit-portal-local-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_shared_down_until = 0.0

T = TypeVar("T")


def shared_cache_marked_down() -> bool:
    return time.monotonic() < _shared_down_until


def shared_cache_mark_up() -> None:
    """Forget an earlier failure (tests; a process that knows the cache is back)."""
    global _shared_down_until
    _shared_down_until = 0.0


def with_shared_cache(fn: Callable[[BaseCache], T]) -> T:
    """`fn(cache)` on the shared cache, or on the process-local one while the shared one
    fails (see the module's docstring). Exceptions other than the cache's own propagate."""
    global _shared_down_until
    if not shared_cache_marked_down():
        try:
            return fn(caches["default"])
        except (RedisError, OSError) as exc:
            _shared_down_until = time.monotonic() + SHARED_RETRY_AFTER
            logger.warning("The shared cache did not answer (%s: %s); counting in this process "
                           "for %.0f s", type(exc).__name__, exc, SHARED_RETRY_AFTER)
    return fn(_local)
