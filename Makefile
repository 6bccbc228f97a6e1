# Quick start: `make demo` runs the app on demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench browser

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

bench: $(BIN)/.installed browser
	$(BIN)/python -m bench
