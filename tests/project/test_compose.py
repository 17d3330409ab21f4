"""docker-compose.yml describes the full stack; parsed here (no Docker engine on CI)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_six_services():
    assert set(load()["services"]) == {"migrate", "web", "worker", "beat", "postgres", "redis"}


def test_the_release_step_runs_once_before_the_others_start():
    services = load()["services"]
    migrate = services["migrate"]
    assert (migrate["command"], migrate["restart"]) == (["scripts/serve.sh", "migrate"], "no")
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                     "redis": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"}


def test_portal_services_share_database_broker_and_media():
    services = load()["services"]
    for name in ("migrate", "web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "rit_portal.settings.production"
        # The runtime role, not the owner (`rit`, the image's superuser).
        assert env["DATABASE_URL"].startswith("postgres://rit_app:${POSTGRES_APP_PASSWORD")
        assert env["DATABASE_URL"].endswith("@postgres:5432/rit_portal")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert {"postgres", "redis"} <= set(services[name]["depends_on"])
    assert services["web"]["volumes"] == ["media:/var/lib/rit-portal/media"]
    assert services["worker"]["volumes"] == ["media:/var/lib/rit-portal/media"]


def test_only_the_release_step_has_the_owners_url():
    """The release step migrates and grants as the owner; web, worker and beat never see
    its password, and serve.sh drops it from their environment should it be there."""
    services = load()["services"]
    assert services["migrate"]["environment"]["DATABASE_OWNER_URL"] == (
        "postgres://rit:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
        "@postgres:5432/rit_portal")
    assert services["postgres"]["environment"]["POSTGRES_USER"] == "rit"
    for name in ("web", "worker", "beat"):
        assert "DATABASE_OWNER_URL" not in services[name]["environment"]
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert "as_owner python manage.py migrate_locked" in serve
    assert "exec python manage.py database_roles" in serve
    for process in ("gunicorn rit_portal.wsgi:application", "celery -A rit_portal worker",
                    "celery -A rit_portal beat"):
        assert f"exec env -u DATABASE_OWNER_URL {process}" in serve


def test_commands_and_volumes():
    doc = load()
    services = doc["services"]
    assert {name: services[name]["command"] for name in ("web", "worker", "beat")} == {
        "web": ["scripts/serve.sh", "web"], "worker": ["scripts/serve.sh", "worker"],
        "beat": ["scripts/serve.sh", "beat"]}
    assert services["postgres"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert set(doc["volumes"]) == {"pgdata", "media"}


def test_the_image_runs_what_the_smoke_test_runs():
    """The image's commands are scripts/serve.sh's, which the CI smoke test starts too."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["scripts/serve.sh", "web"]' in dockerfile
    # Production packages only, each pinned by hash, installed the one way (install.sh).
    assert ("scripts/install.sh /opt/venv requirements/production.txt" in dockerfile)
    assert "ENV PATH=/opt/venv/bin:$PATH" in dockerfile
    smoke = (ROOT / "scripts" / "smoke-production.sh").read_text()
    assert 'setsid scripts/serve.sh "$process"' in smoke
    assert "for process in web worker beat; do" in smoke
    assert smoke.index("scripts/serve.sh migrate") < smoke.index("for process in web worker")
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    for command in ("python manage.py migrate_locked",
                    "python manage.py collectstatic --no-input",
                    "gunicorn rit_portal.wsgi:application",
                    "celery -A rit_portal worker", "celery -A rit_portal beat"):
        assert command in serve
    assert "make smoke" in (ROOT / ".ci" / "run").read_text()


def test_nothing_local_or_secret_goes_into_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "db.sqlite3", "media", "staticfiles"} <= ignored


def test_every_variable_the_settings_read_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    names = {line.split("=", 1)[0].lstrip("# ").strip() for line in example.splitlines()
             if "=" in line}
    import re

    read = set()
    for path in (ROOT / "rit_portal" / "settings").glob("*.py"):
        if path.name == "test.py":  # the test run's own knobs, not an operator's
            continue
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    assert read - names == set()
