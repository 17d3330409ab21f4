"""Publication benchmark: how long HQ's "Publish decisions" request takes for a call of
`--approvals` approvals, with how many queries, and (where publication runs as a board job,
sponsorship/board_jobs.py) how long the job itself takes. Never part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench .venv/bin/python bench/publication.py

It drops, creates and migrates that database, then per run generates a call of approvals
to publish (bench/generate.generate_approvals_to_publish: each its own organisation, its
decision and feedback written) and POSTs the board's publish form as HQ staff through
Django's test client (the whole request: middleware, ATOMIC_REQUESTS, the view, the commit
and its hooks). Tasks go to an in-memory broker that no worker reads, as a request meets a
real broker: queued, not run (letters and e-mails are the workers' time, measured by
bench/letters.py). Then, if the code has board jobs, the job is run to its end in this
process (`board_job_run`), timed and its queries counted.

`--code DIR` imports the portal from another checkout (e.g. a worktree of the commit
before publication became a job: the "before" figures).
"""

import argparse
import datetime as dt
import importlib.util
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--approvals", type=int, default=200)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="the checkout whose code is measured")
ARGS = parser.parse_args()
HERE = Path(__file__).resolve().parent
ROOT = ARGS.code.resolve()
# The data generator is this checkout's (bench/generate.py), the portal the measured one's.
_spec = importlib.util.spec_from_file_location("rit_bench_generate", HERE / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(HERE.parent)]
os.chdir(ROOT)
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
    "MEDIA_ROOT": tempfile.mkdtemp(prefix="rit-bench-media-"),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # A broker that takes every message and runs nothing (no worker reads it).
    "REDIS_URL": "", "CELERY_BROKER_URL": "memory://localhost/",
    "LOG_LEVEL": "WARNING", "DEBUG": "false",
})


class QueryCount:
    """Counts the queries run inside the block (Django's CaptureQueriesContext keeps at most
    9,000: a publication of 200 approvals runs more)."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapped = self.connection.execute_wrapper(self)
        self._wrapped.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapped.__exit__(*exc)


def main() -> None:
    generate.fresh_database(os.environ["DATABASE_URL"])  # sets Django up
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    try:
        from sponsorship.board_jobs import board_job_run
        from sponsorship.models import BoardJob
    except ImportError:  # the code before publication became a job
        board_job_run = None

    load_before = os.getloadavg()
    print(f"publication benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, code {ROOT}, "
          f"{platform.node()}, {os.cpu_count()} CPUs, load average {load_before[0]:.2f}",
          flush=True)
    hq = generate._staff()[0]
    client = Client()
    client.force_login(hq)
    client.get("/")  # the first request of a process imports every URLconf and view: not timed
    requests, request_queries, jobs, job_queries = [], [], [], []
    for run in range(ARGS.runs):
        started = time.perf_counter()
        call = generate.generate_approvals_to_publish(approvals=ARGS.approvals,
                                                      fiscal_year=2030 + run)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # TECH-NOTES: plans mean little without statistics
        generated = time.perf_counter() - started
        with QueryCount(connection) as queries:
            started = time.perf_counter()
            response = client.post(reverse("sponsorship:publish", args=[call.pk]))
            requests.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
        request_queries.append(queries.count)
        line = (f"run {run + 1}: {ARGS.approvals} approvals generated in {generated:.1f} s; "
                f"publish request {requests[-1] * 1000:.0f} ms, {request_queries[-1]} queries")
        if board_job_run is not None:
            job = BoardJob.objects.get(call=call)
            with QueryCount(connection) as queries:
                started = time.perf_counter()
                job = board_job_run(job_id=job.pk, seconds=None)
                jobs.append(time.perf_counter() - started)
            job_queries.append(queries.count)
            assert (job.status, job.processed) == ("done", ARGS.approvals), job.status
            line += (f"; job {jobs[-1]:.1f} s, {job_queries[-1]} queries "
                     f"({job_queries[-1] / ARGS.approvals:.1f} per approval)")
        published = call.applications.filter(decision_published_at__isnull=False).count()
        assert published == ARGS.approvals, published
        print(line, f"(load average {os.getloadavg()[0]:.2f})", flush=True)
    print(f"median publish request: {statistics.median(requests) * 1000:.0f} ms "
          f"({statistics.median(request_queries):.0f} queries, "
          f"{statistics.median(request_queries) / ARGS.approvals:.1f} per approval)")
    if jobs:
        print(f"median job: {statistics.median(jobs):.1f} s "
              f"({statistics.median(jobs) / ARGS.approvals * 1000:.0f} ms per approval, "
              f"{statistics.median(job_queries) / ARGS.approvals:.1f} queries per approval)")
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
