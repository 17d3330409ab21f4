"""The two ways the portal runs, and production's refusal to start without secrets or
without a real mail server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY",
                          "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "CELERY_RESULT_BACKEND",
                          "EMAIL_URL", "EMAIL_BACKEND", "DATABASE_OWNER_URL"}}
# What production settings need besides their secrets: a mail server to send through.
MAIL_SERVER = "smtp+tls://portal:secret@smtp.example.jp:587"
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
                     ALLOWED_HOSTS="rit.example.jp", EMAIL_URL=MAIL_SERVER)
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    out = run_python(PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.production",
                     SECRET_KEY="x" * 60, EMAIL_URL=MAIL_SERVER)
    assert out.returncode != 0
    assert "ALLOWED_HOSTS" in out.stderr


MAIL_PROBE = ("import django; django.setup(); from django.conf import settings as s; "
              "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
              "s.NOTIFICATIONS_BROWSABLE_OUTBOX)")


@pytest.mark.parametrize(("mail", "refusal"), [
    ({}, "ImproperlyConfigured: Set the EMAIL_URL environment variable to the mail server the "
         "portal sends through"),
    # The console backend (the embedded default) named either way: still no mail server.
    ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
     "ImproperlyConfigured: Set the EMAIL_URL environment variable"),
    ({"EMAIL_URL": "consolemail://"}, "ImproperlyConfigured: EMAIL_URL names a backend that "
     "keeps e-mail on the machine (django.core.mail.backends.console.EmailBackend)"),
    ({"EMAIL_URL": "memorymail://"}, "(django.core.mail.backends.locmem.EmailBackend)"),
    ({"EMAIL_URL": "filemail:///tmp/mail"}, "(django.core.mail.backends.filebased.EmailBackend)"),
    ({"EMAIL_URL": "dummymail://"}, "(django.core.mail.backends.dummy.EmailBackend)"),
])
def test_production_refuses_to_start_without_a_mail_server(mail, refusal):
    out = run_python(MAIL_PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.production",
                     SECRET_KEY="x" * 60, ALLOWED_HOSTS="rit.example.jp", **mail)
    assert out.returncode != 0
    assert refusal in out.stderr
    assert out.stdout == ""


def test_production_sends_through_the_mail_server_of_email_url_and_shows_no_message():
    out = run_python(MAIL_PROBE, DJANGO_SETTINGS_MODULE="rit_portal.settings.production",
                     SECRET_KEY="x" * 60, ALLOWED_HOSTS="rit.example.jp", EMAIL_URL=MAIL_SERVER)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend",
                                  "smtp.example.jp", "587", "True", "False"]


STORAGE_PROBE = (
    "import django; django.setup(); from django.core.files.storage import default_storage as d; "
    "c = getattr(d, 'client_config', None); "
    "print(type(d._wrapped).__name__, *(getattr(d, name, None) for name in ("
    "'bucket_name', 'endpoint_url', 'region_name', 'access_key', 'default_acl', "
    "'querystring_auth', 'querystring_expire', 'file_overwrite', 'max_memory_size')), "
    "c and c.connect_timeout, c and c.read_timeout, c and c.s3['addressing_style'], "
    "c and c.retries['max_attempts'])")
BUCKET = {"AWS_STORAGE_BUCKET_NAME": "rit-media", "AWS_S3_ENDPOINT_URL": "https://s3.example.jp",
          "AWS_S3_REGION_NAME": "ap-northeast-1", "AWS_ACCESS_KEY_ID": "AKIARITPORTAL",
          "AWS_SECRET_ACCESS_KEY": "secret", "AWS_S3_ADDRESSING_STYLE": "path",
          "AWS_S3_CONNECT_TIMEOUT": "2", "AWS_S3_READ_TIMEOUT": "8"}
PRODUCTION = {"DJANGO_SETTINGS_MODULE": "rit_portal.settings.production", "SECRET_KEY": "x" * 60,
              "ALLOWED_HOSTS": "rit.example.jp", "EMAIL_URL": MAIL_SERVER}


@pytest.mark.parametrize("settings_env", [
    {"DJANGO_SETTINGS_MODULE": "rit_portal.settings.base"}, PRODUCTION])
def test_the_environment_puts_stored_files_in_a_private_bucket_or_the_folder(settings_env):
    """docs/deployment.md, "Stored files": each variable, in development and production."""
    without = dict.fromkeys(BUCKET, "")
    folder = run_python(STORAGE_PROBE, **settings_env, **without)
    assert folder.returncode == 0, folder.stderr
    assert folder.stdout.split()[0] == "FileSystemStorage"
    bucket = run_python(STORAGE_PROBE, **settings_env, **BUCKET)
    assert bucket.returncode == 0, bucket.stderr
    assert bucket.stdout.split() == [
        "S3Storage", "rit-media", "https://s3.example.jp", "ap-northeast-1", "AKIARITPORTAL",
        "private", "True", "60", "False", "2097152", "2.0", "8.0", "path", "2"]


def test_deploy_checks_pass_under_production_settings():
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.production",
             "SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
             "ALLOWED_HOSTS": "rit.example.jp", "EMAIL_URL": MAIL_SERVER},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_a_django_log_line_is_printed_once():
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('django.request').warning('Not Found: /favicon.ico')")
    out = run_python(code, DJANGO_SETTINGS_MODULE="rit_portal.settings.base", DEBUG="True")
    assert out.returncode == 0, out.stderr
    printed = [line for line in out.stderr.splitlines() if "favicon" in line]
    # Once, as "[time] LEVEL logger [request id] message" (LOG_FORMAT=text).
    assert [line.split("] ", 1)[1] for line in printed] == [
        "WARNING django.request [-] Not Found: /favicon.ico"]


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
    assert client.get("/static/favicon.svg").status_code == 200


def test_production_compiles_each_template_once_per_process():
    """Django 5.2 wraps the loaders in its cached loader when none are configured (issue 28:
    no template read and compiled again on every request); settings must not name loaders,
    which would turn it off."""
    out = run_python(
        "import django; django.setup(); from django.template import engines; "
        "engine = engines['django'].engine; "
        "print(engine.debug, type(engine.template_loaders[0]).__module__, "
        "[type(l).__name__ for l in engine.template_loaders[0].loaders])", **PRODUCTION)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(None, 2) == [
        "False", "django.template.loaders.cached", "['Loader', 'Loader']\n"]
