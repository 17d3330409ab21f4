"""The fixed cost of a page, before and after a change, in the same run (issue 28): the
lightest pages (the privacy notice, a role's simplest page) served by two gunicorns side by
side — one from another source tree (`--before`, e.g. a `git worktree` of main before the
change), one from this tree — against the same database, one request to each in turn, so
that both see the same moments of a shared machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench_crawl \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python -m bench.light --before /tmp/main-before

The database must hold bench/crawl.py's data (its users and passwords): run the crawl
first. Prints, per page and tree, the median, p95 and query count.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl import PASSWORD  # noqa: E402
from bench.server import (  # noqa: E402
    Client,
    Gunicorn,
    collectstatic,
    percentile,
    production_environment,
)

PAGES = [("office-staff@bench.example.jp", "/privacy/"),
         ("office-staff@bench.example.jp", "/accounts/password/change/"),
         ("hq-reviewer@bench.example.jp", "/reviews/conflicts/")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="the source tree to compare with")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rit-bench-light-"))
    production_environment(port=args.port, work=work,
                           redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    collectstatic()
    servers = {
        "before": Gunicorn(port=args.port + 10000, workers=1, root=Path(args.before),
                           log=work / "before.log").start(),
        "after": Gunicorn(port=args.port, workers=1, log=work / "after.log").start(),
    }
    load_before = os.getloadavg()
    try:
        for email, path in PAGES:
            clients = {}
            for name, server in servers.items():
                clients[name] = Client(server.port)
                clients[name].login(email, PASSWORD)
            times = {name: [] for name in servers}
            queries = {name: set() for name in servers}
            for n in range(args.requests + 5):
                for name, client in clients.items():
                    started = time.perf_counter()
                    status, headers, _body = client.get(path)
                    elapsed = time.perf_counter() - started
                    assert status == 200, (name, path, status)
                    if n >= 5:
                        times[name].append(elapsed)
                        queries[name].add(int(headers.get("x-bench-queries", "-1")))
            for name in servers:
                print(f"| {path} | {name} | {statistics.median(times[name]) * 1000:.1f} ms | "
                      f"{percentile(times[name], 0.95) * 1000:.1f} ms | "
                      f"{'/'.join(str(q) for q in sorted(queries[name]))} |", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    print(f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}; after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.requests} requests per "
          "page and tree, one at a time, alternating; one sync worker each.")


if __name__ == "__main__":
    main()
