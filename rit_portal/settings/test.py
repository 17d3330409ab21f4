"""Test settings: fast hashing, in-memory e-mail, eager Celery, throw-away media root.

The database and broker still come from DATABASE_URL / REDIS_URL, so CI runs the same
suite against PostgreSQL and Redis. Tests that need a real worker start one themselves.
Under pytest-xdist (`make test`) each worker process has its own test database
(pytest-django suffixes its name with the worker's id, test_<name>_gw0, …) and its own
Redis database (below).
"""

import os
import tempfile
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, CELERY_RESULT_BACKEND, REDIS_URL, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="rit-test-media-")
# Always the throw-away folder, whatever bucket a developer's .env names; the tests of the
# bucket point the default storage at moto's S3 server themselves.
STORAGES = {**STORAGES,  # noqa: F405
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "template_fragments": CACHES["template_fragments"]}  # noqa: F405 (emptied per test)
# The API's per-user rate is raised so that schemathesis can send hundreds of requests;
# tests/monitoring/test_api.py::test_the_rate_limit runs it at the production rate.
API_RATE = "100000/m"
# Likewise the application PDF's (tests/applications/test_pdf.py runs the production rate).
APPLICATION_PDF_RATE = "100000/m"
# And the foreign regions' public forms' (tests/partnering/test_public.py runs the real one).
PARTNER_FORM_RATE = "100000/m"
# Set by CI: a test that needs PostgreSQL, Redis or a worker fails instead of skipping.
RIT_REQUIRE_SERVICES = env.bool("RIT_REQUIRE_SERVICES", default=False)
LANGUAGE_CODE = "en"
# No collectstatic in tests: whitenoise looks files up per request instead of at start-up.
WHITENOISE_AUTOREFRESH = True


def redis_url_of_worker(url: str, worker: str, dbs: str = "") -> str:
    """The Redis URL that pytest-xdist's worker `worker` ("gw0", "gw1", …) uses instead of
    `url`: the worker's entry in `dbs` ("8,9,10") when given, else the URL's database + 1
    + the worker's number. One worker's Celery (queued and unacknowledged messages, whose
    redelivery is shared by all the queues of a database, and results) then never meets
    another's. Outside xdist, and for a URL that is not Redis's, `url` itself."""
    if not worker or not url.startswith(("redis://", "rediss://")):
        return url
    number = int(worker.removeprefix("gw"))
    parts = urlsplit(url)
    if dbs:
        choices = [int(db) for db in dbs.split(",")]
        if number >= len(choices):
            raise ValueError(f"RIT_TEST_REDIS_DBS={dbs} names fewer databases than the "
                             f"test run has workers ({worker})")
        db = choices[number]
    else:
        db = (int(parts.path.strip("/") or 0) + 1 + number) % 16
    return parts._replace(path=f"/{db}").geturl()


_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_DBS = env("RIT_TEST_REDIS_DBS", default="")
REDIS_URL = redis_url_of_worker(REDIS_URL, _WORKER, _DBS)
CELERY_BROKER_URL = redis_url_of_worker(CELERY_BROKER_URL, _WORKER, _DBS)
if CELERY_RESULT_BACKEND:
    CELERY_RESULT_BACKEND = redis_url_of_worker(CELERY_RESULT_BACKEND, _WORKER, _DBS)
