# Heartland — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo test test-fast lint audit browser-deps run worker bench static clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Heartland needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Debian's Chromium and CJK fonts for the browser tests. Best effort: without root
# the browser tests skip loudly (and fail under CI, see .ci/run).
browser-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1)) || \
	  echo "!! could not install chromium/fonts-noto-cjk: browser tests will skip"; \
	else echo "!! not root: install chromium and fonts-noto-cjk for the browser tests"; fi

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	@echo "Starting the task worker and the web server on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py run_huey --workers 2 & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# The layers contract (pyproject's [tool.importlinter]: a new upward import fails) and ruff.
lint: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check heartland bench e2e conftest.py

# The installed dependencies against PyPI's vulnerability data (pip-audit; .ci/run runs it too):
# fails on a known vulnerability, says loudly when the data cannot be reached.
audit: install
	bash .ci/run audit

test: install browser-deps lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Without the browser tests, for a quick loop.
test-fast: install lint
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

run: install
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production (DJANGO_DEBUG=False) serves static files from here: content-hashed names, .gz/.br
# twins, the manifest. A deploy runs it before starting gunicorn; `make demo`/`make run` (DEBUG on)
# read the apps' folders directly and do not need it.
static: install
	$(PY) manage.py collectstatic --no-input --clear

worker: install
	$(PY) manage.py run_huey

bench: install
	$(PY) bench/import_csv.py

clean:
	rm -rf $(VENV) var/ media/ static/ .pytest_cache
