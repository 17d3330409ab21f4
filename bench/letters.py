"""Award letter benchmark: time per letter against WeasyPrint alone, throughput with one and
two worker processes, peak memory per process. Never part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rit_bench .venv/bin/python bench/letters.py

It creates (or empties) that database, migrates it, creates --letters approved decisions
with a letter each, and writes into a temporary MEDIA_ROOT; e-mail goes to memory. The
worker processes are forked from a parent that has already imported WeasyPrint, as
Celery's prefork pool does, and run the real task (`render_award_letter.apply`).
"""

import argparse
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MEDIA = tempfile.mkdtemp(prefix="rit-bench-media-")
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
    "MEDIA_ROOT": MEDIA,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "REDIS_URL": "", "CELERY_BROKER_URL": "",  # tasks run in the calling process
    "LOG_LEVEL": "WARNING",
})


def ensure_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def setup(letters: int) -> list[int]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from sponsorship.models import AwardLetter
    from tests.sponsorship.factories import approved_decision

    ids = []
    for n in range(letters):
        decision = approved_decision(application__reference=f"RIT-FY2027-{n + 1:04d}",
                                     application__sequence=n + 1)
        ids.append(AwardLetter.objects.create(decision=decision).pk)
    return ids


def reset(ids: list[int]) -> None:
    from sponsorship.enums import LetterStatus
    from sponsorship.models import AwardLetter

    AwardLetter.objects.filter(pk__in=ids).update(status=LetterStatus.PENDING, sha256="",
                                                  file="", size=None, attempts=0,
                                                  emailed_at=None, rendered_at=None)
    shutil.rmtree(Path(MEDIA) / "letters", ignore_errors=True)


def per_letter(ids: list[int], samples: int) -> dict:
    """Median seconds per letter: the project's task vs WeasyPrint alone on the same HTML."""
    import weasyprint

    from sponsorship import letter_pdf
    from sponsorship.tasks import render_award_letter

    font_config, css = letter_pdf.letter_engine()
    base_url = letter_pdf.FONT_DIR.as_uri() + "/"
    task, engine, naive = [], [], []
    for letter_id in ids[:samples + 3]:
        html = letter_pdf.letter_html(letter_pdf.letter_for_render(letter_id))
        start = time.perf_counter()
        render_award_letter.apply(kwargs={"letter_id": letter_id})
        task.append(time.perf_counter() - start)
        start = time.perf_counter()
        weasyprint.HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css],
                                                                  font_config=font_config)
        engine.append(time.perf_counter() - start)
        start = time.perf_counter()
        # WeasyPrint as a naive caller uses it: stylesheet and font loaded for each document.
        fresh = weasyprint.text.fonts.FontConfiguration()
        weasyprint.HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(letter_pdf.STYLESHEET),
                                        font_config=fresh, base_url=base_url)],
            font_config=fresh)
        naive.append(time.perf_counter() - start)
    task, engine, naive = task[3:], engine[3:], naive[3:]  # first ones warm caches up
    return {"task": statistics.median(task), "engine": statistics.median(engine),
            "naive_engine": statistics.median(naive), "samples": len(task)}


def _worker(queue, results) -> None:
    from django.db import connections

    from sponsorship.tasks import render_award_letter

    connections.close_all()
    done = 0
    while (letter_id := queue.get()) is not None:
        render_award_letter.apply(kwargs={"letter_id": letter_id})
        done += 1
    results.put((os.getpid(), done, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def throughput(ids: list[int], processes: int) -> dict:
    from django.db import connections

    from sponsorship.enums import LetterStatus
    from sponsorship.models import AwardLetter

    reset(ids)
    connections.close_all()
    context = get_context("fork")
    queue, results = context.Queue(), context.Queue()
    for letter_id in ids:
        queue.put(letter_id)
    for _ in range(processes):
        queue.put(None)
    start = time.perf_counter()
    workers = [context.Process(target=_worker, args=(queue, results)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    stats = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    ready = AwardLetter.objects.filter(pk__in=ids, status=LetterStatus.READY).count()
    return {"processes": processes, "seconds": elapsed, "letters_per_second": len(ids) / elapsed,
            "ready": ready, "peak_rss_mb": max(s[2] for s in stats) / 1024,
            "per_process": [s[1] for s in stats]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--samples", type=int, default=40, help="letters timed one by one")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may recreate.")
    ensure_database(url)
    ids = setup(args.letters)
    load_before = os.getloadavg()[0]

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for the timings
    single = per_letter(ids, args.samples)
    os.sched_setaffinity(0, set(range(os.cpu_count())))
    one = throughput(ids, 1)
    two = throughput(ids, 2)

    # The 1.7× target needs both cores free: other work on the machine shows in the load.
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average (1 min) {load_before:.2f} before the "
          f"timings, {os.getloadavg()[0]:.2f} after")
    print(f"per letter, one core, median of {single['samples']}: task {single['task']*1000:.0f} ms"
          f", WeasyPrint alone {single['engine']*1000:.0f} ms, ratio "
          f"{single['task']/single['engine']:.2f}; WeasyPrint loading CSS and font per document "
          f"{single['naive_engine']*1000:.0f} ms")
    for run in (one, two):
        print(f"{run['letters_per_second']:.2f} letters/s with {run['processes']} process(es): "
              f"{args.letters} letters in {run['seconds']:.1f} s, {run['ready']} ready, "
              f"per process {run['per_process']}, peak RSS per process {run['peak_rss_mb']:.0f} MB")
    print(f"throughput ratio two/one: {two['letters_per_second']/one['letters_per_second']:.2f}")
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
