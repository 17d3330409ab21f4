"""Dependencies: the portal declares what it imports and nothing else; the production code
imports no dev-only package; the lock files pin, by hash, exactly what pyproject.toml
declares, at the versions its floors name (what was tested)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
FIRST_PARTY = ({p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {"manage"}
               | {p.stem for p in (ROOT / "scripts").glob("*.py")})
# Outside the portal's production code: tests, benchmarks and the translator's helper.
DEV_ONLY_DIRS = {"tests", "bench", "scripts"}
# Runtime dependencies that no module imports, and why they are there all the same.
NAMED_NOT_IMPORTED = {
    "psycopg2-binary": "the driver Django loads for DATABASE_URL=postgres://…",
    "crispy-bootstrap5": "INSTALLED_APPS: the Bootstrap 5 template pack",
    "whitenoise": "MIDDLEWARE and STORAGES name it",
    "gunicorn": "scripts/serve.sh runs it",
    "django-storages": "STORAGES names its S3 backend (rit_portal/object_storage.py)",
    "python-json-logger": "LOGGING names its formatter (pythonjsonlogger.json.JsonFormatter)",
    "lxml": "openpyxl writes its XML through it when it is installed (openpyxl.LXML): the "
            "XLSX exports of a call in about half the time of its pure-Python writer",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(extra: str | None = None) -> dict[str, str]:
    """{distribution: floor} of the runtime dependencies, or of an extra."""
    specs = (PYPROJECT["project"]["optional-dependencies"][extra] if extra
             else PYPROJECT["project"]["dependencies"])
    found = {}
    for spec in specs:
        match = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]+\])?\s*>=\s*([^,;\s]+)", spec)
        assert match, f"{spec!r} has no >= floor"
        found[normalise(match.group(1))] = match.group(2)
    return found


def imported_modules(paths) -> dict[str, set[str]]:
    """{top-level module: files importing it} for the Python files under `paths`."""
    found: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def python_files(*, dev: bool) -> list[Path]:
    files = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "build"} or (parts[0] in DEV_ONLY_DIRS) != dev:
            continue
        files.append(path)
    return files


def distributions_of(modules) -> dict[str, set[str]]:
    """{distribution: modules} for the third-party modules among `modules`."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for module in modules:
        if module in sys.stdlib_module_names or module in FIRST_PARTY:
            continue
        assert module in owners, f"{module} is imported but no installed package provides it"
        for distribution in owners[module]:
            found.setdefault(normalise(distribution), set()).add(module)
    return found


def test_production_code_imports_only_declared_runtime_packages():
    imports = imported_modules(python_files(dev=False))
    used = distributions_of(imports)
    runtime, dev = declared(), declared("dev")
    dev_only = {name: sorted(set().union(*(imports[m] for m in modules)))
                for name, modules in used.items() if name in dev and name not in runtime}
    assert dev_only == {}, "production code imports dev-only packages"
    undeclared = {name: sorted(modules) for name, modules in used.items()
                  if name not in runtime}
    assert undeclared == {}


def test_every_runtime_dependency_is_imported_or_named_by_the_configuration():
    used = distributions_of(imported_modules(python_files(dev=False)))
    assert set(declared()) - set(used) == set(NAMED_NOT_IMPORTED)


def test_tests_and_tools_import_only_declared_packages():
    used = distributions_of(imported_modules(python_files(dev=True)))
    # pip is in every venv, pinned by requirements/pip.txt; scripts/check_lock.py reads
    # requirements with the packaging it vendors.
    assert set(used) - set(declared()) - set(declared("dev")) - {"pip"} == set()


def pins(lock: str) -> dict[str, str]:
    """{distribution: version} of a lock file; each pin must carry its hashes."""
    text = (ROOT / "requirements" / lock).read_text()
    found = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} is pinned without a hash"
            found[normalise(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize(("lock", "extra"), [("production.txt", None), ("dev.txt", "dev")])
def test_lock_files_pin_what_pyproject_declares_at_its_floors(lock, extra):
    text = (ROOT / "requirements" / lock).read_text()
    assert text.startswith("# This file was autogenerated by uv via the following command:\n"
                           "#    make lock\n")
    locked = pins(lock)
    wanted = {**declared(), **(declared(extra) if extra else {})}
    assert {name: locked.get(name) for name in wanted} == wanted


def test_the_production_lock_has_no_dev_only_package_and_agrees_with_the_dev_lock():
    production, dev = pins("production.txt"), pins("dev.txt")
    assert set(declared("dev")) & set(production) == set()
    assert {name: dev.get(name) for name in production} == production
