# The two commands a newcomer needs: `make serve` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve site test bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: $(STAMP)  ## the live site at http://127.0.0.1:8000 (redirects to /convdocs/, the Pages sub-path)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

site: $(STAMP)  ## the strict build into site/ (a failed build leaves the previous site/ in place)
	$(BIN)/python -m convdocs.build

test: $(STAMP)  ## every test: geometry vs torch, snippets, the strict build, pages, workflows
	$(BIN)/python -m pytest

bench: $(STAMP)  ## timings, page weights and figure sizes against their budgets -> bench/report.md
	$(BIN)/python -m convdocs.bench

clean:
	rm -rf site site.partial site.old .cache
