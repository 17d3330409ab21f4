"""A real Celery worker process, through Redis, reaching the test database."""

import pytest

from regions.tasks import reference_counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_runs_a_task_through_redis(celery_worker_process):
    celery_worker_process()
    result = reference_counts.delay()
    assert result.get(timeout=60) == {"database": "postgresql", "prefectures": 47,
                                      "offices": 130}
