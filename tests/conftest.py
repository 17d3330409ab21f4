"""Fixtures shared by the whole suite.

Service-backed tests call `require_service(...)`: on a developer machine without the
service they skip; with RIT_REQUIRE_SERVICES=1 (set by CI) they fail instead.
"""

import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from accounts.enums import Role
from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def require_service(name: str, available: bool, reason: str) -> None:
    if available:
        return
    message = f"{name} is needed by this test and is not available: {reason}"
    if settings.RIT_REQUIRE_SERVICES:
        pytest.fail(message + " (RIT_REQUIRE_SERVICES=1: failing instead of skipping)")
    pytest.skip(message)


def redis_reachable(url: str) -> tuple[bool, str]:
    if not url.startswith(("redis://", "rediss://")):
        return False, "REDIS_URL / CELERY_BROKER_URL is not set to a Redis server"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # any connection problem means "not reachable"
        return False, f"{url}: {exc}"
    return True, ""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that start real Celery workers run one after another, on one pytest-xdist
    worker (`make test` runs with --dist loadgroup): each would run alone on a quiet
    machine, but two at once (each a worker, its children and a deliberate kill) on the
    two cores make their timing depend on each other. Every other test is spread."""
    for item in items:
        if "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("celery-worker"))
        if _transactional(item) and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


def _transactional(item) -> bool:
    """A test whose database is emptied after it (a real transaction): every such test
    restores the migrated data (reference data, content types) with a serialized rollback.
    Without it, its flush lets post_migrate write the content types again under new ids,
    and the next test that restores the serialized data meets them (a duplicate key),
    whichever xdist worker and order the two land in."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in fixtures or "live_server" in fixtures)


@pytest.fixture(autouse=True)
def _template_fragments_emptied():
    """Every test starts without cached page fragments ({% cache %}, settings'
    "template_fragments", kept in the process): a fragment keyed on the version of one
    test's data (a time frozen by another test) never shows in another test."""
    from django.core.cache import caches

    caches["template_fragments"].clear()


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Start every test in the settings' language: a request served in Japanese leaves
    Japanese active in the thread (LocaleMiddleware never deactivates), which would make
    later tests depend on the order they run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def require_postgresql(db):
    require_service("PostgreSQL", connection.vendor == "postgresql",
                    f"the test database is {connection.vendor} (set DATABASE_URL=postgres://…)")


@pytest.fixture
def require_redis():
    ok, reason = redis_reachable(settings.CELERY_BROKER_URL)
    require_service("Redis", ok, reason)
    return settings.CELERY_BROKER_URL


class WorkerProcess:
    """A real `celery worker` in a subprocess, on a queue of its own, on the test database."""

    def __init__(self, queue: str, env: dict, concurrency: int = 1):
        self.queue, self.env, self.concurrency = queue, env, concurrency
        self.proc: subprocess.Popen | None = None
        self.log = Path(env["RIT_WORKER_LOG"])

    def start(self) -> "WorkerProcess":
        log = open(self.log, "ab")  # noqa: SIM115 - the worker writes to it until stopped
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "rit_portal", "worker", "-Q", self.queue,
             "-c", str(self.concurrency), "-P", "prefork", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "info",
             "-n", f"{self.queue}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and children), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery_worker_process(require_redis, require_postgresql, transactional_db, tmp_path):
    """Start factory for real workers sharing the test's database and a private queue.

    The test process sends tasks to that queue (task_default_queue) without eager mode.
    Yields a function `start(concurrency=1, **extra_env) -> WorkerProcess`.
    """
    from rit_portal.celery import app

    queue = f"rit-test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                        f"{db['PORT'] or 5432}/{db['NAME']}",
        # This test process's Redis (under pytest-xdist, its worker's own database).
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or "",
        # Tasks the worker queues itself (the sweep's sends) stay on the private queue.
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "RIT_WORKER_LOG": str(tmp_path / "worker.log"),
        "CELERY_VISIBILITY_TIMEOUT": "10",
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    workers: list[WorkerProcess] = []

    def start(concurrency: int = 1, **extra_env) -> WorkerProcess:
        worker = WorkerProcess(queue, {**env, **extra_env}, concurrency).start()
        workers.append(worker)
        return worker

    start.mail_dir = tmp_path / "mail"
    start.queue = queue
    yield start
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager, app.conf.task_default_queue = saved


# Django's file e-mail backend ends each message with this line (console backend).
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"


def worker_mails(mail_dir: Path) -> list[Message]:
    """Every message the workers' file e-mail backend wrote, oldest file first.

    The backend names a file after the second and the connection's id() and opens it for
    appending: two forked worker processes sending in the same second can share one file
    (same address in identical memory layouts), so each file is split on the separator."""
    if not mail_dir.exists():
        return []
    return [email.message_from_string(part)
            for path in sorted(mail_dir.glob("*.log"))
            for part in path.read_text().split(MAIL_SEPARATOR) if part.strip()]


def mail_subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def closed_port() -> int:
    """A loopback port nothing listens on (just released by the OS)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def celery_broker(url: str, *, eager: bool = False):
    """Send this process's tasks to `url` (no eager mode) inside the block, then restore."""
    from rit_portal.celery import app
    from rit_portal.queueing import broker_mark_up

    def reset_pools():
        # kombu keeps one pool per URL (kombu.pools): dropping the app's references makes
        # the next task use the pool of the URL configured now.
        app._pool = None
        app.amqp._producer_pool = None

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    reset_pools()
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    broker_mark_up()
    try:
        yield app
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = saved
        broker_mark_up()


class StallingServer:
    """A TCP server that accepts every connection and never answers (as a Redis in a
    failover, or under `CLIENT PAUSE`, does), on a free loopback port."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection_, _address = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection_)

    def close(self):
        self.listener.close()
        for accepted in self.accepted:
            accepted.close()


@pytest.fixture
def stalling_server():
    server = StallingServer()
    yield server
    server.close()


@pytest.fixture
def broker_stalls(stalling_server):
    """The broker accepts connections and never answers."""
    with celery_broker(f"redis://127.0.0.1:{stalling_server.port}/0"):
        yield stalling_server


@pytest.fixture
def broker_down():
    """The broker is a closed port: queueing a task fails as it would in production."""
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0"):
        yield


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


# --- An S3-compatible bucket: moto's S3 server in this process -------------------------------

S3_CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def stored_objects() -> dict[str, bytes]:
    """What the default storage (the folder or the bucket) holds: {name: bytes}, read
    through the storage API."""
    from django.core.files.storage import default_storage

    from rit_portal.stored_files import stored_names

    return {name: default_storage.open(name, "rb").read() for name in stored_names()}


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server (moto.server.ThreadedMotoServer, a real HTTP server in a
    thread of this process) on 127.0.0.1, for the session; yields its URL. The port is
    RIT_TEST_S3_PORT (plus the pytest-xdist worker's number) when set, else a free one."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:  # moto[s3] with flask: requirements/dev.txt
        require_service("moto's S3 server", False, str(exc))
    base = int(os.environ.get("RIT_TEST_S3_PORT") or 0)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=base + worker if base else 0,
                                verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per S3 request
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings):
    """The default storage pointed at a new, empty bucket of the S3 server, configured as
    the portal configures a bucket (rit_portal.object_storage.s3_storage: private, no
    overwrite, timeouts). Returns a function that switches to another new bucket (as a
    restore onto a fresh one would); the bucket's name is default_storage.bucket_name."""
    from django.core.files.storage import default_storage

    from rit_portal.object_storage import s3_storage

    def use(name: str) -> str:
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage(
            bucket_name=name, endpoint_url=s3_server, **S3_CREDENTIALS)}
        default_storage.connection.meta.client.create_bucket(Bucket=name)
        return name

    use(f"rit-media-{uuid.uuid4().hex[:12]}")
    return use


@pytest.fixture
def applicant(db):
    return UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory())


@pytest.fixture
def hq_staff(db):
    return UserFactory(role=Role.HQ_STAFF)


@pytest.fixture
def hq_reviewer(db):
    return UserFactory(role=Role.HQ_REVIEWER)


@pytest.fixture
def overseas_reviewer(db):
    from regions.models import JetroOffice

    return UserFactory(role=Role.OVERSEAS_REVIEWER, office=JetroOffice.objects.get(code="DUS"))
