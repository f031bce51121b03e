# rolegraph — `make run` starts the app, `make test` runs every test.
# Both build .venv from pyproject.toml first when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test lint format bench eval golden clean venv screenshots load

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/rolegraph app --port $(PORT)

# Mermaid's own parser and renderer, for the test that draws exported flowcharts (fetched once from npm;
# without npm the test skips and says so).
MERMAID_VERSION := 11.12.2
MERMAID_JS      := .cache/mermaid-$(MERMAID_VERSION).min.js

$(MERMAID_JS):
	@mkdir -p .cache && cd .cache && (npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null 2>&1 \
	  && tar -xzf mermaid-$(MERMAID_VERSION).tgz package/dist/mermaid.min.js \
	  && mv package/dist/mermaid.min.js mermaid-$(MERMAID_VERSION).min.js; rm -rf package mermaid-$(MERMAID_VERSION).tgz) \
	  || echo "mermaid.js not fetched (npm missing?): the Mermaid render test will skip"

test: $(STAMP) $(MERMAID_JS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

golden: $(STAMP)
	$(BIN)/python scripts/regen_golden.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The app under load: SESSIONS concurrent browser sessions against one local server.
SESSIONS ?= 20
load: $(STAMP)
	$(BIN)/python bench/app_load.py --sessions $(SESSIONS)

eval: $(STAMP)
	$(BIN)/python bench/eval_need.py

screenshots: $(STAMP)
	ROLEGRAPH_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/test_browser.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
