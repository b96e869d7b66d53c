# Everything runs inside .venv/ in the repo root, created from uv.lock.
PYTHON ?= python3
VENV := .venv
UV := $(PYTHON) -m uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup system-packages run test lint audit format assets worker beat bench clean node-packages

# Debian packages the tests need: WeasyPrint's libraries and a font (plaques, PDFs),
# zbar-tools and poppler-utils (reading a plaque's QR code), chromium (browser tests),
# postgresql-client (pg_dump and pg_restore for `manage.py backup` and `restore`).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fonts-dejavu-core postgresql-client zbar-tools poppler-utils chromium

$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==0.13.9"
	$(UV) sync --frozen
	@touch $@

setup: $(VENV)/.synced

# Installs the missing SYSTEM_PACKAGES when run as root on Debian; otherwise stops with
# the one command that installs them. On another system, install their equivalents and
# pass an empty list: make test SYSTEM_PACKAGES=
system-packages:
	@missing=""; \
	if [ -n "$(strip $(SYSTEM_PACKAGES))" ] && ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "make test needs these Debian packages, or their equivalents on this system:" >&2; \
		echo "  $(strip $(SYSTEM_PACKAGES))" >&2; \
		echo "Install them, then run: make test SYSTEM_PACKAGES=" >&2; \
		exit 1; \
	fi; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "make test needs these system packages:$$missing" >&2; \
		echo "Install them with one command, then run make test again:" >&2; \
		echo "  sudo make system-packages" >&2; \
		exit 1; \
	fi; \
	echo "Installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# npm packages the tests run with node (devDependencies: the OpenID Connect provider the
# single sign-on tests run on loopback, and the independent credential verifier
# tests/credentials/verify.mjs), installed exactly as package-lock.json pins them.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make test needs node and npm (Debian: nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

node-packages: node_modules/.package-lock.json

# System packages first: without them the suite would fail part-way, not at once.
test: system-packages setup node-packages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Known vulnerabilities in the locked dependencies.
audit: setup
	$(UV) export --frozen --no-hashes --no-emit-project --all-groups > .venv/requirements-audit.txt
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r .venv/requirements-audit.txt --disable-pip --no-deps

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Copies registry-installed front-end packages into static/vendor (committed).
assets:
	npm ci --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/

worker: setup
	$(VENV)/bin/celery -A kitemark worker --loglevel=info

beat: setup
	$(VENV)/bin/celery -A kitemark beat --loglevel=info

bench: setup
	$(UV) sync --frozen --all-groups
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
