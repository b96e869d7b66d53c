# Everything runs inside .venv/ in the repo root, created from uv.lock.
PYTHON ?= python3
VENV := .venv
UV := $(PYTHON) -m uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run test lint audit format assets worker beat bench clean

$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==0.13.9"
	$(UV) sync --frozen
	@touch $@

setup: $(VENV)/.synced

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
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
