# TEI digital edition pipeline. `make` builds the whole edition from seeds/; `make test` runs the tests.
# `make help` lists every target. Each stage re-runs only when its inputs changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIPELINE := $(BIN)/pipeline
INSTALLED := $(VENV)/.installed
JOBS ?= 2

SEEDS := $(sort $(wildcard seeds/*.txt))
SIDECARS := $(wildcard seeds/*.toml)
ENCODER := $(addprefix pipeline/,encode.py kinds.py turns.py notes.py names.py registry.py register.py tei.py \
             inline.py model.py dates.py brackets.py source.py sidecar.py fsutil.py edition.py) \
           $(wildcard pipeline/analysis/*.py pipeline/sites/*.toml)
VALIDATOR := pipeline/validate.py pipeline/xmlsafe.py pipeline/resultcache.py $(wildcard schema/*)
XSLT := $(wildcard xslt/*)
STATIC := $(wildcard static/*)
STAMPS := build/.stamps

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.PHONY: help all install tei validate html text check test check-tei deposit bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 14

all: tei validate html text check ## The whole edition: tei/, build/validation.txt, build/html/, build/text/, fidelity

install: $(INSTALLED) ## Create .venv and install the pipeline with its test tools (first use only)
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,dask]'
	@touch $@

tei: $(STAMPS)/tei ## Encode seeds/*.txt into tei/ (only what changed; all when the encoder changed)
$(STAMPS)/tei: $(SEEDS) $(SIDECARS) $(ENCODER) $(wildcard registry/persons*.toml) edition.toml | $(INSTALLED)
	$(PIPELINE) encode --quiet --jobs $(JOBS) --cache build/.cache/encode $(if $(filter-out seeds/%,$?),--force) $(SEEDS) -o tei
	@mkdir -p $(@D) && touch $@

validate: build/validation.txt ## Validate tei/ (tei_all, project schema, Schematron); report in build/validation.txt
build/validation.txt: $(STAMPS)/tei $(VALIDATOR) | $(INSTALLED)
	@mkdir -p $(@D)
	$(PIPELINE) validate --quiet --jobs $(JOBS) --cache build/.cache/validate --report $@ tei/*.xml

html: $(STAMPS)/html ## The HTML edition in build/html/ (open build/html/index.html)
$(STAMPS)/html: build/validation.txt $(XSLT) $(STATIC) pipeline/render.py pipeline/saxon.py pipeline/edition.py $(wildcard edition.toml)
	$(PIPELINE) html --quiet --jobs $(JOBS) $(if $(filter-out build/validation.txt,$?),--force) tei/*.xml -o build/html
	@mkdir -p $(@D) && touch $@

text: $(STAMPS)/text ## The plain-text edition and turns.tsv in build/text/
$(STAMPS)/text: build/validation.txt $(XSLT) pipeline/textedition.py pipeline/saxon.py
	$(PIPELINE) text --quiet --jobs $(JOBS) $(if $(filter-out build/validation.txt,$?),--force) tei/*.xml -o build/text
	@mkdir -p $(@D) && touch $@

check: $(STAMPS)/check ## Prove nothing was lost: source words = text-edition words (pipeline check)
$(STAMPS)/check: $(STAMPS)/text $(SEEDS) pipeline/fidelity.py pipeline/resultcache.py
	$(PIPELINE) check --quiet --cache build/.cache/check $(SEEDS)
	@touch $@

test: $(INSTALLED) ## Run the test suite
	$(BIN)/pytest

check-tei: $(INSTALLED) ## Re-encode seeds/ into a temporary folder; fail if tei/ differs from it
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PIPELINE) encode --quiet --force $(SEEDS) -o "$$tmp" && \
	  diff -r -q tei "$$tmp" && echo "tei/ is what the encoder makes of seeds/"

deposit: all ## A BagIt bag and a reproducible zip of the edition in build/deposit/ (dated by the last commit; ALLOW_DIRTY=1 to build from uncommitted changes)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 315532800)} $(PIPELINE) deposit $(if $(ALLOW_DIRTY),--allow-dirty)
	$(PIPELINE) deposit --check build/deposit/edition.zip

bench: $(INSTALLED) ## Measure speed and scaling on synthetic corpora (writes build/bench/bench.json)
	$(BIN)/python scripts/bench.py

clean: ## Remove build/ (tei/ is committed and stays)
	rm -rf build
