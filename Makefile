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
ENCODER := $(addprefix pipeline/,source.py sidecar.py fsutil.py edition.py) \
           $(wildcard pipeline/encode/*.py pipeline/encode/*/*.py pipeline/encode/recognise/profiles/*.toml)
VALIDATOR := $(wildcard pipeline/validate/*.py) pipeline/xmlsafe.py pipeline/resultcache.py $(wildcard schema/*)
XSLT := $(wildcard xslt/*)
STATIC := $(wildcard static/*)
STAMPS := build/.stamps
# tei/ as it is now: a change under make (a git checkout of tei/) makes the later stages run again
TEI_FILES = $(wildcard tei/*.xml)

# Two makes at once in one checkout would write the same files: the second waits for the first, saying so (a lock
# on build/.make.lock, flock(1); without flock, no lock). This outer make only takes the lock and runs the real one.
ifeq ($(PIPELINE_MAKE_LOCK),)
LOCKED_GOALS := $(or $(MAKECMDGOALS),all)
.PHONY: $(LOCKED_GOALS)
$(firstword $(LOCKED_GOALS)):
	@mkdir -p build; exec 9>build/.make.lock; \
	if command -v flock >/dev/null && ! flock -n 9; then \
	  echo "make: another make is running in this checkout (build/.make.lock); waiting for it to finish" >&2; \
	  flock 9; fi; \
	PIPELINE_MAKE_LOCK=held $(MAKE) --no-print-directory $(MAKECMDGOALS)
$(wordlist 2,$(words $(LOCKED_GOALS)),$(LOCKED_GOALS)): $(firstword $(LOCKED_GOALS)) ; @:
else

.DEFAULT_GOAL := all
# A failed recipe's target is deleted, so that the next make runs it again. The validation report is not such a
# target: it is kept (its errors are what stopped make); the stamp $(STAMPS)/validate marks a validation that passed.
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

# The names of the sources and sidecars, rewritten only when they change: a deleted source or sidecar (which no
# timestamp shows) then re-runs the tei stage, which removes the outputs of sources that are gone (pipeline prune)
# and re-encodes a source whose sidecar is gone (pipeline/stale.py).
SOURCE_LIST := $(STAMPS)/sources
$(shell mkdir -p $(STAMPS) && { echo '$(SEEDS) $(SIDECARS)' | cmp -s - $(SOURCE_LIST) || echo '$(SEEDS) $(SIDECARS)' > $(SOURCE_LIST); })

tei: $(STAMPS)/tei ## Encode seeds/*.txt into tei/ (only what changed; all when the encoder changed); prints warnings
$(STAMPS)/tei: $(SEEDS) $(SIDECARS) $(SOURCE_LIST) $(ENCODER) $(wildcard registry/*.toml edition.toml) | $(INSTALLED)
	$(PIPELINE) prune --seeds seeds --tei-dir tei --build-dir build
	$(PIPELINE) encode --jobs $(JOBS) --cache build/.cache/encode $(if $(filter-out seeds/% $(SOURCE_LIST),$?),--force) $(SEEDS) -o tei
	@mkdir -p $(@D) && touch $@

# A TEI file that make listed and the tei stage then removed (its source is gone): nothing to make; the stages
# after it run again.
tei/%.xml: ;

validate: $(STAMPS)/validate ## Validate tei/ (tei_all, project schema, Schematron); report in build/validation.txt
$(STAMPS)/validate: $(STAMPS)/tei $(TEI_FILES) $(VALIDATOR) | $(INSTALLED)
	@mkdir -p build
	$(PIPELINE) validate --quiet --jobs $(JOBS) --cache build/.cache/validate --report build/validation.txt tei/*.xml
	@mkdir -p $(@D) && touch $@

html: $(STAMPS)/html ## The HTML edition in build/html/ (open build/html/index.html)
$(STAMPS)/html: $(STAMPS)/validate $(TEI_FILES) $(XSLT) $(STATIC) $(wildcard pipeline/publish/*.py) pipeline/search.py pipeline/edition.py $(wildcard edition.toml)
	$(PIPELINE) html --quiet --jobs $(JOBS) $(if $(filter-out $(STAMPS)/validate tei/%,$?),--force) tei/*.xml -o build/html
	@mkdir -p $(@D) && touch $@

text: $(STAMPS)/text ## The plain-text edition and turns.tsv in build/text/
$(STAMPS)/text: $(STAMPS)/validate $(TEI_FILES) $(XSLT) $(wildcard pipeline/publish/*.py)
	$(PIPELINE) text --quiet --jobs $(JOBS) $(if $(filter-out $(STAMPS)/validate tei/%,$?),--force) tei/*.xml -o build/text
	@mkdir -p $(@D) && touch $@

check: $(STAMPS)/check ## Prove nothing was lost: source words = text-edition words (pipeline check)
$(STAMPS)/check: $(STAMPS)/text $(SEEDS) pipeline/fidelity.py pipeline/resultcache.py
	$(PIPELINE) check --quiet --cache build/.cache/check $(SEEDS)
	@touch $@

# PYTHONDONTWRITEBYTECODE emptied: where it is set, every Python process the tests start (hundreds: the CLI runs,
# worker pools, Dask workers) would compile the pipeline again, and each pytest worker rewrite every test module
test: $(INSTALLED) ## Run the test suite in JOBS worker processes (default 2; tests/conftest.py says how tests are shared out)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder

check-tei: $(INSTALLED) ## Re-encode seeds/ into a temporary folder; fail if tei/ differs from it
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PIPELINE) encode --quiet --force $(SEEDS) -o "$$tmp" && \
	  diff -r -q -x .encode-inputs.json tei "$$tmp" && echo "tei/ is what the encoder makes of seeds/"

deposit: all ## A BagIt bag and a reproducible zip of the edition in build/deposit/ (dated by the last commit; ALLOW_DIRTY=1 to build from uncommitted changes)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 315532800)} $(PIPELINE) deposit $(if $(ALLOW_DIRTY),--allow-dirty)
	$(PIPELINE) deposit --check build/deposit/edition.zip

bench: $(INSTALLED) ## Measure speed and scaling on synthetic corpora (writes build/bench/bench.json)
	$(BIN)/python scripts/bench.py

clean: ## Remove build/ (tei/ is committed and stays)
	rm -rf build

endif
