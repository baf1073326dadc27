# The two commands a newcomer needs: `make serve` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: serve site check test golden bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# JavaScript tools, exact versions from package-lock.json: Biome (make test), Lighthouse (make bench)
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: $(STAMP)  ## the live site at http://127.0.0.1:$(PORT)/convdocs/ (PORT=8000 unless given), rebuilt on every save
	$(BIN)/python -m convdocs.site.serve --port $(or $(PORT),8000)

site: $(STAMP)  ## the strict build into site/ (a failed build leaves the previous site/ in place)
	$(BIN)/python -m convdocs.site.build

check: $(STAMP) $(NODE_STAMP)  ## the fast loop (about a minute): lint, types, unit and property tests; no site build, no browser
	$(BIN)/python -m pytest -m "not site and not browser and not slow"

test: $(STAMP) $(NODE_STAMP)  ## every test: geometry vs torch, snippets, the strict build, pages, workflows, lint
	$(BIN)/python -m pytest

golden: $(STAMP)  ## rewrite the explorer core's golden cases (tests/golden/*.json) from convdocs.core; test_core_node checks them
	$(BIN)/python -m tests.golden

bench: $(STAMP) $(NODE_STAMP)  ## timings, page weights, figure sizes, Lighthouse per page vs budgets -> bench/report.md
	$(BIN)/python -m convdocs.tools.bench

clean:
	rm -rf site site.partial site.old .cache
