# unionreport — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
JOBS ?= 2
HOST ?= 127.0.0.1:8000

.PHONY: help demo setup venv system-packages migrate test test-fast lint check bench loadtest audit clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

demo: setup ## cài đặt mọi thứ và chạy bản demo tại http://$(HOST) (đổi cổng: make demo HOST=127.0.0.1:8101)
	@$(PY) manage.py demo_logins --host $(HOST)
	$(PY) manage.py runserver $(HOST)

setup: venv ## venv, packages, SQLite database, demo data (everything but serving)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml build-constraints.txt
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=26"
	$(PY) -m pip install --quiet --build-constraint build-constraints.txt --group dev
	touch $@

system-packages: ## Debian packages for PDFs and browser tests (chromium, poppler, fonts)
	bash scripts/system-packages.sh

# --dist loadfile: a module's tests on one worker, so that a module that loads the demo province (3 min of CPU on
# a 2-core machine) loads it once, not once per worker.
test: venv system-packages ## the whole test suite (browser tests included)
	$(PY) -m pytest -n $(JOBS) --dist loadfile $(PYTEST_ARGS)

test-fast: venv ## the suite without browser tests
	$(PY) -m pytest -n $(JOBS) -m "not browser" $(PYTEST_ARGS)

lint: venv ## ruff, the import layering (import-linter) and Django's deployment checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DEBUG=0 SECRET_KEY=check-only-$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

BENCH_SIZE ?= merged
USERS ?= 50
MINUTES ?= 2
SIZE ?= demo

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --build-constraint build-constraints.txt --group bench
	touch $@

bench: venv $(VENV)/.bench-installed ## goals of issue 17 on a generated province (BENCH_SIZE=merged|province); exit 1 when one is missed
	BENCH_SIZE=$(BENCH_SIZE) $(PY) -m benchmarks

loadtest: venv ## load test against gunicorn on PostgreSQL, 127.0.0.1 only (make loadtest USERS=200 MINUTES=3 SIZE=merged)
	LOADTEST_USERS=$(USERS) LOADTEST_RUN_TIME=$(MINUTES)m LOADTEST_SIZE=$(SIZE) bash loadtest/run.sh

audit: venv ## known vulnerabilities in the pinned packages (needs the advisory database online)
	$(VENV)/bin/pip-audit --strict

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
