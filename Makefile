# followup-tui: every target creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run demo test soak bench screenshots lint mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/followup-tui

demo: $(STAMP)
	$(BIN)/followup-tui demo

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 -q

soak: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -s -m soak --soak tests/unit/test_crash.py

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

screenshots: $(TEST_STAMP)
	$(BIN)/python scripts/screenshots.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check followup_tui tests bench scripts
	$(BIN)/ruff format --check followup_tui tests bench scripts
	$(BIN)/mypy --strict followup_tui
	$(BIN)/lint-imports

mutate: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	$(BIN)/python scripts/mutate.py

clean:
	rm -rf $(VENV) build dist *.egg-info mutants
