"""A page's overhead over its bare view, before and after a change, in one run (issue 28):
the pages of one application (the applicant's, HQ's, both reviewers'), the project page,
the applicant's home, the dashboard and a domestic office's pages, served by two gunicorns
side by side (one sync worker each, `bench.settings`) — one from another source tree
(`--before`, e.g. `git archive <commit>` of main before the change with the compiled
catalogues copied in), one from this tree — against the same database; each page: one
request to before, one to after and one to its bare view (bench/bare.py), in turn, so that
all three see the same moments of a shared machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench_crawl \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python -m bench.overhead --before /tmp/main-before

The database must hold bench/crawl.py's data (its users, passwords and HQ's authenticator,
read from the database), migrated to this tree's schema; both
trees must read it (a migration of this tree that the other tree's code cannot read makes
the comparison meaningless). Prints medians and query counts per page and tree, the bare
view's median, the ratios, and the load average.
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
from bench.server import Client, Gunicorn, collectstatic, production_environment  # noqa: E402


def pages() -> list[tuple]:
    """(role, page, URL, bare view URL or None), with bench/pages.py's choice of rows."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from applications.models import Application, Call
    from bench.generate import BUSY_REVIEWER_EMAIL, HQ_STAFF_EMAIL
    from projects.models import Project

    call = Call.objects.order_by("-fiscal_year").first()
    application = Application.objects.get(call=call, sequence=1)
    project = (Project.objects.filter(first_fiscal_year=call.fiscal_year - 2)
               .order_by("application__reference").first())
    reviewed = (Application.objects.filter(
        call=call, review_assignments__reviewer__email=BUSY_REVIEWER_EMAIL,
        review_assignments__review__status="draft").order_by("sequence").first())
    overseas = reviewed.review_assignments.exclude(reviewer__email=BUSY_REVIEWER_EMAIL).filter(
        reviewer__role="overseas_reviewer").get().reviewer
    office_staff = User.objects.get(email="office-staff@bench.example.jp")
    users = {"applicant": User.objects.get(organisation=application.organisation_id),
             "project applicant": User.objects.get(organisation=project.organisation_id),
             "HQ reviewer": User.objects.get(email=BUSY_REVIEWER_EMAIL),
             "overseas reviewer": overseas, "office staff": office_staff,
             "HQ staff": User.objects.get(email=HQ_STAFF_EMAIL)}
    key = TOTPDevice.objects.get(user=users["HQ staff"], name="bench").key

    def bare(kind: str, pk: int) -> str:
        return f"/bench/bare/{kind}/?call={call.pk}&application={pk}"

    a, r = application.pk, reviewed.pk
    office = f"/monitoring/offices/{office_staff.office.code}/"
    return users, key, [
        ("applicant", "applicant home", "/home/", bare("applicant-home", a)),
        ("applicant", "application page", f"/applications/{a}/", bare("application", a)),
        ("HQ staff", "application page (HQ)", f"/applications/{a}/", bare("application", a)),
        ("HQ reviewer", "review page (HQ reviewer)", f"/reviews/applications/{r}/",
         bare("review", r)),
        ("overseas reviewer", "review page (overseas)", f"/reviews/applications/{r}/",
         bare("review", r)),
        ("project applicant", "project page", f"/projects/{project.pk}/",
         bare("project", project.application_id)),
        ("HQ staff", "dashboard", "/monitoring/", bare("dashboard", a)),
        ("HQ staff", f"dashboard FY{call.fiscal_year}", f"/monitoring/?fy={call.fiscal_year}",
         bare("dashboard", a)),
        ("office staff", "office's figures", office, None),
        ("office staff", "office's home", "/home/", None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="the source tree to compare with")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    parser.add_argument("--only", default="", help="pages whose name contains this")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rit-bench-overhead-"))
    production_environment(port=args.port, work=work,
                           redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    import django

    django.setup()
    users, totp_key, chosen = pages()
    collectstatic()
    servers = {
        "before": Gunicorn(port=args.port + 10000, workers=1, root=Path(args.before),
                           log=work / "before.log").start(),
        "after": Gunicorn(port=args.port, workers=1, log=work / "after.log").start(),
    }
    loads = [os.getloadavg()]
    print("| page | before | queries | after | queries | bare view | before ÷ bare | "
          "after ÷ bare |\n|---|---|---|---|---|---|---|---|", flush=True)
    try:
        clients = {}
        for role, user in users.items():
            after = Client(servers["after"].port)
            after.login(user.email, PASSWORD, totp_key=totp_key if role == "HQ staff" else None)
            before = Client(servers["before"].port)
            before.cookies = dict(after.cookies)  # one session: the database's sessions table
            clients[role] = {"before": before, "after": after, "bare": after}
        for role, name, url, bare in chosen:
            if args.only not in name:
                continue
            times = {"before": [], "after": [], "bare": []}
            queries = {"before": set(), "after": set()}
            for n in range(args.requests + 2):
                for kind in ("before", "after", "bare"):
                    if kind == "bare" and bare is None:
                        continue
                    started = time.perf_counter()
                    status, headers, _ = clients[role][kind].get(bare if kind == "bare" else url)
                    elapsed = time.perf_counter() - started
                    assert status == 200, (kind, url, status)
                    if n >= 2:  # warm-up: templates compiled, caches filled
                        times[kind].append(elapsed)
                        if kind != "bare":
                            queries[kind].add(int(headers.get("x-bench-queries", "-1")))
            median = {k: statistics.median(v) * 1000 for k, v in times.items() if v}

            def counted(kind, queries=queries):
                return "/".join(str(q) for q in sorted(queries[kind]))

            ratios = (f"{median['bare']:.0f} ms | {median['before'] / median['bare']:.2f} | "
                      f"{median['after'] / median['bare']:.2f} |" if bare else "– | – | – |")
            print(f"| {name} | {median['before']:.0f} ms | {counted('before')} | "
                  f"{median['after']:.0f} ms | {counted('after')} | {ratios}", flush=True)
            loads.append(os.getloadavg())
    finally:
        for server in servers.values():
            server.stop()
    print("Load average (1, 5, 15 min) at the start and after each page: "
          + "; ".join(" ".join(f"{x:.2f}" for x in load) for load in loads)
          + f". {args.requests} requests per page and tree after 2 warm-up ones, one sync "
          "worker each.")


if __name__ == "__main__":
    main()
