"""Every screen ships in Japanese: no untranslated or fuzzy entry in any ja catalogue, and
the catalogues are up to date with the sources."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "regions", "applications", "partnering", "reviews", "sponsorship",
        "projects", "monitoring", "showcase", "notifications", "audit", "privacy"]


def catalogues(root: Path) -> list[Path]:
    return sorted(root.glob("*/locale/ja/LC_MESSAGES/django.po")) + sorted(
        root.glob("locale/ja/LC_MESSAGES/django.po"))


def problems_in(po_path: Path) -> list[str]:
    """Entries without a Japanese text (an empty msgstr, or an empty plural form), fuzzy
    entries, and a header still marked fuzzy (msgfmt leaves such a header out)."""
    po = polib.pofile(str(po_path))
    return ((["fuzzy header"] if po.metadata_is_fuzzy else [])
            + [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
            + [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()])


def test_every_app_and_the_project_have_a_japanese_catalogue():
    found = {p.relative_to(ROOT).parts[0] for p in catalogues(ROOT)}
    assert found == {*APPS, "locale"}


@pytest.mark.parametrize("po_path", catalogues(ROOT), ids=lambda p: p.relative_to(ROOT).parts[0])
def test_japanese_catalogue_is_complete(po_path):
    assert problems_in(po_path) == []


def test_no_japanese_text_is_its_english_original():
    """A msgstr equal to its English msgid (a sentence, not a name such as "RIT" or "PDF")
    leaves a Japanese page in English, and, since the apps' catalogues are merged, it
    outranks another app's Japanese for the same text: the partner confirmation's English
    "Link not valid" once showed on the survey's and the traveller's consent pages."""
    english = [f"{po_path.relative_to(ROOT).parts[0]}: {e.msgid!r}"
               for po_path in catalogues(ROOT) for e in polib.pofile(str(po_path))
               if e.msgstr == e.msgid and sum(c.islower() for c in e.msgid) > 3]
    assert english == []


def test_catalogue_check_catches_untranslated_and_fuzzy(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Submitted", msgstr=""))
    po.append(polib.POEntry(msgid="Draft", msgstr="下書き", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Call", msgstr="公募"))
    po.append(polib.POEntry(msgid="%(n)s call", msgid_plural="%(n)s calls",
                            msgstr_plural={0: ""}))
    po.metadata_is_fuzzy = True
    po.save(str(tmp_path / "django.po"))
    assert problems_in(tmp_path / "django.po") == ["fuzzy header", "untranslated: 'Submitted'",
                                                   "untranslated: '%(n)s call'",
                                                   "fuzzy: 'Draft'"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_catalogues_are_up_to_date_with_the_sources(tmp_path):
    """makemessages on a copy of the sources adds no new (hence untranslated) entry."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "node_modules", "media", "staticfiles", "*.sqlite3", "bench", "docs",
        "__pycache__", "build"))
    out = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--ignore=.venv",
         "--ignore=build", "--ignore=bench", "--no-obsolete"],
        cwd=copy, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "DJANGO_SETTINGS_MODULE":
             "rit_portal.settings.base"},
    )
    assert out.returncode == 0, out.stderr
    stale = {str(p.relative_to(copy)): problems_in(p) for p in catalogues(copy)
             if problems_in(p)}
    assert stale == {}, "run `make messages` and translate the new entries"
