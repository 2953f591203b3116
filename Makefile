# LocalSDG — `make demo` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
DEMO_DIR ?= .localsdg-demo
TEST_DATA_DIR := $(CURDIR)/.test-data
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test test-postgres test-core test-browser lint typecheck messages bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium; install it when it is missing (needs root).
system-deps:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)

messages: $(STAMP)
	cd localsdg && ../$(BIN)/django-admin compilemessages --ignore=.venv -l ja >/dev/null

demo: $(STAMP) messages
	$(BIN)/localsdg demo --port $(PORT) --data-dir $(DEMO_DIR)

test: $(STAMP) system-deps messages
	rm -rf $(TEST_DATA_DIR)
	LOCALSDG_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest

test-core: $(STAMP)
	$(BIN)/pytest tests/core

test-postgres: $(STAMP) system-deps messages
	rm -rf $(TEST_DATA_DIR)
	LOCALSDG_DATA_DIR=$(TEST_DATA_DIR) scripts/with-postgres $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TEST_DATA_DIR) *.egg-info
