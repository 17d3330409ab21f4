"""Deadline-rush benchmark: applicants arriving over the last minutes before a call closes,
each logging in, saving a section and submitting, against gunicorn under production
settings on loopback; compared across gunicorn worker models and counts. Never part of
the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench_rush \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/rush.py
    … bench/rush.py --duration 60 --applicants 40 --applications 0   # a quick trial

1. The database named is dropped, created, migrated and filled with the programme of
   bench/generate.py (--applications in the current call; 0: none), so that the rush
   writes into tables of their real size.
2. For each server configuration (--configs, e.g. `sync:3,gthread:2x4`): a fresh open
   call with --applicants complete drafts, one per organisation, each with its applicant
   user (a real PBKDF2 password: production's hasher); gunicorn started with that worker
   model; the applicants arrive at random (uniformly, seeded) over --duration seconds.
   Each one, as a browser does, with --think seconds between pages:
     login    GET the login page, POST the password (302), GET the home page
     save     GET the criterion-2 section, POST it changed (302)
     submit   GET the submission page, POST the confirmation (302), GET the application
   Every request is timed on the client; an error is an exception, a timeout or any
   status other than the expected one.
3. Then the database is checked: every application submitted exactly once (one status
   change to "submitted"), each with a reference, all references distinct, sequences
   1..N without a gap.
4. The CPU time the gunicorn workers used (from /proc), the load average, and the CPU
   cost of one password check in this process.

Prints a Markdown report and writes it to --output. The load generator runs on the same
machine (loopback), so its own CPU use competes with the server's.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
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
STEPS = ["login page", "login POST", "home", "section page", "section POST", "submit page",
         "submit POST", "application page"]


def rush_call(*, applicants: int, label: str, fiscal_year: int, password_hash: str):
    """An open call with `applicants` complete drafts: (call, [(e-mail, application pk)]).
    Each configuration gets a call of its own fiscal year: references (RIT-FY<year>-NNNN)
    are numbered per call and unique across the database."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import OrganisationType, Role
    from accounts.models import ApplicantOrganisation, User
    from applications.enums import (
        ApplicationStatus,
        ConfirmationStatus,
        ContactForm,
        Industry,
        Objective,
    )
    from applications.models import (
        Application,
        Call,
        ConsortiumMember,
        PartnerConfirmation,
        PriorContact,
        ProjectYearPlan,
    )
    from bench.generate import REGIONS, SECTORS
    from regions.models import PartnerRegion, Prefecture, Sector
    from sponsorship.enums import Activity, CostCategory
    from sponsorship.models import CostLine

    rng = random.Random(label)
    now = timezone.now()
    sectors = list(Sector.objects.filter(code__in=SECTORS))
    regions = list(PartnerRegion.objects.filter(name_en__in=REGIONS))
    prefectures = list(Prefecture.objects.all())
    with transaction.atomic():
        call = Call.objects.create(
            fiscal_year=fiscal_year, title_ja=f"{fiscal_year}年度 RIT 公募（締切ベンチ {label}）",
            title_en=f"FY{fiscal_year} RIT call (deadline rush {label})",
            opens_at=now - dt.timedelta(days=60), closes_at=now + dt.timedelta(days=1),
            budget_envelope=400_000_000, is_published=True)
        organisations = ApplicantOrganisation.objects.bulk_create([
            ApplicantOrganisation(
                name_ja=f"締切ベンチ振興会{call.pk}-{n}", name_en=f"Rush association {n}",
                org_type=OrganisationType.BUSINESS_ASSOCIATION, prefecture=rng.choice(prefectures),
                address="東京都港区1-1", representative_name_ja="山田 太郎",
                representative_name_en="Taro Yamada", contact_name="佐藤 花子",
                contact_email=f"rush{call.pk}-{n}@example.jp") for n in range(applicants)])
        users = User.objects.bulk_create([
            User(email=f"rush{call.pk}-{n}@bench.example.jp", role=Role.APPLICANT,
                 organisation=o, first_name="花子", last_name="佐藤", password=password_hash)
            for n, o in enumerate(organisations)])
        apps = Application.objects.bulk_create([
            Application(call=call, organisation=o, status=ApplicationStatus.DRAFT,
                        title_ja=f"締切前の共同開発 {n}", title_en=f"Rush project {n}",
                        sector=rng.choice(sectors), partner_region=rng.choice(regions),
                        objectives=[Objective.EXPORT, Objective.JOINT_DEVELOPMENT],
                        cooperation_summary="計画の概要" * 20,
                        start_date=dt.date(fiscal_year, 6, 1), duration_years=2,
                        c2_industry_development="地域の産業の高度化",
                        c2_new_products="新製品", c2_business_tieups="業務提携",
                        created_by=u)
            for n, (o, u) in enumerate(zip(organisations, users, strict=True))])
        Through = Application.prefectures.through
        Through.objects.bulk_create([Through(application_id=a.pk,
                                             prefecture_id=rng.choice(prefectures).pk)
                                     for a in apps])
        ProjectYearPlan.objects.bulk_create([
            ProjectYearPlan(application=a, year=y, activities=f"{y}年目: ビジネスマッチング")
            for a in apps for y in (1, 2)])
        ConsortiumMember.objects.bulk_create([
            ConsortiumMember(application=a, name=f"株式会社締切{a.pk}-{m}",
                             industry=Industry.MANUFACTURING, capital_yen=80_000_000,
                             employees=150, interest="共同開発", position=m)
            for a in apps for m in range(8)])
        PriorContact.objects.bulk_create([
            PriorContact(application=a, date=dt.date(2027, 11, 5),
                         form=ContactForm.VISIT_ABROAD, people="山田、Dr. Müller")
            for a in apps])
        PartnerConfirmation.objects.bulk_create([
            PartnerConfirmation(application=a, contact_name="Dr. Anna Müller",
                                contact_email=f"partner{a.pk}@bench.example.de",
                                contact_organisation="Partner agency",
                                status=ConfirmationStatus.CONFIRMED, responded_at=now)
            for a in apps])
        pairs = [(a, c) for a in Activity.values for c in CostCategory.values]
        CostLine.objects.bulk_create([
            CostLine(application=a, activity=pairs[line % len(pairs)][0], year=1 + line % 2,
                     category=pairs[line % len(pairs)][1], description="経費",
                     quantity=2, unit="式", unit_cost=150_000, position=line)
            for a in apps for line in range(15)])
    return call, [(u.email, a.pk) for u, a in zip(users, apps, strict=True)]


