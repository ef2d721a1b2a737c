# The two commands: `make run` sets everything up and serves the demo; `make test` sets up and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HTMX := static/vendor/htmx.min.js
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test setup setup-test compile-translations translations db seed chromium serve clean bench

run: setup seed
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C stops)."
	WALLET_COOKIE_INSECURE=1 $(FLASK) run --host 127.0.0.1 --port 5000

setup: $(VENV)/.installed $(HTMX) compile-translations db

setup-test: setup $(VENV)/.test-installed chromium

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

compile-translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# Extract every message and update the catalogues (for developers and translators).
# A translator adding a language: `make translations LANGUAGE=uk`, then fill in the new .po file.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -o translations/messages.pot --no-location --sort-by-file .
	@if [ -n "$(LANGUAGE)" ] && [ ! -f translations/$(LANGUAGE)/LC_MESSAGES/messages.po ]; then \
	  $(BIN)/pybabel init -i translations/messages.pot -d translations -l $(LANGUAGE) --no-wrap; fi
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-wrap

db: $(VENV)/.installed
	$(FLASK) db upgrade

seed: setup
	$(FLASK) demo seed

# Debian's Chromium for the browser tests; CI=true makes a missing browser an error in the suite.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "No chromium and no apt-get: browser tests will fail under CI=true."; fi; }

test: setup-test
	$(BIN)/pytest
	@if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "PostgreSQL answers: running the database-backed tests against it too."; \
	  TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest tests/web; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: SQLite only."; fi

# Page weight of the employer's page (a share of 5 credentials) against the 30 KB budget.
bench: setup-test
	$(BIN)/python bench/page_weight.py

clean:
	rm -rf $(VENV) node_modules static/vendor
