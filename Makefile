# Battery supply-chain news portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
# Development targets run with DEBUG on (the settings default to off, as in production).
run demo migrate test test-browser lint worker scheduler: export DJANGO_DEBUG ?= 1
# Absolute links (canonical URLs, feeds, exports, e-mails) follow the address served at.
LINK_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
run serve: export SITE_URL ?= http://$(LINK_HOST):$(PORT)
.PHONY: help install migrate demo run serve serve-edge worker scheduler bench bench-admin bench-newsletter bench-events bench-recycling bench-edge vendor test test-browser lint format check clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: browser accessibility and HTML checks will fail (install Node.js)"; fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the portal with its test tools
	@$(BIN)/python -m portal.catalogues

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load demo content and local demo accounts (idempotent)
	$(BIN)/python manage.py load_demo

run: demo ## Serve the portal with demo content at http://127.0.0.1:8000 (PORT=, HOST= to change)
	$(BIN)/python manage.py runserver $(RUNSERVER_ARGS) $(HOST):$(PORT)

worker: install ## Run a task-queue worker (Celery, Redis broker); any number may run
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1}" \
	$(BIN)/celery -A portal worker --loglevel=INFO --concurrency=$${WORKER_CONCURRENCY:-2}

scheduler: install ## Run the task queue's scheduler of periodic jobs (exactly one per site)
	@mkdir -p var
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1}" \
	$(BIN)/celery -A portal beat --loglevel=INFO --schedule var/celerybeat-schedule

serve: install ## Serve with production settings under gunicorn (local defaults for a try-out)
	@mkdir -p var
	@test -f var/secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" \
	GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}" \
	sh -c '$(BIN)/python manage.py migrate --noinput && \
	       $(BIN)/python manage.py collectstatic --noinput -v0 && \
	       $(BIN)/python manage.py load_demo && \
	       exec $(BIN)/gunicorn -c python:portal.gunicorn portal.wsgi'

EDGE := var/edge
serve-edge: install ## The production chain locally: nginx :8080 -> Varnish :6081 -> gunicorn :8000
	@mkdir -p $(EDGE)/nginx/tmp $(EDGE)/varnish
	@trap 'kill $$(cat $(EDGE)/varnish.pid) $$(cat $(EDGE)/nginx/nginx.pid) 2>/dev/null' EXIT INT TERM; \
	varnishd -n $(CURDIR)/$(EDGE)/varnish -P $(CURDIR)/$(EDGE)/varnish.pid -a 127.0.0.1:6081 \
	    -f $(CURDIR)/portal/varnish.vcl -s malloc,256m $(if $(filter 0,$(shell id -u)),-j none) && \
	nginx -p $(CURDIR)/$(EDGE)/nginx/ -c $(CURDIR)/portal/nginx.conf \
	    $(if $(filter 0,$(shell id -u)),-g 'user root;') && \
	echo "The portal through its edge: http://127.0.0.1:8080/" && \
	EDGE_PURGE_URLS=http://127.0.0.1:6081 DJANGO_TRUSTED_PROXY_COUNT=2 \
	SITE_URL=http://127.0.0.1:8080 $(MAKE) serve HOST=127.0.0.1 PORT=8000

bench: install ## Benchmark key pages under gunicorn on PostgreSQL (SCALE=articles, default 1000)
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && apt-get install -y -qq wrk >/dev/null) || echo "wrk not found: using the built-in Python load generator"
	$(BIN)/python bench/run.py --articles $${SCALE:-1000} $${BENCH_ARGS:-}

bench-admin: install ## Time the newsroom's admin pages on PostgreSQL (SCALE=articles, default 100000)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_admin_bench}" \
	$(BIN)/python bench/admin.py --articles $${SCALE:-100000}

bench-newsletter: install ## Send one edition to 10,000-100,000 subscribers through a local SMTP sink (PostgreSQL)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_newsletter_bench}" \
	$(BIN)/python bench/newsletter.py $${BENCH_ARGS:-}

bench-events: install ## An event with 1,000 and 10,000 registrants: the sales desk's list, reminders through an SMTP sink (PostgreSQL)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_events_bench}" \
	$(BIN)/python bench/events.py $${BENCH_ARGS:-}

bench-recycling: install ## Throughput while gunicorn recycles its workers: synchronised and cold vs spread and warm
	$(BIN)/python bench/recycling.py $${BENCH_ARGS:-}

bench-edge: install ## Anonymous reading through nginx, Varnish and gunicorn; corrections and publications under load (PostgreSQL, Redis)
	$(BIN)/python bench/edge.py --articles $${SCALE:-1000} $${BENCH_ARGS:-}

vendor: install node_modules/.installed ## Copy the admin's JavaScript and project the world map's shapes, from npm (pinned in package-lock.json)
	cp node_modules/@github/markdown-toolbar-element/dist/index.js node_modules/@github/markdown-toolbar-element/LICENSE static/vendor/markdown-toolbar-element/
	$(BIN)/python -m companies.worldmap node_modules/world-atlas/countries-110m.json companies/data/world-110m.json

# Tests run in parallel processes (pytest-xdist), each test module in one of them: one
# more than the cores, as many tests wait on servers they started (a third of CI's time
# on 2 cores was idle). TEST_WORKERS=1 runs them in one; TESTS= chooses (e.g.
# TESTS="-m both_databases").
TEST_WORKERS ?= $(shell expr $$(nproc 2>/dev/null || echo 1) + 1)
test: install ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	@test -d node_modules || $(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(TESTS)

test-browser: install node_modules/.installed ## Run only the browser tests (HEADED=1 to watch them)
	$(BIN)/python -m pytest tests/browser

lint: install ## Lint with ruff and check that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove the virtualenv, local database, media and caches
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache *.egg-info
