"""scripts/audit-dependencies.sh (make audit): what its exit status says, with pip-audit
replaced by a stand-in that writes the report pip-audit would (the real service is not
reachable from the machines the tests run on: docs/security.md, "Known vulnerabilities")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_with_report(tmp_path, dependencies: list[dict], exit_code: int = 0):
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)
    report = json.dumps({"dependencies": dependencies})
    stand_in = venv / "pip-audit"
    # Writes the report where --output says, and records the options it was given.
    stand_in.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {tmp_path}/args\n'
        'while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done\n'
        f"cat > \"$out\" <<'JSON'\n{report}\nJSON\n"
        f"exit {exit_code}\n")
    stand_in.chmod(0o755)
    result = subprocess.run(
        [str(ROOT / "scripts/audit-dependencies.sh")], capture_output=True, text=True,
        env={**os.environ, "VENV": str(tmp_path / "venv"), "LOCKS": "production"})
    return result, (tmp_path / "args").read_text()


AUDITED = {"name": "django", "version": "5.2.9", "vulns": []}


def test_every_package_audited_and_none_vulnerable_passes(tmp_path):
    result, args = run_with_report(tmp_path, [AUDITED])
    assert result.returncode == 0, result.stdout
    assert "1 packages, 1 audited, 0 not audited, 0 known vulnerabilities" in result.stdout
    assert "--no-deps --require-hashes -r requirements/production.txt" in args


def test_a_known_vulnerability_fails_and_is_named(tmp_path):
    vulnerable = {"name": "pypdf", "version": "3.0.0", "vulns": [
        {"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["3.17.0"], "aliases": []}]}
    result, _args = run_with_report(tmp_path, [AUDITED, vulnerable], exit_code=1)
    assert result.returncode == 1
    assert "pypdf 3.0.0: GHSA-xxxx-yyyy-zzzz (fixed in 3.17.0)" in result.stdout


@pytest.mark.parametrize("report", [
    [{"name": "amqp", "version": "5.4.2", "skip_reason": "Dependency not found on PyPI"}],
])
def test_an_audit_that_could_not_ask_the_service_is_not_a_pass(tmp_path, report):
    result, _args = run_with_report(tmp_path, [AUDITED, *report])
    assert result.returncode == 2
    assert "1 not audited" in result.stdout


def test_each_ignored_advisory_has_a_reason():
    ignored = (ROOT / "requirements/audit-ignore.txt").read_text()
    # Every line that is not a comment names an advisory and gives its reason.
    for line in ignored.splitlines():
        entry = line.split("#")[0].split()
        assert not entry or len(entry) >= 2, line
