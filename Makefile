# Quick start: `make demo` serves the app on demo data, `make test` runs the linter (ruff.toml) then every test.
# While working: `make test-rapide` lints then skips the tests in Chromium (marker `browser`),
# `make test-navigateur` runs only them (markers are set by tests/conftest.py); `make lint` lints alone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLOTLY_BUNDLE := build/plotly-cop.min.js
DSFR := build/dsfr/dsfr-cop.min.css
PRECOMPRESSED := .cache/precompressed/.fait

.PHONY: demo lint test test-rapide test-navigateur bench browser bundle node axe screenshots

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

demo: $(BIN)/.installed bundle
	$(BIN)/gunicorn --config gunicorn.conf.py

# Chromium and its driver for the browser tests; poppler-utils (pdftotext, pdftoppm) reads the PDFs they print.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftoppm >/dev/null || \
	  { echo "Installation de Chromium et de poppler-utils (paquets Debian chromium, chromium-driver, poppler-utils)…"; \
	    apt-get update -qq && apt-get install -y -qq chromium chromium-driver poppler-utils; }

node:
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { echo "Installation de Node.js (paquets Debian nodejs et npm)…"; \
	    apt-get update -qq && apt-get install -y -qq nodejs npm; }

# plotly.js with only the traces the app draws, and the State's design system (DSFR: its core, the components the
# app uses, Marianne), built from the npm packages pinned in bundle/package-lock.json; then the scripts and style
# sheets the browser loads, compressed once at brotli's best into .cache/precompressed/ (ignored).
bundle: $(PLOTLY_BUNDLE) $(DSFR) $(PRECOMPRESSED)

$(PRECOMPRESSED): $(PLOTLY_BUNDLE) $(DSFR) requirements.txt dashboard/serving/precompress.py | $(BIN)/.installed
	$(BIN)/python -m dashboard.serving.precompress && touch $@

$(PLOTLY_BUNDLE): bundle/package.json bundle/package-lock.json bundle/plotly-cop.js bundle/build.mjs bundle/options.mjs \
		THIRD-PARTY-NOTICES.txt | node
	cd bundle && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node build.mjs

$(DSFR): bundle/package.json bundle/package-lock.json bundle/dsfr-cop.css bundle/dsfr.mjs | node
	cd bundle && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node dsfr.mjs

# axe-core (audit d'accessibilité des tests navigateur), depuis le registre npm, hors du dépôt (.cache/ est ignoré).
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE): | node
	npm install --silent --no-save --no-package-lock --prefix .cache/axe axe-core@4

axe: $(AXE)

# Two workers (pytest-xdist), one test file each at a time: module-scoped apps and databases stay in one worker.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff check .

test: $(BIN)/.installed lint browser bundle axe
	$(PYTEST)

test-rapide: $(BIN)/.installed lint bundle
	$(PYTEST) -m "not browser"

test-navigateur: $(BIN)/.installed browser bundle axe
	$(PYTEST) -m browser

# Captures de chaque page aux trois tailles et à l'impression A4 : make screenshots DOSSIER=/tmp/captures
screenshots: $(BIN)/.installed browser bundle axe
	$(BIN)/python -m bench.screenshots $(or $(DOSSIER),artefacts/captures)

bench: $(BIN)/.installed browser bundle
	$(BIN)/python -m bench
