SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz schema golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/casebook check
	$(BIN)/casebook list
	mkdir -p out
	$(BIN)/casebook report 2025H1 --format xlsx --out out/report-2025H1.xlsx --force
	$(BIN)/casebook report 2025H1 --format html --out out/report-2025H1.html --force
	$(BIN)/casebook report 2025H1

test: $(STAMP)
	$(BIN)/python -m pytest

# ruff (lint and format) and mypy --strict with the pydantic plugin, on the package; ruff on the tests and scripts too.
lint: $(STAMP)
	$(BIN)/ruff check casebook tests scripts
	$(BIN)/ruff format --check casebook tests scripts
	$(BIN)/mypy

# The property tests (the three guarantees, fuzz, leaks), with far more examples than in `make test`.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	CASEBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_guarantees.py tests/test_fuzz.py tests/test_leaks.py -p no:cacheprovider

# Every speed figure against its target, 1,000 / 10,000 / 100,000 cases (e.g. make bench BENCH_ARGS="--sizes 10000 --repeat 5").
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

schema: $(STAMP)
	$(BIN)/casebook schema --force

# Rewrite every golden file (documents, rule and corpus outputs) after an intended change; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m pytest --update-golden -p no:randomly tests/test_golden.py tests/test_check.py tests/test_corpus.py

clean:
	rm -rf $(VENV) build dist *.egg-info
