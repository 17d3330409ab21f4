# RIT Portal — the two commands a newcomer needs:
#   make run    install, migrate, load reference + demo data, serve on http://127.0.0.1:8000
#   make test   install (with test tools) and run the unit and integration tests
#               (in parallel, with line coverage); `make e2e` runs the browser tests
# Both work on a fresh clone; with DATABASE_URL / REDIS_URL set they use those services.
# Installs come from the hash-pinned lock files in requirements/ through scripts/install.sh
# (--no-deps: nothing is resolved against the index; README, "Dependencies").

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: run setup install test test-embedded e2e lint messages compilemessages worker beat lock check-lock audit smoke smoke-scale clean

# Links in e-mails (partner confirmation, invitations) point at the address served here.
run: setup
	SITE_URL=$${SITE_URL:-http://$(HOST)} $(PY) manage.py runserver $(HOST)

setup: install compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data

install: $(STAMP)

$(STAMP): requirements/dev.txt requirements/pip.txt scripts/system-deps.sh scripts/install.sh
	./scripts/system-deps.sh
	PYTHON=$(PYTHON) ./scripts/install.sh $(VENV) requirements/dev.txt
	touch $(STAMP)

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# The unit and integration tests in parallel: one pytest-xdist worker per core (TEST_WORKERS=1
# for one process), each on its own test database (test_<name>_gw0, …) and Redis database
# (rit_portal/settings/test.py). Tests that start real Celery workers run one after another in
# one xdist group (--dist loadgroup). With TEST_COVERAGE=1 (CI: .ci/run) the line coverage is
# printed at the end and the run fails below the floor in pyproject.toml ([tool.coverage.report]
# fail_under, which only ever rises); measuring costs about half as much CPU again, so a
# developer's run leaves it out unless asked.
TEST_WORKERS ?= auto
TEST_COVERAGE ?=
test: install compilemessages
	$(VENV)/bin/pytest --ignore=tests/e2e -n $(TEST_WORKERS) --dist loadgroup \
	  $(if $(TEST_COVERAGE),--cov --cov-report=term:skip-covered)

# The embedded default (SQLite, Celery tasks in-process: what `make run` serves) even where
# DATABASE_URL and REDIS_URL are set, as CI sets them: every page of every role (the
# page-query and conventions crawls) and the personal-data pages, whose searches use the
# database's own functions (NFKC, JSON lists). CI runs it after `make test` (.ci/run).
test-embedded: install compilemessages
	env -u DATABASE_URL -u REDIS_URL -u RIT_REQUIRE_SERVICES -u RIT_TEST_REDIS_DBS \
	  $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup -p no:cacheprovider \
	  tests/project/test_page_queries.py tests/project/test_conventions_crawl.py tests/privacy

# The end-to-end tests (tests/e2e: Chromium against a live server), one at a time.
e2e: install compilemessages
	$(VENV)/bin/pytest tests/e2e

lint: install
	$(VENV)/bin/ruff check .

# Regenerate every Japanese catalogue from the sources (each app keeps its own).
messages: install
	$(PY) manage.py makemessages -l ja --ignore=.venv --ignore=build --ignore=bench --ignore=node_modules --no-obsolete

worker: install
	$(VENV)/bin/celery -A rit_portal worker -l info

beat: install
	$(VENV)/bin/celery -A rit_portal beat -l info

# Write the lock files from pyproject.toml, keeping the pinned versions that still satisfy
# it; `make lock UPGRADE=1` moves every package to its newest allowed version. The
# production lock is written first and constrains the dev one, so both pin the same
# versions of what they share. Extras stay on the lines (`fonttools[woff]`): the lock must
# say everything an install needs, since scripts/install.sh never resolves.
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
        --no-strip-extras --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: install
	$(LOCK) pyproject.toml -o requirements/production.txt
	$(LOCK) pyproject.toml --extra dev -c requirements/production.txt -o requirements/dev.txt
	$(LOCK) requirements/pip.in -o requirements/pip.txt

# What CI checks on every run: each lock installed into a brand-new venv made by the
# interpreter's own venv module, exactly as `make install` does, then checked (pip check and
# scripts/check_lock.py). Run it after `make lock`; `make check-lock LOCKS=production` for one.
# The venvs live in a temporary folder outside the checkout (tests scan the tree) and go after.
LOCKS ?= production dev
check-lock:
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/rit-lock-check.XXXXXX") && \
	trap 'rm -rf "$$dir"' EXIT && \
	for lock in $(LOCKS); do \
	  PYTHON=$(PYTHON) ./scripts/install.sh "$$dir/$$lock" requirements/$$lock.txt || exit 1; \
	done

# The locks against a database of known vulnerabilities (pip-audit; needs PyPI's advisories
# or OSV reachable): exit 1 on a known vulnerability not listed with its reason in
# requirements/audit-ignore.txt, 2 when the service could not be asked (docs/security.md).
audit: install
	./scripts/audit-dependencies.sh

# The production configuration end to end on PostgreSQL and Redis (scripts/smoke-production.sh).
smoke: install compilemessages
	./scripts/smoke-production.sh

# Several hosts on one machine: two web instances, two workers and beat; 200 approvals
# published, a worker SIGKILLed mid-batch, every letter and e-mail once (scripts/smoke-scale.sh).
smoke-scale: install compilemessages
	./scripts/smoke-scale.sh

clean:
	rm -rf $(VENV) build *.egg-info db.sqlite3 media staticfiles
