# Quick start: `make demo` runs the app on demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench browser axe screenshots

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

demo: $(BIN)/.installed
	$(BIN)/python app.py

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v npm >/dev/null || \
	  { echo "Installation de Chromium et de npm (paquets Debian chromium, chromium-driver, nodejs, npm)…"; \
	    apt-get update -qq && apt-get install -y -qq chromium chromium-driver nodejs npm; }

# axe-core (audit d'accessibilité des tests navigateur), depuis le registre npm, hors du dépôt (.cache/ est ignoré).
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-save --no-package-lock --prefix .cache/axe axe-core@4

axe: browser $(AXE)

test: $(BIN)/.installed browser axe
	$(BIN)/python -m pytest -q

# Captures de chaque page aux trois tailles et à l'impression A4 : make screenshots DOSSIER=/tmp/captures
screenshots: $(BIN)/.installed browser axe
	$(BIN)/python -m bench.screenshots $(or $(DOSSIER),artefacts/captures)

bench: $(BIN)/.installed browser
	$(BIN)/python -m bench
