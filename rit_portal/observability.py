"""What an operator sees: a request id on every log line, carried into the tasks a request
queues; the request log (view, status, duration) that also feeds the latency metrics.

- Every request gets an id: the `X-Request-ID` header of the proxy or load balancer in
  front when it sends a sane one, a new one otherwise; the response says which.
- Every log line carries it as `request_id` (RequestIdFilter on the console handler of
  settings.LOGGING; "-" outside a request or a task).
- A task queued during the request carries it in its message headers; the worker sets it
  for the task's run (Celery signals), so the web and worker lines of one submission share
  one id.
- Production writes one JSON object per line (settings LOG_FORMAT=json, python-json-logger):
  time, level, logger, message, request_id and the record's extra fields.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery import signals
from django.conf import settings
from django.urls import Resolver404, resolve

from .metrics import observe_request

logger = logging.getLogger("rit_portal.requests")

HEADER = "X-Request-ID"
TASK_HEADER = "rit_request_id"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
NONE = "-"

_request_id: ContextVar[str] = ContextVar("request_id", default=NONE)


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record a handler writes (settings.LOGGING)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


def install() -> None:
    """Carry the request id into queued tasks and set it in the worker (Celery signals)."""
    signals.before_task_publish.connect(_publish_with_request_id, weak=False,
                                        dispatch_uid="rit-request-id-publish")
    signals.task_prerun.connect(_task_takes_request_id, weak=False,
                                dispatch_uid="rit-request-id-prerun")


def _publish_with_request_id(headers=None, **kwargs):
    request_id = _request_id.get()
    if headers is not None and request_id != NONE:
        headers[TASK_HEADER] = request_id


def _task_takes_request_id(task=None, **kwargs):
    # Set for the task's run and left until the next task sets its own: Celery logs the
    # task's outcome after task_postrun, and that line belongs to the same request.
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    _request_id.set(request_id if isinstance(request_id, str) and _SANE.fullmatch(request_id)
                    else NONE)


def view_name(request) -> str:
    """The URL pattern's name (namespace:name) the request resolved to, for logs and
    metrics: bounded, unlike paths, and free of ids."""
    match = getattr(request, "resolver_match", None)
    if match is None and request.path_info.startswith(settings.STATIC_URL):
        return "static"  # answered by whitenoise before any URL pattern
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unresolved"
    return match.view_name or "unnamed"


class RequestIdMiddleware:
    """First in the stack: the request's id for everything below, the request's log line
    (and its latency, recorded by rit_portal.metrics) once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if _SANE.fullmatch(offered) else uuid.uuid4().hex
        # Left set after the response (until the next request sets its own): Django logs a
        # 404 or a 500 ("django.request") after the middleware has returned.
        _request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        response[HEADER] = request_id
        view = view_name(request)
        observe_request(view=view, method=request.method, status=response.status_code,
                        seconds=seconds)
        logger.info("%s %s %s %.0f ms", request.method, view, response.status_code,
                    seconds * 1000, extra={"view": view, "status": response.status_code,
                                           "duration_ms": round(seconds * 1000, 1)})
        return response
