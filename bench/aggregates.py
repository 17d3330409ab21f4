"""Stored aggregates benchmark (issue 28): the selection board and the monitoring dashboard
before and after their figures were stored, in one run on the same data. Never part of the
test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench \\
        .venv/bin/python bench/aggregates.py [--keep-data] [--runs 15]

The database named is dropped, created, migrated and filled by bench/generate.py's
`generate_programme` (5,000 applications in the current call, three earlier years), unless
`--keep-data` (a database bench/generate.py filled, migrated to the current code).

Measured, interleaved (one of each in turn, `--runs` times after two warm-up rounds),
medians and 95th percentiles:
- the board's bare query (one hand-written SQL query of the first page's rows, 50, of the
  5,000-application call, ordered by reference and by mean value): aggregating every
  submitted review on each request (`bench.bare.BOARD_AGGREGATED`, as before) and reading
  the stored figures (`reviews_scoretally`, as now);
- the board's page (the real view, HQ's session, Django's test client, no HTTP): with the
  scores aggregated per request (the selector's old annotation, `with_score_aggregates`,
  patched back in) and with the stored ones;
- the dashboard (every year, and the current fiscal year): its figures computed on each
  request (`programme_figures`, as before) and read from `FiguresSnapshot` (as now).
The load average is printed before and after. Results: docs/benchmarks.md.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
    "DEBUG": "False",
    "MEDIA_ROOT": tempfile.mkdtemp(prefix="rit-bench-media-"),
    "REDIS_URL": "", "CELERY_BROKER_URL": "", "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "testserver",
})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@contextmanager
def board_aggregated_per_request():
    """The board as it was: every score aggregated over the reviews on each request."""
    from reviews.selectors import score_aggregates, with_score_aggregates
    from sponsorship import selectors

    saved = selectors.with_stored_scores, selectors.stored_value_mean
    selectors.with_stored_scores = with_score_aggregates
    selectors.stored_value_mean = lambda: score_aggregates()["value_mean"]
    try:
        yield
    finally:
        selectors.with_stored_scores, selectors.stored_value_mean = saved


@contextmanager
def dashboard_computed_per_request():
    """The dashboard as it was: its figures computed on each request."""
    from django.utils import timezone

    from monitoring import views
    from monitoring.selectors import StoredFigures, programme_figures

    saved = views.figures_current
    views.figures_current = lambda *, fiscal_year: StoredFigures(
        programme_figures(fiscal_year=fiscal_year), timezone.now())
    try:
        yield
    finally:
        views.figures_current = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep-data", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database that may be dropped.")

    import django

    django.setup()
    from bench.generate import fresh_database, generate_programme

    generated = ""
    if not args.keep_data:
        started = time.perf_counter()
        fresh_database(url)
        generate_programme(applications=5000)
        generated = f"; generated in {time.perf_counter() - started:.0f} s"

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.enums import Role
    from accounts.models import User
    from applications.models import Application, Call
    from bench.bare import _BOARD, BOARD_AGGREGATED
    from monitoring.services import figures_refresh_all
    from rit_portal.pagination import PAGE_SIZE

    call = max(Call.objects.all(), key=lambda c: Application.objects.filter(call=c).count())
    received = Application.objects.filter(call=call).exclude(status="draft").count()
    started = time.perf_counter()
    stored = figures_refresh_all()
    refresh = time.perf_counter() - started
    hq = User.objects.filter(role=Role.HQ_STAFF, is_active=True).first()
    client = Client()
    client.force_login(hq)
    client.cookies["django_language"] = "ja"
    board = reverse("sponsorship:board", args=[call.pk])
    dashboard = reverse("monitoring:dashboard")

    def bare(sql: str, order: str):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql.format(status_filter="", order=order),
                               {"call": call.pk, "limit": PAGE_SIZE, "offset": 0})
                return len(cursor.fetchall())
        return run

    def page(path: str, patch=None):
        def run():
            with patch() if patch else _nothing():
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return len(response.content)
        return run

    cases = [
        ("board bare query, by reference", "aggregated per request",
         bare(BOARD_AGGREGATED, "a.reference")),
        ("board bare query, by reference", "stored", bare(_BOARD, "a.reference")),
        ("board bare query, by mean value", "aggregated per request",
         bare(BOARD_AGGREGATED, "avg(v.value_score) DESC NULLS LAST, a.reference")),
        ("board bare query, by mean value", "stored",
         bare(_BOARD, "t.value_mean DESC NULLS LAST, a.reference")),
        ("board page, first page", "aggregated per request",
         page(board, board_aggregated_per_request)),
        ("board page, first page", "stored", page(board)),
        ("board page, sorted by mean value", "aggregated per request",
         page(board + "?sort=-value", board_aggregated_per_request)),
        ("board page, sorted by mean value", "stored", page(board + "?sort=-value")),
        ("dashboard, every year", "computed per request",
         page(dashboard, dashboard_computed_per_request)),
        ("dashboard, every year", "stored", page(dashboard)),
        (f"dashboard, FY{call.fiscal_year}", "computed per request",
         page(f"{dashboard}?fy={call.fiscal_year}", dashboard_computed_per_request)),
        (f"dashboard, FY{call.fiscal_year}", "stored", page(f"{dashboard}?fy={call.fiscal_year}")),
    ]
    load_before = os.getloadavg()
    times: dict[int, list[float]] = {n: [] for n in range(len(cases))}
    sizes: dict[int, int] = {}
    for round_ in range(args.runs + 2):
        for n, (_name, _how, run) in enumerate(cases):
            started = time.perf_counter()
            sizes[n] = run()
            elapsed = time.perf_counter() - started
            if round_ >= 2:
                times[n].append(elapsed * 1000)
    load_after = os.getloadavg()
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for n, (_name, _how, run) in enumerate(cases):
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[n] = len(captured.captured_queries)

    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          f" · PostgreSQL {connection.cursor().connection.info.server_version}")
    print(f"# call of {received:,} applications received{generated}; the dashboard's "
          f"{stored} stored figures refreshed in {refresh:.1f} s")
    print(f"# {args.runs} runs of each after 2 warm-up rounds, interleaved; Django's test "
          f"client in-process (no HTTP), DEBUG off")
    print(f"# load average before: {' '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {' '.join(f'{x:.2f}' for x in load_after)}")
    print("| what | figures | median | p95 | fastest | queries | rows or bytes |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for n, (name, how, _run) in enumerate(cases):
        print(f"| {name} | {how} | {statistics.median(times[n]):.1f} ms | "
              f"{percentile(times[n], 95):.1f} ms | {min(times[n]):.1f} ms | {queries[n]} | "
              f"{sizes[n]:,} |")


@contextmanager
def _nothing():
    yield


if __name__ == "__main__":
    main()
