# The two commands of the README: `make demo` (the main job) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup lint stop

demo: setup  ## Start local Neo4j, load the demo data, serve the dashboard on http://localhost:8501
	HEARTH_DEMO=1 $(BIN)/hearth demo

test: setup  ## Run every test against a real Neo4j (the tests start their own local one)
	$(BIN)/pytest -q

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

lint: setup
	$(BIN)/ruff check . && $(BIN)/mypy graph_model hearth workflows dashboard seed

stop: setup  ## Stop the local Neo4j
	$(BIN)/hearth db stop
