"""One beat across every host: Celery's scheduler behind a PostgreSQL advisory lock.

Every host may start `scripts/serve.sh beat`; only the one holding the lock "beat" sends
anything. The others wait (polling every LOCK_POLL_SECONDS, so that a stop signal ends them
at once) and the first to get the lock after the holder dies takes over: PostgreSQL
releases a session's locks when its process dies, however it dies. The holder checks every
LOCK_CHECK_SECONDS that its lock's session is alive and stops when it is not (a database
restart): it must never go on scheduling beside a beat that took over.

Why a database lock rather than celery-redbeat's Redis one: PostgreSQL is the one service
whose state survives here (Redis keeps nothing on disk), the lock goes with the process
at once instead of after a timeout, and it needs no new library. The schedules' last-run
times stay in the holder's schedule file (BEAT_SCHEDULE_FILE); every periodic job is
idempotent, so a takeover that runs one early does no harm.
"""

import logging
import time

from celery.beat import PersistentScheduler

from .locks import AdvisoryLock

logger = logging.getLogger(__name__)

LOCK_NAME = "beat"
LOCK_POLL_SECONDS = 2.0
LOCK_CHECK_SECONDS = 10.0


class SingleBeatScheduler(PersistentScheduler):
    """PersistentScheduler that waits for the beat lock before scheduling anything."""

    def __init__(self, *args, lazy: bool = False, **kwargs):
        self._lock: AdvisoryLock | None = None
        self._next_check = 0.0
        if not lazy:
            self._lock = self._wait_for_lock()
        super().__init__(*args, lazy=lazy, **kwargs)

    @staticmethod
    def _wait_for_lock() -> AdvisoryLock:
        waiting_said = False
        while True:
            lock = AdvisoryLock(LOCK_NAME)
            try:
                if lock.try_acquire():
                    logger.info("beat: holding the beat lock; this beat schedules")
                    return lock
                reason = "another beat holds the lock"
            except Exception as exc:  # the database is down: keep waiting, as for a lock
                reason = f"the database does not answer ({type(exc).__name__})"
            lock.release()
            if not waiting_said:
                logger.info("beat: waiting: %s; taking over when it stops", reason)
                waiting_said = True
            time.sleep(LOCK_POLL_SECONDS)

    def tick(self, *args, **kwargs):
        if self._lock is not None and time.monotonic() >= self._next_check:
            if not self._lock.still_held():
                logger.error("beat: the beat lock's database session ended; stopping so that "
                             "only one beat schedules (restart to wait for the lock again)")
                raise SystemExit(1)
            self._next_check = time.monotonic() + LOCK_CHECK_SECONDS
        return min(super().tick(*args, **kwargs), LOCK_CHECK_SECONDS)

    def close(self):
        super().close()
        if self._lock is not None:
            self._lock.release()
