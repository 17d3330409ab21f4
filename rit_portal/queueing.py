"""Queue a Celery task after the transaction commits, without ever failing the caller.

Every task the portal queues from a user's action goes through `enqueue_on_commit`:
- it runs after commit (a worker never sees uncommitted rows);
- a broker that is down does not turn the committed action into an error page: the
  failure is logged and handed to `on_failure` (the caller records what is owed, and a
  beat job catches up: notifications.tasks.sweep, sponsorship.tasks.requeue_stale_letters);
- it answers at once: no wait on the result backend (results are ignored), and after one
  failure the process stops trying for BROKER_RETRY_AFTER seconds, so a request that
  queues twenty tasks pays for one refused connection, not twenty; a broker that accepts
  connections but stalls costs at most the socket timeouts of settings (about
  2 × REDIS_SOCKET_TIMEOUT);
- the person whose action it was is told: `notice_deferred(text)` (called by the caller's
  `on_failure`, e.g. notifications' "the e-mail will follow shortly") is shown to them as
  a message on their next page (rit_portal.middleware.DeferredWorkNoticeMiddleware).

A service names the task it queues ("sponsorship.render_award_letter": every task carries
an explicit name) rather than importing its tasks module: the tasks call the services, so
the imports point one way (tests/project/test_layers.py finds no circle).
"""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

from celery import Task, current_app
from django.db import models, transaction

logger = logging.getLogger(__name__)

BROKER_RETRY_AFTER = 30.0  # seconds
_broker_down_until = 0.0


# What the current request's user is to be told about work left for later (None outside a
# request: a task's or a command's deferrals are nobody's page to show).
_deferred_notices: ContextVar[list[str] | None] = ContextVar("deferred_notices", default=None)


def notice_deferred(text: str) -> None:
    """Tell the user of the current request, if any, `text` (once per request): something
    their action caused is owed rather than done, and will follow."""
    notices = _deferred_notices.get()
    if notices is not None and text not in notices:
        notices.append(text)


def collecting_deferred_notices():
    """Start collecting the notices of one request: returns (notices, token); the caller
    resets with `_deferred_notices.reset(token)` (the middleware does)."""
    notices: list[str] = []
    return notices, _deferred_notices.set(notices)


def stop_collecting_deferred_notices(token) -> None:
    _deferred_notices.reset(token)


def broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def broker_mark_up() -> None:
    """Forget an earlier failure (tests; a process that knows the broker is back)."""
    global _broker_down_until
    _broker_down_until = 0.0


def task_named(name: str) -> Task:
    """The registered task `name` (the tasks modules are loaded on first use)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()  # autodiscovery (rit_portal/celery.py)
    return current_app.tasks[name]


def enqueue(task: Task | str, *, on_failure: Callable[[str], None] | None = None,
            **kwargs) -> bool:
    """Send `task` (a task or its name) with keyword arguments `kwargs` now; True when the
    broker took it.

    On failure, logs it, calls `on_failure(description)` and returns False; never raises
    for a broker problem. In-process (eager) mode the task runs here and its own
    exceptions propagate as usual."""
    global _broker_down_until
    if isinstance(task, str):
        task = task_named(task)
    if broker_marked_down():
        error = "The task queue was unreachable moments ago; not tried again yet."
    else:
        try:
            task.apply_async(kwargs=kwargs, ignore_result=True)
            return True
        except Exception as exc:
            if task.app.conf.task_always_eager:
                raise
            _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
            logger.exception("Could not queue %s(%s)", task.name, kwargs)
            error = f"The task queue was unreachable: {type(exc).__name__}: {exc}"
    if on_failure is not None:
        on_failure(error)
    return False


def enqueue_on_commit(task: Task | str, *, on_failure: Callable[[str], None] | None = None,
                      **kwargs) -> None:
    """`enqueue(task, **kwargs)` once the current transaction commits (at once outside
    one). Registered robust: whatever happens, later hooks and the response go on."""
    transaction.on_commit(lambda: enqueue(task, on_failure=on_failure, **kwargs), robust=True)


def requeue_stale(model: type[models.Model], *, in_progress, stale_before, pending,
                  enqueue_one: Callable[[int], None], now) -> int:
    """Queue again every row of `model` (a job: an award letter, an annual report) whose
    `status` is in `in_progress` and unchanged since before `stale_before`: its job was
    lost (a broker down when it was queued, a message lost with Redis). Rows are set back
    to `pending` and `enqueue_one(pk)` is called for each after commit. Safe if a lost job
    turns up after all, since producing is idempotent. Rows another process holds are
    skipped. Returns how many."""
    with transaction.atomic():
        stale = list(model.objects.select_for_update(skip_locked=True)
                     .filter(status__in=in_progress, status_changed_at__lte=stale_before)
                     .values_list("pk", flat=True))
        model.objects.filter(pk__in=stale).update(status=pending, status_changed_at=now)
        for pk in stale:
            enqueue_one(pk)
    return len(stale)
