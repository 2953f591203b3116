# LocalSDG — `make demo` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
DEMO_DIR ?= .localsdg-demo
TEST_DATA_DIR := $(CURDIR)/.test-data
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo install test test-postgres test-core lint messages clean system-deps bench load

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the suite needs: Chromium for the browser tests, a Japanese font so pages render
# as people see them, gettext for the catalogues. Installed only when missing (needs root).
SYSTEM_PACKAGES := chromium fonts-noto-cjk gettext
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(STAMP)
	cd localsdg && ../$(BIN)/django-admin compilemessages --ignore=.venv -l ja >/dev/null

demo: $(STAMP) messages
	$(BIN)/localsdg demo --port $(PORT) --data-dir $(DEMO_DIR)

test: $(STAMP) system-deps messages
	rm -rf $(TEST_DATA_DIR)
	LOCALSDG_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -n 2

test-core: $(STAMP)
	$(BIN)/pytest tests/core

test-postgres: $(STAMP) system-deps messages
	rm -rf $(TEST_DATA_DIR)
	LOCALSDG_DATA_DIR=$(TEST_DATA_DIR) scripts/with-postgres $(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(TEST_DATA_DIR) *.egg-info

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Load test of `localsdg serve` with wrk (a Debian package, installed when missing).
load: $(STAMP) messages
	$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES=wrk
	$(BIN)/python bench/load.py
