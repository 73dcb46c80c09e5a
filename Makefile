# Two commands for a newcomer: `make run` (the app on the bundled data) and `make test`
# (lint + the whole suite, real-browser tests included). Both create or refresh .venv first.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test lint format browser bench screenshot clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m timeline serve --host $(HOST) --port $(PORT)

# Debian's Chromium drives the browser tests and Kaleido's static export; nothing is downloaded.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium and chromium-driver (browser tests, PNG export)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "No Chromium and no root apt-get: browser tests will be skipped (install Debian's chromium to run them)"; \
	fi

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(STAMP) browser lint
	$(PY) -m pytest

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(STAMP) browser
	$(PY) bench/bench.py

screenshot: $(STAMP) browser
	$(PY) docs/make_screenshot.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache test-artifacts
