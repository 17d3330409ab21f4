"""Installing from the lock alone (scripts/install.sh, scripts/check_lock.py).

Every install runs `pip install --no-deps` from a lock file, so pip never resolves against
the package index; the check after it is what proves the lock complete. These tests show
the check passing on the locks as committed and failing -- in a real, brand-new venv made
the way `make install` makes it -- when a line is removed from a copy of the lock.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import check_lock  # noqa: E402

LINUX = {"sys_platform": "linux", "platform_system": "Linux", "python_version": "3.11",
         "python_full_version": "3.11.7", "implementation_name": "cpython",
         "platform_python_implementation": "CPython", "os_name": "posix",
         "platform_machine": "x86_64", "extra": ""}


def without_entry(text: str, name: str) -> str:
    """The lock with one package's block (its line, hashes and `# via` comments) removed."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines)
                 if re.match(rf"{re.escape(name)}(\[[^\]]*\])?==", line))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1
    return "".join(lines[:start] + lines[end:])


def test_every_lock_keeps_the_extras_its_packages_ask_for():
    production = check_lock.parse_lock((ROOT / "requirements/production.txt").read_text())
    assert production["fonttools"].extras == {"woff"}
    assert production["celery"].extras == {"redis"}
    assert {"brotli", "zopfli"} <= set(production)
    pip = check_lock.parse_lock((ROOT / "requirements/pip.txt").read_text())
    assert list(pip) == ["pip"]


def test_the_locks_share_their_pins():
    production = check_lock.parse_lock((ROOT / "requirements/production.txt").read_text())
    dev = check_lock.parse_lock((ROOT / "requirements/dev.txt").read_text())
    assert {n: e.version for n, e in production.items()} == {
        n: dev[n].version for n in production}


def test_the_environment_running_the_tests_is_the_dev_lock():
    assert check_lock.main([str(ROOT / "requirements/dev.txt")]) == 0


LOCK = """\
weasyprint==70.0 \\
    --hash=sha256:aa
fonttools[woff]==4.68.0 \\
    --hash=sha256:bb
brotli==1.2.0 ; platform_python_implementation == 'CPython' \\
    --hash=sha256:cc
zopfli==0.2.3 \\
    --hash=sha256:dd
colorama==0.4.6 ; sys_platform == 'win32' \\
    --hash=sha256:ee
"""
INSTALLED = {
    "weasyprint": ("70.0", ["fonttools[woff]>=4.59.2", "colorama; sys_platform == 'win32'"]),
    "fonttools": ("4.68.0", ["brotli>=1.0.1; platform_python_implementation == 'CPython' "
                             "and extra == 'woff'", "zopfli>=0.1.4; extra == 'woff'",
                             "lxml>=4.0; extra == 'lxml'"]),
    "brotli": ("1.2.0", []),
    "zopfli": ("0.2.3", []),
}


def test_a_complete_lock_passes_and_a_package_of_another_platform_is_not_asked_for():
    assert check_lock.problems(check_lock.parse_lock(LOCK), INSTALLED, LINUX) == []


def test_a_package_needed_only_through_an_extra_is_missed_by_pip_check_but_not_here():
    lock = check_lock.parse_lock(without_entry(LOCK, "brotli"))
    installed = {k: v for k, v in INSTALLED.items() if k != "brotli"}
    assert check_lock.problems(lock, installed, LINUX) == [
        'fonttools requires brotli>=1.0.1; platform_python_implementation == "CPython" and '
        'extra == "woff": brotli is not in the lock (an install that resolves would fetch it '
        'from the index)']


def test_a_pin_that_does_not_fit_and_a_missing_install_are_named():
    lock = check_lock.parse_lock(LOCK.replace("fonttools[woff]==4.68.0", "fonttools[woff]==4.1"))
    installed = {**INSTALLED, "fonttools": ("4.1", INSTALLED["fonttools"][1])}
    del installed["zopfli"]
    assert check_lock.problems(lock, installed, LINUX) == [
        "zopfli==0.2.3 is in the lock but not installed",
        "weasyprint requires fonttools[woff]>=4.59.2, the lock has fonttools==4.1"]


@pytest.mark.parametrize("removed", ["brotli", "sqlparse"])
def test_a_real_install_from_a_lock_with_a_line_removed_fails(tmp_path, removed):
    """What CI runs (`make check-lock`): a brand-new venv, the bundled pip replaced by the
    pinned one, the lock installed with --no-deps, then checked. `brotli` is needed only
    through WeasyPrint's `fonttools[woff]` (pip check alone passes without it); `sqlparse`
    directly by Django."""
    lock = tmp_path / "production.txt"
    lock.write_text(without_entry((ROOT / "requirements/production.txt").read_text(), removed))
    venv = tmp_path / "venv"
    result = subprocess.run(
        [str(ROOT / "scripts/install.sh"), str(venv), str(lock)], capture_output=True,
        text=True, env={**os.environ, "PYTHON": sys.base_prefix + "/bin/python3"}, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert {"brotli": "brotli is not in the lock",
            "sqlparse": "requires sqlparse, which is not installed"}[removed] in output, output
    pip_version = subprocess.run([str(venv / "bin/python"), "-m", "pip", "--version"],
                                 capture_output=True, text=True).stdout
    assert pip_version.startswith("pip 26.3 ")
