"""Line coverage: CI's `make test` measures it against a floor, and the floor only rises.

The floor is `fail_under` in pyproject.toml ([tool.coverage.report]): the total measured when
it was last set, rounded down. Raise it when the suite covers more; never lower it.
"""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def floor_in(pyproject: str) -> float | None:
    """The coverage floor a pyproject.toml names (None: it names none)."""
    report = tomllib.loads(pyproject).get("tool", {}).get("coverage", {}).get("report", {})
    return report.get("fail_under")


def recipe(target: str) -> str:
    """The commands of a Makefile target."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert match, f"the Makefile has no target {target}"
    return match.group(1)


def test_make_test_runs_in_parallel_ci_measures_coverage_and_make_e2e_runs_the_browser():
    test, e2e = recipe("test"), recipe("e2e")
    assert "-n $(TEST_WORKERS)" in test and "--dist loadgroup" in test
    assert "$(if $(TEST_COVERAGE),--cov" in test
    assert "--ignore=tests/e2e" in test and "tests/e2e" in e2e
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if not line.lstrip().startswith("#")]
    # CI prints the coverage and holds the floor; the browser tests follow.
    assert (commands.index("export TEST_COVERAGE=1") < commands.index("make test")
            < commands.index("make e2e"))


def test_the_floor_is_set():
    floor = floor_in((ROOT / "pyproject.toml").read_text())
    assert floor is not None and floor > 0


def test_the_floor_never_falls():
    """No earlier commit of pyproject.toml had a higher floor than the working tree's."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no history to compare with")
    current = floor_in((ROOT / "pyproject.toml").read_text())
    commits = subprocess.run(["git", "log", "--format=%H", "--", "pyproject.toml"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    higher = {}
    for commit in commits:
        earlier = subprocess.run(["git", "show", f"{commit}:pyproject.toml"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
        floor = floor_in(earlier)
        if floor is not None and (current is None or floor > current):
            higher[commit[:10]] = floor
    assert not higher, (
        f"The coverage floor ({current}) is below what it was in {higher}: it only rises "
        "(add the tests that the change's code lacks instead of lowering it).")
