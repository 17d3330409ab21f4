"""Site-wide views: the health check for load balancers, the refused page (a 404) and the
server-error page."""

from django.conf import settings
from django.db import connection, transaction
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not reachable"; the details are logged nowhere
        return False


def _broker_state() -> str:
    from rit_portal.celery import app

    if app.conf.task_always_eager:
        return "not used"  # embedded default: tasks run in-process
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=3)
        return "ok"
    except Exception:
        return "unreachable"


@never_cache
@require_GET
@transaction.non_atomic_requests  # a database that is down must give this answer, not a 500
def health(request):
    """200 when the database and the broker answer, 503 otherwise; says which, nothing more
    (no address, no version, no error text)."""
    database = "ok" if _database_reachable() else "unreachable"
    broker = _broker_state()
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
