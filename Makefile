# Tussenruimte: `make run` serves the demo portal, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Links and identifiers name the address the portal is served on, unless configured otherwise.
TUSSENRUIMTE_BASE_URL ?= http://$(HOST):$(PORT)
export TUSSENRUIMTE_BASE_URL

.PHONY: run test lint install clean chromium constraints vertalingen

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

# Real Chromium for the browser tests: the Debian package (Playwright's own download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium ontbreekt: installeer het Debian-pakket 'chromium' (sudo apt-get install chromium)." >&2; exit 1; fi; }

run: $(VENV)/.installed
	$(BIN)/tussenruimte db upgrade
	$(BIN)/tussenruimte demo load --if-empty
	@echo "Demo-inloggegevens:"
	@$(BIN)/tussenruimte demo logins
	@echo "Tussenruimte draait op http://$(HOST):$(PORT)"
	$(BIN)/uvicorn app.main:create_app --factory --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check app tests migrations
	$(BIN)/hadolint Dockerfile

test: $(VENV)/.installed-test node_modules/.installed chromium lint
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
	  echo "PostgreSQL-leg overgeslagen: TEST_DATABASE_URL is niet gezet; de databasetests draaien alleen op SQLite."; fi
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# After marking or changing texts: extract them (babel.cfg) to app/locale/messages.pot and merge that into
# app/locale/en/LC_MESSAGES/messages.po; then translate every empty msgstr (tests/test_i18n.py lists them).
vertalingen: $(VENV)/.installed
	$(BIN)/python -m app.i18n.extractie

# After changing a pin in pyproject.toml: install, test, then record the whole set.
constraints: $(VENV)/.installed-test
	{ echo "# Every package as tested: used with pip -c by the Makefile and the Dockerfile. Regenerate: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^#' | grep -v '^tussenruimte' | sort -f; } > constraints.txt

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
