"""The Prometheus metrics endpoint (/metrics/), for operators and never for the public.

- `rit_request_duration_seconds{view,method}`: each request's latency by URL pattern
  (recorded by rit_portal.observability.RequestIdMiddleware) and
  `rit_requests_total{view,method,status}`. With several gunicorn workers set
  PROMETHEUS_MULTIPROC_DIR (scripts/serve.sh web does) so that one scrape sums them all.
- `rit_task_queue_length{queue}`: tasks waiting in the broker (Redis), read at each scrape.
- What the apps register in GAUGES (read from the database at each scrape): e-mails owed
  and failed (notifications), award letters and annual reports by status (sponsorship,
  monitoring). A registered function returns a list of `Gauge`s.

Who may read it: a request with `Authorization: Bearer <METRICS_TOKEN>` (a scraper; the
token from the environment, compared in constant time), or a signed-in site administrator.
Anyone else gets the site's 404, as for every page a role may not use.
"""

import hmac
import logging
import os
from typing import NamedTuple

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .registry import Registry

logger = logging.getLogger(__name__)

REQUEST_SECONDS = Histogram(
    "rit_request_duration_seconds", "Time to answer a request, by URL pattern.",
    ["view", "method"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
REQUESTS = Counter("rit_requests", "Requests answered, by URL pattern and status.",
                   ["view", "method", "status"])


class Gauge(NamedTuple):
    name: str
    documentation: str
    labels: tuple[str, ...]
    samples: list[tuple[tuple[str, ...], float]]


GAUGES = Registry("gauges the metrics endpoint reads at each scrape (functions -> [Gauge])")


def status_counts(model, *, name: str, documentation: str, statuses) -> Gauge:
    """A gauge of how many rows of `model` are in each of `statuses` (0 included)."""
    from django.db.models import Count

    found = dict(model.objects.filter(status__in=statuses).values_list("status")
                 .annotate(n=Count("pk")).values_list("status", "n"))
    return Gauge(name, documentation, ("status",),
                 [((status,), found.get(status, 0)) for status in statuses])


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(view=view, method=method).observe(seconds)
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()


def task_queue_lengths() -> list[Gauge]:
    """Messages waiting in each queue this portal uses (Redis lists; kombu keeps one list
    per priority step of a queue)."""
    from rit_portal.celery import app

    url = app.conf.broker_url
    if app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return []
    import redis

    queue = app.conf.task_default_queue
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        names = [queue, *(f"{queue}\x06\x16{step}" for step in range(1, 10))]
        with client.pipeline() as pipe:
            for name in names:
                pipe.llen(name)
            length = sum(pipe.execute())
    finally:
        client.close()
    return [Gauge("rit_task_queue_length", "Tasks waiting in the broker for a worker.",
                  ("queue",), [((queue,), length)])]


GAUGES.register(task_queue_lengths)


class _RegisteredGauges(Collector):
    def collect(self):
        for function in GAUGES:
            try:
                gauges = function()
            except Exception as exc:  # a service down: the other figures still answer
                logger.warning("metrics: %s failed: %s", function.__qualname__,
                               type(exc).__name__)
                continue
            for gauge in gauges:
                family = GaugeMetricFamily(gauge.name, gauge.documentation,
                                           labels=list(gauge.labels))
                for label_values, value in gauge.samples:
                    family.add_metric(list(label_values), value)
                yield family


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # every gunicorn worker's figures
    else:
        for collector in (REQUEST_SECONDS, REQUESTS):
            registry.register(collector)
    registry.register(_RegisteredGauges())
    return registry


def _may_read(request) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and offered.startswith("Bearer ") and hmac.compare_digest(
            offered.removeprefix("Bearer ").encode(), token.encode()):
        return True
    user = request.user
    return user.is_authenticated and user.is_active and user.is_superuser


@never_cache
@require_GET
def metrics(request):
    """The metrics in Prometheus' text format, for a scraper with the token or an
    administrator; the 404 page for anyone else."""
    if not _may_read(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)

