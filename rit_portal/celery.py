"""Celery application, configured from Django settings (keys prefixed CELERY_)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rit_portal.settings.base")

app = Celery("rit_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
