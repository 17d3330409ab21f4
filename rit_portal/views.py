"""Site-wide views: the health check for load balancers, the refused page (a 404) and the
server-error page."""

import threading
import time

import redis
from django.conf import settings
from django.db import connection, transaction
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

# Each probe has this many seconds; together they run at once, so /health/ answers within
# about that whatever hangs (a database or a Redis that accepts connections but stalls).
PROBE_SECONDS = 1.5


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return "ok" if cursor.fetchone() == (1,) else "unreachable"
    except Exception:  # any failure means "not reachable"; the details are logged nowhere
        return "unreachable"
    finally:
        connection.close()  # this probe's thread opened it; nobody else will use it


def _broker_state() -> str:
    from rit_portal.celery import app

    if app.conf.task_always_eager:
        return "not used"  # embedded default: tasks run in-process
    url = app.conf.broker_url
    try:
        if url.startswith(("redis://", "rediss://")):
            # A connection of its own with the probe's short timeouts (not the pool's).
            client = redis.Redis.from_url(url, socket_timeout=PROBE_SECONDS,
                                          socket_connect_timeout=PROBE_SECONDS)
            try:
                client.ping()
            finally:
                client.close()
        else:
            with app.connection_for_write() as broker:
                broker.ensure_connection(max_retries=1, timeout=PROBE_SECONDS)
        return "ok"
    except Exception:
        return "unreachable"


def _probe_all(*checks) -> list[str]:
    """Each `check()` in a thread of its own, all at once; a check that has not answered
    within PROBE_SECONDS counts as "unreachable" (a hung one is left to its own timeouts
    and ends by itself)."""
    outcomes = ["unreachable"] * len(checks)

    def run(index, check):
        outcomes[index] = check()

    threads = [threading.Thread(target=run, args=(index, check), daemon=True,
                                name="health-probe") for index, check in enumerate(checks)]
    deadline = time.monotonic() + PROBE_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [outcome if not thread.is_alive() else "unreachable"
            for outcome, thread in zip(outcomes, threads, strict=True)]


@never_cache
@require_GET
@transaction.non_atomic_requests  # a database that is down must give this answer, not a 500
def health(request):
    """200 when the database and the broker answer, 503 otherwise; says which, nothing more
    (no address, no version, no error text). Answers within about PROBE_SECONDS whatever
    hangs: both probes run at once, each in its own thread with its own deadline."""
    database, broker = _probe_all(_database_state, _broker_state)
    healthy = database == "ok" and broker != "unreachable"
    return JsonResponse({"status": "ok" if healthy else "unavailable", "database": database,
                         "broker": broker}, status=200 if healthy else 503)


def server_error(request):
    """The 500 page, in the reader's language and then the other one. Rendered without a
    request context (no context processor, no database): it must work when the database
    is what failed."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    languages = [current, *(code for code, _name in settings.LANGUAGES if code != current)]
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"languages": languages}))


def permission_denied(request, exception=None):
    """One policy for pages a role may not use: they do not exist for that role (404, the
    site's 404 page), never a 403 that confirms they do. Every PermissionDenied that a view,
    a decorator or the administration raises ends here (urls.handler403)."""
    return page_not_found(request, Http404())
