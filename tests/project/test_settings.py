"""The two ways the portal runs, and production's refusal to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY",
                          "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "CELERY_RESULT_BACKEND"}}
PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
    "settings.TIME_ZONE, settings.LANGUAGE_CODE)"
)


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**CLEAN_ENV, **env}, timeout=120)


def test_embedded_default_uses_sqlite_and_eager_celery():
    out = run_python(PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.base")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.db.backends.sqlite3", "True", "Asia/Tokyo", "ja"]


def test_service_urls_switch_to_postgresql_and_real_workers():
    out = run_python(PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.base",
                     DATABASE_URL="postgres://postgres@127.0.0.1:5432/rit_portal",
                     REDIS_URL="redis://127.0.0.1:6379/0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.db.backends.postgresql", "False", "Asia/Tokyo", "ja"]


def test_production_refuses_to_start_without_secret_key():
    out = run_python(PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.production",
                     ALLOWED_HOSTS="rit.example.jp")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    out = run_python(PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.production",
                     SECRET_KEY="x" * 60)
    assert out.returncode != 0
    assert "ALLOWED_HOSTS" in out.stderr


def test_deploy_checks_pass_under_production_settings():
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.production",
             "SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
             "ALLOWED_HOSTS": "rit.example.jp"},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_a_django_log_line_is_printed_once():
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('django.request').warning('Not Found: /favicon.ico')")
    out = run_python(code, DJANGO_SETTINGS_MODULE="rit_portal.settings.base", DEBUG="True")
    assert out.returncode == 0, out.stderr
    assert [line for line in out.stderr.splitlines() if "favicon" in line] == [
        "Not Found: /favicon.ico"]


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
    assert client.get("/static/favicon.svg").status_code == 200
