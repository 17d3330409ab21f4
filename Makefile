# RIT Portal — the two commands a newcomer needs:
#   make run    install, migrate, load reference + demo data, serve on http://127.0.0.1:8000
#   make test   install (with test tools) and run the whole test suite
# Both work on a fresh clone; with DATABASE_URL / REDIS_URL set they use those services.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: run setup install test lint messages compilemessages worker beat bench clean

# Links in e-mails (partner confirmation, invitations) point at the address served here.
run: setup
	SITE_URL=$${SITE_URL:-http://$(HOST)} $(PY) manage.py runserver $(HOST)

setup: install compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data

install: $(STAMP)

$(STAMP): pyproject.toml scripts/system-deps.sh
	./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	rm -rf build *.egg-info
	touch $(STAMP)

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

test: install compilemessages
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

# Regenerate every Japanese catalogue from the sources (each app keeps its own).
messages: install
	$(PY) manage.py makemessages -l ja --ignore=.venv --ignore=build --ignore=bench --no-obsolete

worker: install
	$(VENV)/bin/celery -A rit_portal worker -l info

beat: install
	$(VENV)/bin/celery -A rit_portal beat -l info

clean:
	rm -rf $(VENV) build *.egg-info db.sqlite3 media staticfiles
