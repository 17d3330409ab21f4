#!/bin/sh
# Install a lock file into a virtualenv, the one way every install of the portal is made
# (make, .ci/run, the Docker image, the README's steps by hand):
#
#   scripts/install.sh .venv requirements/dev.txt
#
# 1. The venv is made by the interpreter's own `venv` module when it does not exist.
# 2. pip itself is replaced first by the version requirements/pip.txt pins by hash, so the
#    installer is the same whatever pip the interpreter bundles (3.11.7 bundles 23.2.1).
# 3. The lock is installed with --no-deps --require-hashes: pip installs exactly the lines
#    of the lock, each checked against its hashes, and never resolves a dependency against
#    the package index. (Resolving is what broke on 2026-12-06: pip 23 resolved WeasyPrint's
#    `fonttools[woff]` to a release newer than the lock's on a day this repository did not
#    change.) The lock keeps its extras (`make lock` writes it with --no-strip-extras).
# 4. Since nothing was resolved, the result is checked: `pip check`, then
#    scripts/check_lock.py, which also follows the extras that `pip check` ignores. Either
#    fails the install when the lock misses a package or pins one that does not fit.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 VENV LOCKFILE" >&2; exit 2; }
venv=$1
lock=$2
here=$(dirname "$0")
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
py="$venv/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$py" -m pip install --quiet --no-deps --require-hashes -r "$here/../requirements/pip.txt"
"$py" -m pip install --quiet --no-deps --require-hashes -r "$lock"
"$py" -m pip check
"$py" "$here/check_lock.py" "$lock"
