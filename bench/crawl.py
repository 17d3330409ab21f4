"""Crawling page benchmark (issue 28): every page each role reaches from its home, not a
chosen list, served by gunicorn under production settings on PostgreSQL at the scale of
bench/generate.py. Never part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench_crawl \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python -m bench.crawl

1. As bench/pages.py: the database dropped, created, migrated and filled (5,000
   applications by default), collectstatic, gunicorn serving `bench.settings`, each role
   logged in over HTTP with its password (HQ with its second factor). Roles: HQ staff,
   the busy HQ reviewer, an overseas reviewer, a domestic office's staff, an applicant, a
   project's applicant, and a visitor (the public and partner-facing pages).
2. Each role's pages are found by following the links of its pages breadth first from
   its home (bench/crawling.py: GET only; logout, downloads, exports and forms left out;
   each URL pattern taken on `--per-pattern` instances).
3. Each page found: 2 warm-up requests, then `--requests` timed ones, each followed by a
   request of its bare view (bench/bare.py) where one exists, so that both see the same
   moment of a shared machine; median, p95, bytes, queries, and page ÷ bare.

Writes a Markdown table with the run's machine and load average to --output.
"""

import argparse
import datetime as dt
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    Client,
    Gunicorn,
    collectstatic,
    percentile,
    production_environment,
)

PASSWORD = "Bench-passphrase-for-deadline-day-2027"
VISITOR_STARTS = ("/", "/showcase/", "/partnering/register/")


def prepare(args) -> dict:
    from bench.pages import prepare as prepare_pages

    data = prepare_pages(args)
    from django.contrib.auth.hashers import make_password

    from accounts.enums import Role
    from accounts.models import User

    application = data["application"]
    office = application.organisation.prefecture.domestic_territory.office
    staff = User.objects.create(email="office-staff@bench.example.jp", role=Role.OFFICE_STAFF,
                                office=office, first_name="Jun", last_name="Chiho",
                                password=make_password(PASSWORD))
    data["users"]["office staff"] = staff
    # Planner statistics, as autovacuum keeps them in production: bulk-loaded tables are
    # otherwise estimated at a few rows a reviewer (nested loops over 33,000 assignments).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return data


def bare_url(page, data: dict, role: str, limit: int) -> str | None:
    """The bare view (bench/bare.py) reading the rows `page` shows, if one exists."""
    from projects.models import Project

    name, kw, query = page.view_name, page.kwargs, page.query
    call = data["call"].pk

    def bare(kind: str, application: int = 0, paginated: bool = False, call: int = call,
             extra: str = "") -> str:
        rows = f"&limit={limit}" if paginated else ""
        offset = ""
        if paginated and query.get("page", "").isdigit():
            offset = f"&offset={(int(query['page']) - 1) * limit}"
        return f"/bench/bare/{kind}/?call={call}&application={application}{rows}{offset}{extra}"

    if name == "home":
        if role in ("applicant",):
            return bare("applicant-home", data["application"].pk)
        if role in ("HQ reviewer", "overseas reviewer"):
            return bare("reviewer-home", paginated=True)
        return None
    if name == "applications:detail":
        return bare("application", kw["pk"])
    if name == "sponsorship:cost-proposal":
        return bare("cost-proposal", kw["pk"])
    if name == "reviews:review":
        return bare("review", kw["pk"])
    if name == "projects:detail":
        application = Project.objects.filter(pk=kw["pk"]).values_list(
            "application_id", flat=True).first()
        return bare("project", application) if application else None
    if name == "sponsorship:board":
        board_call = kw.get("pk", call)
        if query.get("status"):
            return bare("board-filtered", paginated=True, call=board_call,
                        extra=f"&status={query['status']}")
        if query.get("sort", "").lstrip("-") == "value":
            return bare("board-by-value", paginated=True, call=board_call)
        return bare("board", paginated=True, call=board_call)
    if name == "reviews:assignments":
        return bare("assignments", paginated=True, call=kw["pk"])
    if name == "sponsorship:decision-list":
        chosen = query.get("call", "")
        return bare("decisions", paginated=True,
                    call=int(chosen) if chosen.isdigit() else call)
    if name == "sponsorship:letter-calls":
        return bare("letters")
    if name == "sponsorship:call-letters":
        return bare("call-letters", paginated=True, call=kw["call_pk"])
    if name == "monitoring:dashboard":
        return bare("dashboard")
    if name == "projects:list":
        return bare("projects", paginated=True)
    if name == "projects:hq-reports":
        return bare("reports", paginated=True)
    return None


