"""Page benchmark: the portal served by gunicorn under production settings against a
programme at the scale of a national rollout; each main page of every role timed over
HTTP. Never part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench_pages \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/pages.py

1. The database named is dropped, created, migrated and filled by bench/generate.py
   (`generate_programme`: 5,000 applications of 8 firms, 15 cost lines and 3 reviews,
   three earlier fiscal years of projects and reports).
2. collectstatic into a temporary folder; gunicorn (sync workers, 3 as serve.sh) serves
   `bench.settings`: production settings unchanged plus a middleware that counts each
   response's SQL queries (`X-Bench-Queries`) and the bare views (bench/bare.py).
3. It logs in as each role over HTTP with real passwords (PBKDF2, production's hasher);
   HQ staff confirm the second factor as production requires (`RIT_REQUIRE_2FA` stays
   on), with a TOTP code from an authenticator device enrolled for the bench.
4. Each page: 2 warm-up requests, then --requests timed ones (client-side wall time,
   one request at a time); median, p95, queries, bytes; the same for its bare view
   (one hand-written SQL query of the same rows through the same template engine), and
   the ratio of the medians. Then the RSS of each gunicorn worker.

Prints a Markdown table and writes it (with the run's machine and load average) to
--output.
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
# Whether HQ's project lists (projects, progress reports) show one page of PAGE_SIZE rows.
PROJECTS_PAGINATED = True


def page_size() -> int | None:
    """The rows a list page shows (None: every row, before the pages were paginated)."""
    try:
        from rit_portal.pagination import PAGE_SIZE
    except ImportError:
        return None
    return PAGE_SIZE


def prepare(args) -> dict:
    """Fill the database; passwords and the HQ authenticator for the users who log in."""
    from bench.generate import (
        BUSY_REVIEWER_EMAIL,
        HQ_STAFF_EMAIL,
        fresh_database,
        generate_programme,
    )

    fresh_database(os.environ["DATABASE_URL"])
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from applications.models import Application
    from projects.models import Project

    started = time.perf_counter()
    programme = generate_programme(applications=args.applications, approved=args.approved,
                                   earlier_applications=args.earlier_applications,
                                   earlier_approved=args.earlier_approved)
    generated = time.perf_counter() - started
    call = programme["call"]
    application = Application.objects.filter(call=call, sequence=1).get()
    project = (Project.objects.filter(first_fiscal_year=call.fiscal_year - 2)
               .select_related("application").order_by("application__reference").first())
    reviewed = (Application.objects.filter(
        call=call, review_assignments__reviewer__email=BUSY_REVIEWER_EMAIL,
        review_assignments__review__status="draft").order_by("sequence").first())
    overseas_assignment = reviewed.review_assignments.exclude(
        reviewer__email=BUSY_REVIEWER_EMAIL).filter(reviewer__role="overseas_reviewer").get()
    users = {
        "applicant": User.objects.get(organisation=application.organisation_id),
        "project applicant": User.objects.get(organisation=project.organisation_id),
        "HQ reviewer": User.objects.get(email=BUSY_REVIEWER_EMAIL),
        "overseas reviewer": overseas_assignment.reviewer,
        "HQ staff": User.objects.get(email=HQ_STAFF_EMAIL),
    }
    hashed = make_password(PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=hashed)
    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=users["HQ staff"], name="bench", confirmed=True, key=key)
    letters_call = programme["earlier"][-1]
    return {"call": call, "application": application, "project": project,
            "letters_call": letters_call,
            "reviewed": reviewed, "users": users, "totp_key": key, "generated": generated,
            "earlier_projects": programme["projects"]}


def pages(data: dict, limit: int | None) -> list[tuple]:
    """(role, page, URL, bare view URL or None). A bare view reads the rows its page shows:
    `limit` of them on the paginated lists (PAGE_SIZE), every row on the others."""
    call, app, project, reviewed = (data["call"].pk, data["application"].pk,
                                    data["project"], data["reviewed"].pk)

    def bare(name: str, application: int = app, paginated: bool = False,
             call: int = call) -> str:
        rows = f"&limit={limit}" if paginated and limit else ""
        return f"/bench/bare/{name}/?call={call}&application={application}{rows}"

    earlier = data["letters_call"].pk
    return [
        ("applicant", "applicant home", "/home/", bare("applicant-home")),
        ("applicant", "application page", f"/applications/{app}/", bare("application")),
        ("applicant", "cost proposal", f"/sponsorship/applications/{app}/costs/",
         bare("cost-proposal")),
        ("project applicant", "project page", f"/projects/{project.pk}/",
         bare("project", project.application_id)),
        ("HQ reviewer", "reviewer home", "/home/", bare("reviewer-home", paginated=True)),
        ("HQ reviewer", "review page", f"/reviews/applications/{reviewed}/",
         bare("review", reviewed)),
        ("overseas reviewer", "reviewer home (overseas)", "/home/",
         bare("reviewer-home", paginated=True)),
        ("overseas reviewer", "review page (overseas)", f"/reviews/applications/{reviewed}/",
         bare("review", reviewed)),
        ("HQ staff", "HQ home", "/home/", None),
        ("HQ staff", "board, first page", f"/sponsorship/calls/{call}/board/",
         bare("board", paginated=True)),
        ("HQ staff", "board, filtered (reviewed)",
         f"/sponsorship/calls/{call}/board/?status=reviewed",
         bare("board-filtered", paginated=True) + "&status=reviewed"),
        ("HQ staff", "board, sorted by value", f"/sponsorship/calls/{call}/board/?sort=-value",
         bare("board-by-value", paginated=True)),
        ("HQ staff", "assignments", f"/reviews/calls/{call}/assignments/",
         bare("assignments", paginated=True)),
        ("HQ staff", "decisions", f"/sponsorship/decisions/?call={call}",
         bare("decisions", paginated=True)),
        ("HQ staff", "letters (calls)", "/sponsorship/letters/", bare("letters")),
        ("HQ staff", "letters of a call (150)", f"/sponsorship/calls/{earlier}/letters/",
         bare("call-letters", paginated=True, call=earlier)),
        ("HQ staff", "dashboard (monitoring)", "/monitoring/", bare("dashboard")),
        ("HQ staff", "export (applications CSV)",
         f"/monitoring/calls/{call}/export/applications.csv", bare("export")),
        ("HQ staff", "projects", "/projects/", bare("projects", paginated=PROJECTS_PAGINATED)),
        ("HQ staff", "progress reports", "/projects/reports/",
         bare("reports", paginated=PROJECTS_PAGINATED)),
    ]


def measure(client: Client, url: str, requests: int) -> dict:
    times, sizes, queries, statuses = [], [], [], set()
    for n in range(requests + 2):
        bench_id = secrets.token_hex(8)
        started = time.perf_counter()
        status, headers, body = client.get(url, headers={"X-Bench-Id": bench_id})
        elapsed = time.perf_counter() - started
        statuses.add(status)
        if n < 2:
            continue  # warm-up: templates compiled, caches filled
        times.append(elapsed)
        sizes.append(len(body))
        count = int(headers.get("x-bench-queries", "-1"))
        if "attachment" in headers.get("content-disposition", "") or headers.get(
                "content-type", "").startswith("text/csv"):
            # Streamed: the full count is known once the body was read.
            _s, _h, answer = client.get(f"/bench/queries/{bench_id}/")
            import json

            count = json.loads(answer)["queries"]
        queries.append(count)
    return {"median": statistics.median(times), "p95": percentile(times, 0.95),
            "queries": max(queries), "queries_min": min(queries), "bytes": max(sizes),
            "statuses": sorted(statuses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--approved", type=int, default=15, help="in the current call")
    parser.add_argument("--earlier-applications", type=int, default=2000)
    parser.add_argument("--earlier-approved", type=int, default=150)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="as scripts/serve.sh")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pages.md"))
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may recreate.")
    work = Path(tempfile.mkdtemp(prefix="rit-bench-pages-"))
    production_environment(port=args.port, work=work,
                           redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    data = prepare(args)
    collectstatic()
    limit = page_size()
    server = Gunicorn(port=args.port, workers=args.workers, worker_class=args.worker_class,
                      threads=args.threads, log=work / "gunicorn.log").start()
    lines = []
    try:
        clients = {}
        for role, user in data["users"].items():
            clients[role] = Client(args.port)
            clients[role].login(user.email, PASSWORD,
                                totp_key=data["totp_key"] if role == "HQ staff" else None)
        load_before = os.getloadavg()
        started = time.perf_counter()
        header = ("| page | role | median | p95 | queries | bytes | bare median | "
                  "bare queries | page ÷ bare |")
        lines += [header, "|---|---|---|---|---|---|---|---|---|"]
        print(header, flush=True)
        print(lines[-1], flush=True)
        for role, name, page_url, bare_url in pages(data, limit):
            if args.only and args.only not in name:
                continue
            client = clients[role]
            page = measure(client, page_url, args.requests)
            bare = measure(client, bare_url, args.requests) if bare_url else None
            flag = "" if page["statuses"] == [200] else f" (HTTP {page['statuses']})"
            queries = (f"{page['queries']}" if page["queries"] == page["queries_min"]
                       else f"{page['queries_min']}–{page['queries']}")
            line = (f"| {name}{flag} | {role} | {page['median'] * 1000:.0f} ms | "
                    f"{page['p95'] * 1000:.0f} ms | {queries} | {page['bytes']:,} | "
                    + (f"{bare['median'] * 1000:.0f} ms | {bare['queries']} | "
                       f"{page['median'] / bare['median']:.2f} |" if bare else "– | – | – |"))
            lines.append(line)
            print(line, flush=True)
        elapsed = time.perf_counter() - started
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    load_after = os.getloadavg()
    facts = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}).",
        f"Data: {args.applications:,} applications in the current call (8 firms, 15 cost "
        f"lines, 3 reviews each), three earlier fiscal years of {args.earlier_applications:,} "
        f"applications with {data['earlier_projects']} projects in all, generated in "
        f"{data['generated']:.1f} s.",
        f"gunicorn {args.worker_class} × {args.workers} workers"
        + (f" × {args.threads} threads" if args.threads > 1 else "")
        + f", production settings (bench.settings); {args.requests} timed requests per page "
        f"after 2 warm-up ones, one at a time; list pages {limit or 'unpaginated'} rows"
        f"{' per page' if limit else ''}; page run {elapsed:.0f} s.",
        f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}.",
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
