#!/bin/sh
# Check the locked dependencies against a database of known vulnerabilities (pip-audit):
#
#   scripts/audit-dependencies.sh                     # requirements/production.txt and dev.txt
#   LOCKS=production scripts/audit-dependencies.sh    # one lock
#   SERVICE=osv scripts/audit-dependencies.sh         # OSV instead of PyPI's advisories
#
# Each lock is audited exactly as it is installed (--no-deps --require-hashes: the pinned
# lines, nothing resolved). The advisories are PyPI's per-release JSON (the default service)
# or OSV's API: the machine running this must reach one of them.
#
# Exit status: 0 every package audited and none has a known vulnerability (beyond the ones
# listed in requirements/audit-ignore.txt, each with its reason); 1 a known vulnerability;
# 2 the service could not be asked about every package (an audit that checked nothing is
# not a pass: pip-audit itself exits 0 when every package is "not found").
# The JSON reports are written to build/audit-<lock>.json.
set -eu
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
SERVICE=${SERVICE:-pypi}
LOCKS=${LOCKS:-production dev}
IGNORE_FILE=requirements/audit-ignore.txt
mkdir -p build

ignores=""
if [ -f "$IGNORE_FILE" ]; then
  # One advisory id per line, then its reason; '#' starts a comment.
  ignores=$(sed -e 's/#.*//' "$IGNORE_FILE" | awk 'NF { printf " --ignore-vuln %s", $1 }')
fi

status=0
for lock in $LOCKS; do
  report="build/audit-$lock.json"
  echo "== requirements/$lock.txt (service: $SERVICE)"
  set +e
  # shellcheck disable=SC2086  # $ignores is a list of options
  "$VENV/bin/pip-audit" --no-deps --require-hashes -r "requirements/$lock.txt" \
    --vulnerability-service "$SERVICE" --progress-spinner off --format json \
    --output "$report" $ignores
  audit=$?
  set -e
  "$VENV/bin/python" - "$report" "$audit" <<'PY' || status=$(( status > $? ? status : $? ))
import json, sys

report, audit = sys.argv[1], int(sys.argv[2])
try:
    dependencies = json.load(open(report))["dependencies"]
except (OSError, ValueError, KeyError):
    print(f"  no report (pip-audit exited {audit}): the service could not be asked")
    sys.exit(2)
skipped = [d for d in dependencies if "skip_reason" in d]
vulnerable = [d for d in dependencies if d.get("vulns")]
print(f"  {len(dependencies)} packages, {len(dependencies) - len(skipped)} audited, "
      f"{len(skipped)} not audited, {sum(len(d['vulns']) for d in vulnerable)} known "
      f"vulnerabilities in {len(vulnerable)} packages")
for d in vulnerable:
    for v in d["vulns"]:
        fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release"
        print(f"  {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
if vulnerable:
    sys.exit(1)
if skipped:
    print(f"  first not audited: {skipped[0]['name']}: {skipped[0]['skip_reason']}")
    sys.exit(2)
PY
done
exit $status
