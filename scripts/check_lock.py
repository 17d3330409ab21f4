"""Is this environment exactly what a lock file names, extras included?

    .venv/bin/python scripts/check_lock.py requirements/dev.txt

`scripts/install.sh` installs a lock with `pip install --no-deps`, so pip never resolves
anything against the package index; this check is what makes that safe. For every package
the lock names for this platform, it must be installed at the locked version; for every
requirement of an installed package -- including those of the extras asked for anywhere
(`weasyprint` asks for `fonttools[woff]`, which needs `brotli` and `zopfli`) -- the required
package must be named by the lock and installed at a version the requirement accepts.
`pip check` does the second half without extras; a lock that misses a package needed only
through an extra passes it, and fails here. Exit status 1 lists every problem: each is a
package that a resolving install would have fetched from the index without the lock.

Run with the checked environment's own interpreter. It needs nothing but the standard
library and the `packaging` that pip vendors (every venv has pip).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from pip._vendor.packaging.markers import Marker, default_environment
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name

# A lock entry: `name[extra,extra]==version ; marker \` (hashes on the following lines).
ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[(?P<extras>[^\]]*)\])?==(?P<version>[^\s;\\]+)"
    r"\s*(?:;(?P<marker>[^\\]*))?"
)
# Installed by `python -m venv` itself or by the bootstrap step, never by a lock.
TOOLING = {"pip", "setuptools", "wheel"}


@dataclass
class LockEntry:
    name: str
    version: str
    extras: set[str] = field(default_factory=set)
    marker: str | None = None


def parse_lock(text: str) -> dict[str, LockEntry]:
    """{canonical name: entry} of every package line in a pip-compile/uv lock file."""
    entries = {}
    for line in text.splitlines():
        match = ENTRY.match(line)
        if not match:
            continue
        name = canonicalize_name(match["name"])
        extras = {e.strip() for e in (match["extras"] or "").split(",") if e.strip()}
        marker = (match["marker"] or "").strip() or None
        entries[name] = LockEntry(name, match["version"], extras, marker)
    return entries


def applies(marker: str | None, environment: dict[str, str]) -> bool:
    return marker is None or Marker(marker).evaluate(environment)


def problems(lock: dict[str, LockEntry], installed: dict[str, tuple[str, list[str]]],
             environment: dict[str, str]) -> list[str]:
    """Every difference between the lock and the environment that matters for installing.

    `installed` is {canonical name: (version, requirement strings)} of the environment.
    """
    wanted = {name: e for name, e in lock.items() if applies(e.marker, environment)}
    found: list[str] = []
    for name, entry in sorted(wanted.items()):
        if name not in installed:
            found.append(f"{name}=={entry.version} is in the lock but not installed")
        elif installed[name][0] != entry.version:
            found.append(f"{name} is installed at {installed[name][0]}, the lock says "
                         f"{entry.version}")
    # The extras asked for anywhere, to a fixed point: an extra may ask for another.
    extras = {name: set(entry.extras) for name, entry in wanted.items()}
    requirements: list[tuple[str, Requirement]] = []
    changed = True
    while changed:
        changed = False
        requirements = []
        for name in sorted(wanted):
            if name not in installed:
                continue
            for text in installed[name][1]:
                requirement = Requirement(text)
                asked = {""} | extras.get(name, set())
                if requirement.marker and not any(
                        requirement.marker.evaluate({**environment, "extra": extra})
                        for extra in asked):
                    continue
                requirements.append((name, requirement))
                target = canonicalize_name(requirement.name)
                if not requirement.extras <= extras.setdefault(target, set()):
                    extras[target] |= requirement.extras
                    changed = True
    for requirer, requirement in requirements:
        target = canonicalize_name(requirement.name)
        if target not in wanted:
            found.append(f"{requirer} requires {requirement}: {target} is not in the lock "
                         "(an install that resolves would fetch it from the index)")
        elif target in installed and not requirement.specifier.contains(
                installed[target][0], prereleases=True):
            found.append(f"{requirer} requires {requirement}, the lock has "
                         f"{target}=={wanted[target].version}")
    return found


def installed_distributions() -> dict[str, tuple[str, list[str]]]:
    return {canonicalize_name(d.metadata["Name"]): (d.version, list(d.requires or []))
            for d in metadata.distributions()}


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    installed = installed_distributions()
    environment = default_environment()
    lock: dict[str, LockEntry] = {}
    for path in paths:
        lock |= parse_lock(Path(path).read_text())
    found = problems(lock, installed, environment)
    extra = sorted(set(installed) - set(lock) - TOOLING)
    if extra:
        # Harmless for the check (nothing is missing), but a venv reused across lock
        # changes keeps what a newer lock dropped: `make clean` starts afresh.
        print("note: installed but not in the lock: " + ", ".join(extra), file=sys.stderr)
    if found:
        print(f"{', '.join(paths)}: the environment is not what the lock names:",
              file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    count = sum(applies(e.marker, environment) for e in lock.values())
    print(f"{', '.join(paths)}: all {count} packages installed as locked, "
          "every requirement (extras included) met from the lock")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
