"""docker-compose.yml describes the full stack; parsed here (no Docker engine on CI)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    assert set(load()["services"]) == {"web", "worker", "beat", "postgres", "redis"}


def test_portal_services_share_database_broker_and_media():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "rit_portal.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://rit:")
        assert env["DATABASE_URL"].endswith("@postgres:5432/rit_portal")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert set(services[name]["depends_on"]) == {"postgres", "redis"}
    assert services["web"]["volumes"] == ["media:/var/lib/rit-portal/media"]
    assert services["worker"]["volumes"] == ["media:/var/lib/rit-portal/media"]


def test_commands_and_volumes():
    doc = load()
    services = doc["services"]
    assert "gunicorn rit_portal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A rit_portal worker")
    assert services["beat"]["command"].startswith("celery -A rit_portal beat")
    assert services["postgres"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert set(doc["volumes"]) == {"pgdata", "media"}


def test_every_variable_the_settings_read_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    names = {line.split("=", 1)[0].lstrip("# ").strip() for line in example.splitlines()
             if "=" in line}
    import re

    read = set()
    for path in (ROOT / "rit_portal" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    assert read - names == set()
