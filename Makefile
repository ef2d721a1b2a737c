# The two commands: `make run` sets everything up and serves the demo; `make test` sets up and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` serves: `make run PORT=5001`, or HOST=0.0.0.0 for phones on the network.
HOST ?= 127.0.0.1
PORT ?= 5000
# The demo may generate its own SECRET_KEY; `make serve` and real servers must set one.
# `flask run` serves on FLASK_RUN_HOST:FLASK_RUN_PORT, and every demo command (seed, examples)
# makes its links and status lists for that address unless WALLET_BASE_URL names another.
FLASK := WALLET_DEMO=1 FLASK_RUN_HOST=$(HOST) FLASK_RUN_PORT=$(PORT) $(BIN)/flask --app wsgi
HTMX := static/vendor/htmx.min.js
# The QR code decoder of the import page's "Scan a QR code" button, copied like htmx.
JSQR := static/vendor/jsQR.js
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test setup setup-test compile-translations translations db seed chromium redis serve audit clean bench wrk

# The port is checked before seeding: demo credentials carry the address they were signed for.
run: setup
	@$(BIN)/python -c 'import socket, sys; socket.create_server((sys.argv[1], int(sys.argv[2])), family=socket.getaddrinfo(sys.argv[1], None)[0][0]).close()' $(HOST) $(PORT) 2>/dev/null || \
	  { echo "$(HOST):$(PORT) is taken by another program: try make run PORT=$$(($(PORT) + 1))."; exit 1; }
	$(seed-demo)
	@echo "Serving on $(HOST):$(PORT) (Ctrl+C stops)."
	WALLET_COOKIE_INSECURE=1 $(FLASK) run

setup: $(VENV)/.installed $(HTMX) $(JSQR) compile-translations db

setup-test: setup $(VENV)/.test-installed chromium redis

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

# npm ci (above) brings it whenever package.json or its lock changes.
$(JSQR): $(HTMX)
	cp node_modules/jsqr/dist/jsQR.js $@

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

# Demo issuers, learner and credentials (once), and the signed samples in examples/.
define seed-demo
$(FLASK) demo seed
$(FLASK) demo examples examples
endef

seed: setup
	$(seed-demo)

# Debian's Chromium for the browser tests; CI=true makes a missing browser an error in the suite.
# Also Debian's Noto fonts where no font has Ge'ez letters (U+1200), as a stock Android phone has
# them: the Tigrinya pages are checked to draw every letter with an installed font.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "No chromium and no apt-get: browser tests will fail under CI=true."; fi; }
	@fc-list ':charset=1200' family 2>/dev/null | grep -q . || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; \
	  else echo "No font with Ge'ez letters and no apt-get: the Tigrinya font test will fail."; fi; }

# Redis on 127.0.0.1:6379 for the tests of rate limits shared by several workers: started here
# (from Debian's package where it is missing) when nothing answers there already.
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  command -v redis-server >/dev/null 2>&1 || { \
	    if command -v apt-get >/dev/null 2>&1; then \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	    else echo "No redis-server and no apt-get: the shared-limit tests will fail."; fi; }; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done; }

# Then every test but the core's (no database) and the browser suite's (pages as a phone draws
# them: the same store functions below them run on PostgreSQL in the tests of each package).
test: setup-test audit
	$(BIN)/pytest
	@if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "PostgreSQL answers: running the database-backed tests against it too."; \
	  TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest tests --ignore=tests/credentials --ignore=tests/browser; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: SQLite only."; fi

# Production-style serving: migrate, then gunicorn as gunicorn.conf.py documents (see README,
# Production). Needs SECRET_KEY (at least 32 bytes) and usually DATABASE_URL in the environment.
# WALLET_BASE_URL is required here: behind a proxy, the address gunicorn binds is not the one
# people open, and links, QR codes and status lists must name the one they open.
serve: $(VENV)/.installed $(HTMX) $(JSQR) compile-translations
	@test -n "$$WALLET_BASE_URL" || { echo "Set WALLET_BASE_URL to the address people open, e.g. https://kompetenspass.se (locally: http://$${WALLET_BIND:-127.0.0.1:8000})."; exit 1; }
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Known vulnerabilities in the installed dependencies fail the run; advisories that cannot be
# fetched (offline, or an index without them) are reported, never fatal. At most two minutes.
audit: $(VENV)/.test-installed
	@out=$$(timeout 120 $(BIN)/pip-audit --local --skip-editable --progress-spinner off 2>&1); rc=$$?; \
	unaudited=$$(printf '%s\n' "$$out" | grep -c 'could not be audited'); \
	if printf '%s\n' "$$out" | grep -Eq 'Found [0-9]+ known vulnerabilit'; then \
	  printf '%s\n' "$$out"; echo "pip-audit: KNOWN VULNERABILITIES above: upgrade or pin before release."; exit 1; \
	elif [ $$rc -ne 0 ] || [ $$unaudited -gt 0 ]; then \
	  echo "pip-audit: advisories not fetched (exit $$rc, $$unaudited packages not audited): reported, not fatal."; \
	else echo "pip-audit: no known vulnerabilities."; fi

# Benchmarks print figures (never timed tests), about 2 minutes: page weight, the share page under
# wrk against /healthz (gunicorn on 127.0.0.1), import rate, the wallet page with 500 credentials.
bench: setup-test wrk
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/share_page.py --duration 10 --connections 8
	@if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  BENCH_DATABASE_URL=$(PG_URL) $(BIN)/python bench/share_page.py --duration 10 --connections 8; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: the share page on SQLite only."; fi
	$(BIN)/python bench/import_rate.py --count 300
	$(BIN)/python bench/wallet_page.py

# Debian's wrk for the load test; without it bench/share_page.py falls back to a Python client.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "No wrk and no apt-get: the share page load test uses a Python client."; fi; }

clean:
	rm -rf $(VENV) node_modules static/vendor
