SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all lint visual visual-tools site-check prose bench fuzz docs schema golden changelog clean

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
	$(BIN)/casebook report 2025H1 --format docx --out out/report-2025H1.docx --force
	$(BIN)/casebook report 2025H1

# The loop a developer waits for (at most 90 s on 2 cores): the unit, golden and CLI tests, and the property tests
# with a twentieth of their examples. Leaves out the tests marked `slow` and `visual` (pyproject.toml).
# PYTHONDONTWRITEBYTECODE is emptied: the tests start casebook in a new process about a hundred times, and without
# cached bytecode each start compiles the package again.
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2

# Everything, as CI runs it (.ci/run): make test's tests, the property tests with all their examples, the `slow` tests
# (installs into scratch venvs, wheel and sdist builds, pre-commit, towncrier, full-scale runs) and the printing tests
# (`visual`, after installing LibreOffice, Chromium, poppler and fonts from Debian's packages).
test-all: $(STAMP) visual-tools
	PYTHONDONTWRITEBYTECODE= CASEBOOK_THOROUGH=1 CASEBOOK_VISUAL_REQUIRED=1 $(BIN)/python -m pytest -n 2 --dist loadfile -m ''

# Print every document of the sample casebook as a clerk does (LibreOffice, Chromium) into out/visual/ (PDF and PNG)
# and check the pages: A4 and orientation, a bound on the pages, every table cell's text on them (pdftotext).
# Installs what it needs from Debian's packages first (scripts/visual-tools).
visual: $(STAMP) visual-tools
	CASEBOOK_VISUAL_REQUIRED=1 $(BIN)/python -m pytest -m visual -p no:randomly tests/test_visual.py

visual-tools:
	scripts/visual-tools

# Build the sample casebook's public site whole (PDFs, Pagefind's index) into out/site and check it in headless Chromium:
# axe-core (WCAG 2.1 A/AA) on every page at desktop and phone width, every internal link and anchor, a search in
# Japanese. (The slow site tests — two full builds byte-identical, no trace of a non-public case in any file, the PDFs —
# are marked `site` and run in make test-all.) Installs what it needs first (scripts/site-tools; npm ci of scripts/site-check's pinned package-lock.json).
SITE_SHOTS ?=
site-check: $(STAMP)
	scripts/site-tools
	cd scripts/site-check && npm ci --no-audit --no-fund --ignore-scripts
	$(BIN)/casebook site --out out/site --force
	node scripts/site-check/check.mjs out/site $(SITE_SHOTS)

# Read every notice of the sample casebook (press, web, council, apology) for Japanese that does not read right:
# the project's forbidden joins and textlint with Japanese rules, pinned in scripts/prose/package-lock.json.
PROSE_STAMP := scripts/prose/node_modules/.installed
$(PROSE_STAMP): scripts/prose/package.json scripts/prose/package-lock.json
	cd scripts/prose && npm ci --no-audit --no-fund --loglevel=error
	touch $(PROSE_STAMP)

prose: $(STAMP) $(PROSE_STAMP)
	$(BIN)/python scripts/prose/lint.py

# ruff (lint and format) and mypy --strict with the pydantic plugin, on the package; ruff on the tests and scripts too.
lint: $(STAMP)
	$(BIN)/ruff check casebook tests scripts
	$(BIN)/ruff format --check casebook tests scripts
	$(BIN)/mypy

# The property tests (the three guarantees, fuzz, leaks), with far more examples than in `make test` and `make test-all`.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	CASEBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_guarantee_commands.py tests/test_guarantee_files.py tests/test_guarantee_inert.py tests/test_fuzz.py tests/test_leaks.py tests/test_fmt_properties.py tests/test_cache_trust.py tests/test_import.py::test_any_text_check_accepts_comes_back_cell_for_cell -p no:cacheprovider

# Every speed figure against its target and beside check-jsonschema, 1,000 / 10,000 / 100,000 cases, medians of 5 runs
# (e.g. make bench BENCH_ARGS="--sizes 10000 --skip-pathological").
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/pip install --quiet check-jsonschema  # the cold check's yardstick, run on the same files
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Regenerate what the docs draw from the code (README's rules table); tests fail while it is stale.
docs: $(STAMP)
	$(BIN)/python scripts/docs.py

# Gather the fragments of changes/ into CHANGELOG.md for a release: make changelog VERSION=0.2.0 (then tag v0.2.0).
changelog: $(STAMP)
	@test -n "$(VERSION)" || { echo "VERSION=… を指定してください（例: make changelog VERSION=0.2.0）"; exit 2; }
	$(BIN)/python -m towncrier build --yes --version $(VERSION)

schema: $(STAMP)
	$(BIN)/casebook schema --force

# Rewrite every golden file (documents, rule and corpus outputs) after an intended change; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m pytest -m golden --update-golden

clean:
	rm -rf $(VENV) build dist *.egg-info
