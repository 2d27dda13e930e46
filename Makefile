# unhrc-news: `make data` sets up everything and builds; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CFFCONVERT := build/tools/cffconvert/bin/cffconvert

.PHONY: data test lint tools browser validate eval bench diff bundle clean lock

# The virtual environment, from the hashed lock only; the package itself without dependencies.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

data: $(STAMP) $(CFFCONVERT)
	$(BIN)/unhrc-news build
	$(BIN)/frictionless validate datapackage.json > /dev/null && echo "frictionless: datapackage.json is valid"

# Tools with environments of their own, installed by the set-up rather than by a test:
# cffconvert (CITATION.cff's validator) needs a jsonschema that frictionless cannot share.
$(CFFCONVERT): requirements-cffconvert.lock
	rm -rf build/tools/cffconvert
	$(PYTHON) -m venv build/tools/cffconvert
	build/tools/cffconvert/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-cffconvert.lock
	touch $(CFFCONVERT)

# The wheel in an environment of its own, with only the dependencies pyproject.toml declares
# (versions held to the lock): tests/test_wheel.py runs diff, release and publish from it, so a
# dependency the wheel forgets to declare fails a test rather than a user.
WHEEL_ENV := build/tools/wheel-env
$(WHEEL_ENV)/.installed: $(STAMP) requirements.lock pyproject.toml $(shell find src -type f -not -name '*.pyc' -not -path '*/__pycache__/*')
	rm -rf $(WHEEL_ENV) build/tools/wheel
	$(BIN)/pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w build/tools/wheel .
	$(BIN)/uv venv --quiet --python $(BIN)/python $(WHEEL_ENV)
	$(BIN)/uv pip install --quiet --python $(WHEEL_ENV)/bin/python --constraint requirements.lock build/tools/wheel/*.whl
	touch $@

tools: $(CFFCONVERT) $(WHEEL_ENV)/.installed

# A real browser for the review app's end-to-end test: Debian's chromium, driven by Playwright
# (never `playwright install`, which downloads browsers). Installed here, never by a test.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

test: $(STAMP) tools browser lint
	$(BIN)/python -m pytest -q -n auto

validate: $(STAMP)
	$(BIN)/unhrc-news validate

eval: $(STAMP)
	$(BIN)/unhrc-news eval

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Tables changed since a version: make diff OLD=v0.1.0 (default: the last release tag)
OLD ?= $(shell git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null)
diff: $(STAMP)
	@test -n "$(OLD)" || { echo "no release tag yet: make diff OLD=<folder or revision>"; exit 1; }
	$(BIN)/unhrc-news diff $(OLD)

bundle: $(STAMP)
	$(BIN)/unhrc-news bundle

clean:
	rm -rf build

# Re-resolve requirements*.in into the hashed locks (needs network to the package index).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock
	$(BIN)/uv pip compile requirements-cffconvert.in --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements-cffconvert.lock
