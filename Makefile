# Two commands for a newcomer: `make run` (the app on the bundled data; installs only what
# serving needs) and `make test` (lint + the whole suite, real-browser tests included; installs
# the test extra too). Both create or refresh .venv first.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test lint format browser java bench screenshot clean

# Serving needs the package alone.
$(RUN_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

# Tests, lint, the benchmark and the screenshot need the test extra as well (which covers serving).
$(TEST_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(PY) -m timeline serve --host $(HOST) --port $(PORT)

# Debian's Chromium drives the browser tests and Kaleido's static export; nothing is downloaded.
# It is looked for as everything else looks for it: timeline/export/browser.py (BROWSER_PATH,
# else PATH, else /usr/bin/chromium).
HAS_BROWSER := $(PY) -c "import sys; from timeline.export.browser import find_chromium; sys.exit(find_chromium() is None)"
browser: $(RUN_STAMP)
	@if $(HAS_BROWSER); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium (browser tests, PNG export)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "No Chromium and no root apt-get: browser tests will be skipped (install Debian's chromium, or set BROWSER_PATH, to run them)"; \
	fi

# Java 17 runs the Spark engine's tests on a real standalone cluster (pyspark is in the test
# extra); Debian's JRE is installed when no java is found, as Chromium is.
java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's openjdk-17-jre-headless (the Spark engine's tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else \
		echo "No Java and no root apt-get: the Spark engine's tests will be skipped"; \
	fi

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# CI runs this target (.ci/run) with Hypothesis's full "ci" profile; a plain `make test` runs
# the "quick" one, each property on fewer cases (tests/conftest.py says how the profile is
# chosen: HYPOTHESIS_PROFILE, else "ci" under CI=true, else "quick").
# Two workers (pytest-xdist), one per core of the machine it was sized for; WORKERS=0 runs in
# this process. The Spark engine's tests run alongside them in a process of their own, so one
# standalone cluster serves them all (xdist's loadgroup, which would keep them in one worker,
# does nothing under pytest 9: it renames a field pytest no longer reads); they mostly wait
# on the cluster's JVMs, so alongside they save about half a minute; that run collects
# tests/engines alone, where tests/conftest.py keeps every Spark test. Their report is printed after
# the others', and either run failing (exit code 5, no test collected, included) fails.
WORKERS ?= 2
SPARK_LOG := test-artifacts/spark-tests.log
test: $(TEST_STAMP) browser java lint
	@mkdir -p $(dir $(SPARK_LOG))
	@$(PY) -m pytest -p no:cacheprovider -m spark tests/engines > $(SPARK_LOG) 2>&1 & spark=$$!; \
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m "not spark"; others=$$?; \
	wait $$spark; sparks=$$?; \
	echo "== the Spark engine's tests (run alongside; log: $(SPARK_LOG)) =="; cat $(SPARK_LOG); \
	test $$others -eq 0 && test $$sparks -eq 0

format: $(TEST_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(TEST_STAMP) browser
	$(PY) bench/bench.py

screenshot: $(TEST_STAMP) browser
	$(PY) docs/make_screenshot.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache test-artifacts
