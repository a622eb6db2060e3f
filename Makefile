# Batch Norm Lab. `make run` starts the app, `make test` runs the whole suite; both create .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean

install: $(STAMP)

# --no-compile: pip would byte-compile every installed module (40% of its CPU time, mostly Plotly's thousands of
# files); Python compiles the few that are imported, once, on first use.
$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'
	touch $(STAMP)

# Streamlit reads STREAMLIT_* environment variables itself (e.g. STREAMLIT_SERVER_PORT), so none are set here.
run: install
	$(BIN)/python -m streamlit run app.py

# The suite runs on every core (pytest-xdist); each worker starts its own app server for the browser tests.
test: install lint
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis artifacts
