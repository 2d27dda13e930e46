# unhrc-news: `make data` sets up everything and builds; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: data test validate eval bench clean lock

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

clean:
	rm -rf build

# Re-resolve requirements.in into the hashed lock (needs network to the package index).
lock:
	$(BIN)/pip install --quiet uv && $(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock
