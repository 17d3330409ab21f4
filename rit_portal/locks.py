"""PostgreSQL advisory locks: one holder across every host sharing the database.

Each lock is held by a database session of its own (not the connection Django's code uses),
so it lasts exactly as long as its holder's process: a runner that dies, however it dies,
releases it when PostgreSQL sees the session end. On another database (the embedded
SQLite default: one machine, one process of each kind) there is nothing to share and the
lock is granted at once.
"""

import hashlib
import logging
from contextlib import contextmanager

from django.db import connections

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """The 64-bit key of the lock called `name` (stable across processes and hosts)."""
    digest = hashlib.sha256(f"rit-portal:{name}".encode()).digest()[:8]
    return int.from_bytes(digest, "big") & (2**63 - 1)  # positive: pg_locks shows it as oids


class AdvisoryLock:
    """The session-level advisory lock `name`, on a connection opened for it alone."""

    def __init__(self, name: str, *, alias: str = "default"):
        self.name, self.key = name, lock_key(name)
        self.connection = connections.create_connection(alias)
        self.shared = self.connection.vendor == "postgresql"

    def try_acquire(self) -> bool:
        """True when this process now holds the lock; False at once when another does."""
        if not self.shared:
            return True
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
            return cursor.fetchone()[0]

    def acquire(self) -> None:
        """Wait until this process holds the lock."""
        if self.shared:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [self.key])

    def still_held(self) -> bool:
        """True while the lock's session is alive and holds it (a database restart or a
        cut connection ends both)."""
        if not self.shared:
            return True
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND classid = %s::oid AND objid = %s::oid",
                    [self.key >> 32, self.key & 0xFFFFFFFF])
                return cursor.fetchone()[0] == 1
        except Exception:
            return False

    def release(self) -> None:
        """Let go (closing the session releases it as well)."""
        self.connection.close()


@contextmanager
def held(name: str, *, waiting_message=None):
    """Hold lock `name` inside the block, waiting first while another process holds it;
    `waiting_message()` is called once when it has to wait."""
    lock = AdvisoryLock(name)
    try:
        if not lock.try_acquire():
            if waiting_message is not None:
                waiting_message()
            lock.acquire()
        yield lock
    finally:
        lock.release()