class Rush:
    def __init__(self, *, port: int, think: float):
        self.port, self.think = port, think
        self.timings: dict[str, list[float]] = {step: [] for step in STEPS}
        self.errors: list[str] = []
        self.completed = 0
        self.lock = threading.Lock()

    def _timed(self, step: str, call, expected: int):
        started = time.perf_counter()
        try:
            status, headers, body = call()
        except Exception as exc:  # noqa: BLE001 - every failure is an error of the rush
            with self.lock:
                self.errors.append(f"{step}: {type(exc).__name__} {exc}")
            raise
        elapsed = time.perf_counter() - started
        with self.lock:
            self.timings[step].append(elapsed)
            if status != expected:
                self.errors.append(f"{step}: HTTP {status} (expected {expected})")
        if status != expected:
            raise RuntimeError(step)
        return body

    def applicant(self, number: int, email: str, pk: int) -> None:
        client = Client(self.port, client_ip=f"198.51.{100 + number // 250}.{number % 250 + 1}")
        try:
            token = _token(self._timed("login page", lambda: client.get("/accounts/login/"), 200))
            self._timed("login POST", lambda: client.request(
                "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": email,
                                             "password": PASSWORD}), 302)
            self._timed("home", lambda: client.get("/home/"), 200)
            time.sleep(self.think)
            section = f"/applications/{pk}/prospects/"
            token = _token(self._timed("section page", lambda: client.get(section), 200))
            self._timed("section POST", lambda: client.request("POST", section, {
                "csrfmiddlewaretoken": token,
                "c2_industry_development": "地域の医療機器産業の高度化と人材の育成",
                "c2_new_products": "軽量の医療用部品、共同開発の検査装置",
                "c2_business_tieups": "共同開発契約3件、販売代理店契約2件",
                "en-prospects": "Joint development of lightweight medical parts."}), 302)
            time.sleep(self.think)
            submit = f"/applications/{pk}/submit/"
            token = _token(self._timed("submit page", lambda: client.get(submit), 200))
            self._timed("submit POST", lambda: client.request(
                "POST", submit, {"csrfmiddlewaretoken": token, "confirm": "on"}), 302)
            self._timed("application page", lambda: client.get(f"/applications/{pk}/"), 200)
        except Exception:  # noqa: BLE001 - recorded by _timed; this applicant stops
            return
        with self.lock:
            self.completed += 1

    def run(self, accounts: list[tuple[str, int]], duration: float, seed: int = 2027) -> float:
        rng = random.Random(seed)
        arrivals = sorted(rng.uniform(0, duration) for _ in accounts)
        threads = []
        started = time.perf_counter()
        for number, ((email, pk), at) in enumerate(zip(accounts, arrivals, strict=True)):
            time.sleep(max(0.0, started + at - time.perf_counter()))
            thread = threading.Thread(target=self.applicant, args=(number, email, pk))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def _token(body: bytes) -> str:
    import re

    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def verify(call) -> dict:
    """Every application of the rush call submitted exactly once, with distinct references."""
    from django.db.models import Count, Q

    from applications.models import Application

    rows = list(Application.objects.filter(call=call).annotate(
        submissions=Count("status_changes", filter=Q(status_changes__to_status="submitted")))
        .values("status", "reference", "sequence", "submissions"))
    references = [r["reference"] for r in rows if r["reference"]]
    sequences = sorted(r["sequence"] for r in rows if r["sequence"])
    return {"applications": len(rows),
            "submitted": sum(r["status"] == "submitted" for r in rows),
            "with_reference": len(references), "distinct_references": len(set(references)),
            "submitted_once": sum(r["submissions"] == 1 for r in rows),
            "submitted_twice_or_more": sum(r["submissions"] > 1 for r in rows),
            "sequences_gapless": sequences == list(range(1, len(sequences) + 1))}


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def parse_config(text: str) -> tuple[str, int, int]:
    """`sync:3` → (sync, 3 workers, 1 thread); `gthread:2x4` → (gthread, 2, 4)."""
    kind, _, size = text.partition(":")
    workers, _, threads = size.partition("x")
    return kind, int(workers), int(threads or 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300, help="arrivals spread (s)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    parser.add_argument("--applications", type=int, default=5000,
                        help="background data: applications of the current call")
    parser.add_argument("--configs", default="sync:3,gthread:2x4")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8151)))
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "rush.md"))
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may recreate.")
    work = Path(tempfile.mkdtemp(prefix="rit-bench-rush-"))
    production_environment(port=args.port, work=work,
                           redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"))
    from bench.generate import fresh_database, generate_programme

    fresh_database(url)
    if args.applications:
        generate_programme(applications=args.applications)
    collectstatic()
    from django.contrib.auth.hashers import check_password, make_password

    hashed = make_password(PASSWORD)
    cpu = time.process_time()
    check_password(PASSWORD, hashed)
    hash_cpu = time.process_time() - cpu

    lines = [f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
             f"({os.cpu_count()} cores, Python {platform.python_version()}): "
             f"{args.applicants} applicants arriving over {args.duration:.0f} s, {args.think} s "
             f"between pages; background data {args.applications:,} applications in the current "
             f"call. One password check (PBKDF2, production's hasher): "
             f"{hash_cpu * 1000:.0f} ms of CPU here.", ""]
    for number, config in enumerate(args.configs.split(",")):
        kind, workers, threads = parse_config(config)
        call, accounts = rush_call(applicants=args.applicants, label=config,
                                   fiscal_year=2028 + number, password_hash=hashed)
        server = Gunicorn(port=args.port, workers=workers, worker_class=kind, threads=threads,
                          log=work / f"gunicorn-{kind}-{workers}x{threads}.log").start()
        rush = Rush(port=args.port, think=args.think)
        load_before = os.getloadavg()
        pids = server.worker_pids()
        cpu_before = _cpu_seconds(pids)
        try:
            elapsed = rush.run(accounts, args.duration)
            cpu_used = _cpu_seconds(pids) - cpu_before
            rss = server.worker_rss_mb()
        finally:
            server.stop()
        load_after = os.getloadavg()
        checked = verify(call)
        requests = sum(len(v) for v in rush.timings.values())
        every = [t for v in rush.timings.values() for t in v]
        name = f"{kind} × {workers}" + (f" × {threads} threads" if threads > 1 else "")
        first = len(lines)
        lines += [
            f"### gunicorn {name}",
            "",
            f"- {rush.completed} of {len(accounts)} applicants completed in {elapsed:.0f} s; "
            f"{requests} requests ({requests / elapsed:.2f}/s), "
            f"{rush.completed / elapsed * 60:.1f} submissions/min; errors: {len(rush.errors)}"
            + (f" (first: {rush.errors[0]})" if rush.errors else ""),
            f"- every request: p50 {statistics.median(every) * 1000:.0f} ms, p95 "
            f"{percentile(every, 0.95) * 1000:.0f} ms, max {max(every) * 1000:.0f} ms",
            f"- stored: {checked['submitted']} submitted of {checked['applications']}, "
            f"{checked['with_reference']} with a reference, {checked['distinct_references']} "
            f"distinct, {checked['submitted_once']} submitted exactly once, "
            f"{checked['submitted_twice_or_more']} twice or more, sequences without a gap: "
            f"{'yes' if checked['sequences_gapless'] else 'NO'}",
            f"- gunicorn workers' CPU: {cpu_used:.0f} s over the run "
            f"({cpu_used / elapsed * 100:.0f}% of one core); RSS after: "
            f"{', '.join(f'{x:.0f} MB' for x in rss)}",
            f"- load average before {' '.join(f'{x:.2f}' for x in load_before)}, after "
            f"{' '.join(f'{x:.2f}' for x in load_after)}",
            "",
            "| step | requests | p50 | p95 | max |",
            "|---|---|---|---|---|",
        ]
        for step in STEPS:
            values = rush.timings[step]
            if values:
                lines.append(f"| {step} | {len(values)} | {statistics.median(values) * 1000:.0f} ms"
                             f" | {percentile(values, 0.95) * 1000:.0f} ms | "
                             f"{max(values) * 1000:.0f} ms |")
        lines.append("")
        print("\n".join(lines[first:]), flush=True)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(lines[0])
    print(f"written to {out}")


if __name__ == "__main__":
    main()
