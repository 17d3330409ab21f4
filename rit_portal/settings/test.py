"""Test settings: fast hashing, in-memory e-mail, eager Celery, throw-away media root.

The database and broker still come from DATABASE_URL / REDIS_URL, so CI runs the same
suite against PostgreSQL and Redis. Tests that need a real worker start one themselves.
"""

import tempfile

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="rit-test-media-")
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API's per-user rate is raised so that schemathesis can send hundreds of requests;
# tests/monitoring/test_api.py::test_the_rate_limit runs it at the production rate.
API_RATE = "100000/m"
# Likewise the application PDF's (tests/applications/test_pdf.py runs the production rate).
APPLICATION_PDF_RATE = "100000/m"
# Set by CI: a test that needs PostgreSQL, Redis or a worker fails instead of skipping.
RIT_REQUIRE_SERVICES = env.bool("RIT_REQUIRE_SERVICES", default=False)
LANGUAGE_CODE = "en"
# No collectstatic in tests: whitenoise looks files up per request instead of at start-up.
WHITENOISE_AUTOREFRESH = True
