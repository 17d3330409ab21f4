"""collectstatic as production runs it: hashed, compressed, every referenced file present."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_no_static_file_names_a_source_map_that_is_not_shipped():
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".css", ".js"}:
            for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text()):
                if not (path.parent / name).exists():
                    missing.append(f"{path.relative_to(ROOT)} -> {name}")
    assert missing == []


@pytest.mark.django_db
def test_collectstatic_under_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    hashed = re.search(r'"vendor/bootstrap/bootstrap\.min\.css": "([^"]+)"', manifest).group(1)
    assert re.fullmatch(r"vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / "static" / (hashed + ".gz")).exists()
