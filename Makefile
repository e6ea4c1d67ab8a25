SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench fuzz schema golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
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

# The property tests (the three guarantees, fuzz, leaks), with far more examples than in `make test`.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	CASEBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_guarantees.py tests/test_fuzz.py tests/test_leaks.py -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

schema: $(STAMP)
	$(BIN)/casebook schema --force

# Regenerate the golden documents after an intended change; review the diff before committing.
golden: $(STAMP)
	$(BIN)/casebook report 2025H1 --format md > tests/golden/report-2025H1.md
	$(BIN)/casebook report 2025H1 --format html > tests/golden/report-2025H1.html
	$(BIN)/casebook report 2025H1 --format json > tests/golden/report-2025H1.json
	for spec in 2023-11-09-tottori-camera:press:md 2023-11-09-tottori-camera:apology:md \
	    2023-10-24-ninomiya-counter:press:md 2023-10-24-ninomiya-counter:press:txt \
	    2023-10-24-ninomiya-counter:press:html 2016-11-koganei-misuse:council:md 2020-11-02-osakasayama-mail:web:md; do \
	  IFS=: read id kind fmt <<< "$$spec"; \
	  $(BIN)/casebook render $$id --as $$kind --format $$fmt > tests/golden/$$id.$$kind.$$fmt; \
	done
	cd tests/fixtures && ../../$(BIN)/casebook check rules > rules.expected || true

clean:
	rm -rf $(VENV) build dist *.egg-info