def interleaved(client: Client, page_url: str, bare: str | None, requests: int):
    """Timings of the page and of its bare view, one request of each in turn."""
    import json

    rows = {"page": [], "bare": []}
    queries = {"page": [], "bare": []}
    sizes = {"page": [], "bare": []}
    statuses = set()
    for n in range(requests + 2):
        for kind, url in (("page", page_url), ("bare", bare)):
            if url is None:
                continue
            bench_id = secrets.token_hex(8)
            started = time.perf_counter()
            status, headers, body = client.get(url, headers={"X-Bench-Id": bench_id})
            elapsed = time.perf_counter() - started
            if kind == "page":
                statuses.add(status)
            if n < 2:
                continue
            count = int(headers.get("x-bench-queries", "-1"))
            if "attachment" in headers.get("content-disposition", ""):
                count = json.loads(client.get(f"/bench/queries/{bench_id}/")[2])["queries"]
            rows[kind].append(elapsed)
            queries[kind].append(count)
            sizes[kind].append(len(body))

    def summary(kind):
        if not rows[kind]:
            return None
        return {"median": statistics.median(rows[kind]), "p95": percentile(rows[kind], 0.95),
                "queries": max(queries[kind]), "queries_min": min(queries[kind]),
                "bytes": max(sizes[kind])}

    return summary("page"), summary("bare"), sorted(statuses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--approved", type=int, default=15, help="in the current call")
    parser.add_argument("--earlier-applications", type=int, default=2000)
    parser.add_argument("--earlier-approved", type=int, default=150)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--per-pattern", type=int, default=2,
                        help="instances measured of each URL pattern")
    parser.add_argument("--depth", type=int, default=4, help="clicks from the home page")
    parser.add_argument("--workers", type=int, default=3, help="as scripts/serve.sh")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    parser.add_argument("--roles", default="", help="comma-separated; every role when empty")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "crawl.md"))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may recreate.")
    work = Path(tempfile.mkdtemp(prefix="rit-bench-crawl-"))
    production_environment(port=args.port, work=work,
                           redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    import django

    django.setup()
    from bench.crawling import crawl
    from rit_portal.pagination import PAGE_SIZE

    data = prepare(args)
    collectstatic()
    server = Gunicorn(port=args.port, workers=args.workers, log=work / "gunicorn.log").start()
    roles = {"HQ staff": ("/home/",), "HQ reviewer": ("/home/",),
             "overseas reviewer": ("/home/",), "office staff": ("/home/",),
             "applicant": ("/home/",), "project applicant": ("/home/",),
             "visitor": VISITOR_STARTS}
    chosen = [r.strip() for r in args.roles.split(",") if r.strip()] or list(roles)
    header = ("| role | page | URL | median | p95 | queries | bytes | bare median | "
              "bare queries | page ÷ bare |")
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    print(header, "\n" + lines[1], flush=True)
    loads = [os.getloadavg()]
    started = time.perf_counter()
    found = 0
    try:
        for role in chosen:
            client = Client(args.port)
            if role != "visitor":
                user = data["users"][role]
                client.login(user.email, PASSWORD,
                             totp_key=data["totp_key"] if role == "HQ staff" else None)

            def fetch(path, client=client):
                status, headers, body = client.get(path)
                return status, headers.get("content-type", ""), body

            pages = [p for p in crawl(fetch, starts=roles[role], per_pattern=args.per_pattern,
                                      depth=args.depth) if p.html]
            found += len(pages)
            for page in pages:
                bare = bare_url(page, data, role, PAGE_SIZE)
                timing, bare_timing, statuses = interleaved(client, page.path, bare,
                                                            args.requests)
                queries = (f"{timing['queries']}" if timing["queries"] == timing["queries_min"]
                           else f"{timing['queries_min']}–{timing['queries']}")
                flag = "" if statuses == [200] else f" (HTTP {statuses})"
                line = (f"| {role} | {page.pattern}{flag} | `{page.path}` | "
                        f"{timing['median'] * 1000:.0f} ms | {timing['p95'] * 1000:.0f} ms | "
                        f"{queries} | {timing['bytes']:,} | "
                        + (f"{bare_timing['median'] * 1000:.0f} ms | {bare_timing['queries']} | "
                           f"{timing['median'] / bare_timing['median']:.2f} |"
                           if bare_timing else "– | – | – |"))
                lines.append(line)
                print(line, flush=True)
            loads.append(os.getloadavg())
        elapsed = time.perf_counter() - started
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    one_minute = [load[0] for load in loads]
    facts = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}).",
        f"Data: {args.applications:,} applications in the current call, three earlier fiscal "
        f"years of {args.earlier_applications:,} applications with {data['earlier_projects']} "
        f"projects, generated in {data['generated']:.1f} s.",
        f"gunicorn sync × {args.workers} workers, production settings (bench.settings); "
        f"{found} pages found by crawling ({args.per_pattern} per URL pattern, "
        f"{args.depth} clicks deep); {args.requests} timed requests per page after 2 "
        f"warm-up ones, each followed by one of its bare view; run {elapsed:.0f} s.",
        f"Load average (1 min) at the start and after each role: "
        f"{', '.join(f'{x:.2f}' for x in one_minute)} (mean {statistics.mean(one_minute):.2f}; "
        f"5 and 15 min at the end: {loads[-1][1]:.2f}, {loads[-1][2]:.2f}).",
        f"Worker RSS after the run: {', '.join(f'{x:.0f} MB' for x in rss)}.",
    ]
    for fact in facts:
        print(fact)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n\n" + "\n".join(f"- {fact}" for fact in facts) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
