"""In CI (RIT_REQUIRE_SERVICES=1) the suite must really run on PostgreSQL and Redis."""

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import redis_reachable


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if not settings.RIT_REQUIRE_SERVICES:
        pytest.skip("only meaningful under RIT_REQUIRE_SERVICES=1 (CI)")
    assert connection.vendor == "postgresql"


def test_redis_is_reachable_when_services_are_required():
    if not settings.RIT_REQUIRE_SERVICES:
        pytest.skip("only meaningful under RIT_REQUIRE_SERVICES=1 (CI)")
    assert redis_reachable(settings.CELERY_BROKER_URL) == (True, "")
