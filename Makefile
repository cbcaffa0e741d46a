# Two commands do everything on a fresh machine with Python 3.11:
#   make run    create the venv, install, migrate, load reference and demo data, serve
#   make test   the whole test suite (browser tests too where Chromium is installed)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
HOST ?= 127.0.0.1
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint setup database reference-data translations extract-messages update-messages serve clean

# The worker (search index, mail, scheduled jobs) runs beside the development server and
# stops with it.
run: setup database
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/pytest

# ruff, configured in pyproject.toml; CI runs it before the tests.
lint: setup
	$(BIN)/ruff check .

setup: $(VENV)/.installed $(MO_FILES)

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Compiled catalogues are build products (git-ignored), rebuilt when their .po changes.
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -d translations -l $* --statistics

translations: $(MO_FILES)

database: reference-data
	$(FLASK) load-demo
	$(FLASK) search-check >/dev/null || $(FLASK) search-reindex

# What every site needs, demo or not.
reference-data: setup
	$(FLASK) db upgrade
	$(FLASK) load-reference

# For developers adding or changing user-facing text.
extract-messages: setup
	$(BIN)/pybabel extract --width 100 -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output --ignore-dirs ".* __pycache__ .venv" \
		--project "Learning Cities Network" -o translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --width 100

# Production-like serving: gunicorn with gunicorn.conf.py (two workers, preloaded app and dictionary).
# No demo data here: gunicorn serves in production mode, and the demo accounts share a public
# password. (A database that `make run` filled keeps its demo rows.)
# Without a shared rate-limit store (RATELIMIT_STORAGE_URI=redis://…) it is one process on one
# host (PORTAL_SINGLE_PROCESS=1: one worker); several hosts: docs/deployment.md.
serve: reference-data
	$(FLASK) search-check >/dev/null || $(FLASK) search-reindex
	$(if $(RATELIMIT_STORAGE_URI),,PORTAL_SINGLE_PROCESS=1) $(BIN)/gunicorn --bind $(HOST):$(PORT) wsgi:app

clean:
	rm -rf $(VENV) instance/portal.sqlite3
