# unhrc-news: `make data` sets up everything and builds; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: data test validate eval bench diff bundle clean lock

# The virtual environment, from the hashed lock only; the package itself without dependencies.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

data: $(STAMP)
	$(BIN)/unhrc-news build
	$(BIN)/frictionless validate datapackage.json > /dev/null && echo "frictionless: datapackage.json is valid"

test: $(STAMP)
	$(BIN)/python -m pytest -q

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
