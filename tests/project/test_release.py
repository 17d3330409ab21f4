"""Deploys that are safe with several hosts: the release step (`scripts/serve.sh migrate`)
runs under a PostgreSQL advisory lock, so two hosts starting it together do not race (one
migrates, the other waits and exits 0), web and worker starts never migrate, and one beat
schedules while a second waits and takes over when the first dies (rit_portal/beat.py)."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests.conftest import ROOT, wait_for

SERVE = ROOT / "scripts" / "serve.sh"


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{name}")


def admin_connection():
    db = connection.settings_dict
    admin = psycopg2.connect(dbname="postgres", user=db["USER"], password=db.get("PASSWORD"),
                             host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432)
    admin.autocommit = True
    return admin


def portal_env(database: str, **extra) -> dict:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
            "DATABASE_URL": database_url(database), **extra}


@pytest.fixture
def fresh_database(require_postgresql):
    name = f"{connection.settings_dict['NAME']}_release"
    admin = admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_two_migrate_steps_at_once_one_migrates_the_other_waits_and_exits_0(
        fresh_database, tmp_path):
    env = portal_env(fresh_database)
    runners = [subprocess.Popen([str(SERVE), "migrate"], cwd=ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for _ in range(2)]
    outputs = [runner.communicate(timeout=300)[0] for runner in runners]
    assert [runner.returncode for runner in runners] == [0, 0], outputs
    migrated = [out for out in outputs if "Applying accounts.0001_initial... OK" in out]
    waited = [out for out in outputs if "Another runner is migrating this database; waiting"
              in out]
    assert (len(migrated), len(waited)) == (1, 1), outputs
    # The one that waited found nothing left to do.
    assert "No migrations to apply." in waited[0] and "Applying" not in waited[0]
    with psycopg2.connect(database_url(fresh_database)) as check, check.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT (app, name)) FROM django_migrations")
        total, distinct = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM regions_prefecture")
        prefectures = cursor.fetchone()[0]
    assert total == distinct > 50
    assert prefectures == 47


def test_web_and_worker_starts_never_migrate():
    serve = SERVE.read_text()
    starts = dict(re.findall(r"\n  (\w+)\)\n(.*?)\n    ;;", serve, re.S))
    assert set(starts) == {"migrate", "web", "worker", "beat"}
    # As the owner role when one is named; then the runtime role's grants (database_roles).
    assert starts["migrate"].strip().splitlines()[0] == "as_owner python manage.py migrate_locked"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in starts[name]


class Beat:
    def __init__(self, env: dict, log: Path):
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "rit_portal", "beat", "-l", "info",
             "--schedule", str(log.with_suffix(".schedule"))],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True)

    def text(self) -> str:
        return self.log.read_text()

    def sent(self) -> int:
        return self.text().count("Scheduler: Sending due task notifications-sweep")

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(20)


def test_two_beats_one_schedules_and_the_other_takes_over_when_it_dies(
        require_postgresql, require_redis, tmp_path):
    import redis

    queue = f"rit-test-beat-{uuid.uuid4().hex[:8]}"
    env = portal_env(connection.settings_dict["NAME"], CELERY_BROKER_URL=require_redis,
                     CELERY_QUEUE=queue, NOTIFICATIONS_SWEEP_SECONDS="1")
    first = Beat(env, tmp_path / "first.log")
    try:
        wait_for(lambda: first.sent() >= 2, timeout=60)
        second = Beat(env, tmp_path / "second.log")
        try:
            wait_for(lambda: "waiting: another beat holds the lock" in second.text(), 60)
            sent_before = first.sent()
            time.sleep(4)  # four sweeps' worth: the first goes on, the second sends nothing
            assert first.sent() >= sent_before + 2
            assert second.sent() == 0
            first.stop(signal.SIGKILL)  # dies without a word: its session ends, the lock goes
            wait_for(lambda: second.sent() >= 2, timeout=30)
            assert "holding the beat lock; this beat schedules" in second.text()
        finally:
            second.stop()
    finally:
        first.stop()
        redis.Redis.from_url(require_redis).delete(queue)
