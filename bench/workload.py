"""The reviewers' workload, timed (issue 28): what HQ's reviewers page (`/reviews/reviewers/`,
`?office=`) and the assignment page (`/reviews/applications/<n>/assign/`) ask of the
database for the reviewers' workload, in process, median of `--runs` after one warm-up.
`--root` runs another source tree's selectors against the same database (e.g. a worktree
of main before the change), so before and after are measured on the same data:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench .venv/bin/python -m bench.generate
    DATABASE_URL=... .venv/bin/python bench/workload.py --root /tmp/main-before
    DATABASE_URL=... .venv/bin/python bench/workload.py

Prints, per step, the median and the slowest run in ms, and the load average.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent),
                        help="the source tree whose selectors are timed")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rit_portal.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from accounts.enums import Role
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from regions.models import JetroOffice
    from reviews import selectors
    from rit_portal.pagination import PAGE_SIZE

    application = (Application.objects.filter(status=ApplicationStatus.UNDER_REVIEW,
                                              partner_region__isnull=False)
                   .order_by("-call__fiscal_year", "sequence").first())
    office = (JetroOffice.objects.filter(staff__role=Role.OVERSEAS_REVIEWER)
              .order_by("code").distinct().first())
    steps = {
        "reviewers page: a page's workload (with_workload_of)": lambda: selectors.with_workload_of(
            selectors.reviewers_for_management()[:PAGE_SIZE]),
        f"reviewers, least loaded first (?office={office.code})": lambda: list(
            selectors.reviewers_with_workload(role=Role.OVERSEAS_REVIEWER, office_id=office.pk)),
        f"assignment page: candidates and proposal ({application.reference})":
            lambda: selectors.assignment_choices(application=application),
    }
    print(f"source tree {args.root}; {Application.objects.count()} applications")
    for name, step in steps.items():
        step()  # warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            step()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
