# The two commands of the README: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
IMPORT ?=
WORKERS ?= 2
export NEWSARCHIVE_DATA_DIR ?= $(CURDIR)/var

# Python 3.12: python3.12 on PATH, else pyenv's 3.12.x (Debian's 3.11 is too old for Django 6).
PYTHON312 := $(shell command -v python3.12 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1)

.PHONY: run test venv test-venv lint clean-index

$(VENV)/.installed: requirements.txt requirements-whoosh.txt
	@test -n "$(PYTHON312)" || { echo "Python 3.12 not found: install it (pyenv install 3.12) and retry." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-whoosh.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(VENV)/.installed
test-venv: $(VENV)/.installed-test

run: venv
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py ensure_admin
	@if [ -n "$(IMPORT)" ]; then $(PY) manage.py import_articles $(IMPORT) || echo "Some records failed to import (see above)."; fi
	PORT=$(PORT) WORKERS=$(WORKERS) ./scripts/serve.sh

test: test-venv
	NEWSARCHIVE_STATICFILES_STORAGE=django.contrib.staticfiles.storage.StaticFilesStorage $(PY) -m pytest $(PYTEST_ARGS)

lint: test-venv
	$(VENV)/bin/ruff check .
