# Quick start: `make demo` runs the app on demo data, `make test` runs every test.
# While working: `make test-rapide` skips the tests in Chromium (marker `browser`),
# `make test-navigateur` runs only them (markers are set by tests/conftest.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-rapide test-navigateur bench browser

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

demo: $(BIN)/.installed
	$(BIN)/python app.py

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { echo "Installation de Chromium (paquets Debian chromium et chromium-driver)…"; \
	    apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q

test-rapide: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not browser"

test-navigateur: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q -m browser

bench: $(BIN)/.installed browser
	$(BIN)/python -m bench
