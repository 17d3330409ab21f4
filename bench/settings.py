"""Settings of the page and rush benchmarks: production settings, unchanged, plus two
bench-only additions that never reach a deployment (nothing outside bench/ imports this):

- `bench.middleware.QueryCountMiddleware`, first in the stack, reports the number of SQL
  queries of each response in an `X-Bench-Queries` header;
- `ROOT_URLCONF = "bench.urls"`: the portal's URLs plus the bare views of bench/bare.py.

    DJANGO_SETTINGS_MODULE=bench.settings   (with production's environment: SECRET_KEY, …)
"""

from rit_portal.settings.production import *  # noqa: F403
from rit_portal.settings.production import MIDDLEWARE

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.urls"
