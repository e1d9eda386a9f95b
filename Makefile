# The targets the README names. Everything installs into .venv through pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := .newsdesk/demo.db

.PHONY: install demo test lint bench bench-cluster eval-reprints eval-clustering background warc clean

$(BIN)/newsdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/newsdesk

# The main job on the bundled sample corpus: ingest it and show what was stored.
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsdesk --db $(DEMO_DB) ingest examples/corpus
	$(BIN)/newsdesk --db $(DEMO_DB) outlets
	$(BIN)/newsdesk --db $(DEMO_DB) articles --limit 100
	$(BIN)/newsdesk --db $(DEMO_DB) stories

test: install
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/ingest.py

# Clustering as the product runs it: ~3,000 articles in a SQLite store, one core (see docs/benchmarks.md).
bench-cluster: install
	$(BIN)/python benchmarks/cluster.py

eval-reprints: install
	$(BIN)/newsdesk eval reprints ../shared/data/clustering/ecbplus-dev.jsonl

eval-clustering: install
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/ecbplus-dev.jsonl
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/googlenews-news.jsonl
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/googlenews-news-t.jsonl

# Rebuild the shipped background document frequencies of the clusterer.
background: install
	$(BIN)/python benchmarks/build_background.py

# Rebuild the sample WARC from examples/warc-src/ after editing a page there.
warc: install
	$(BIN)/python examples/build_warc.py

clean:
	rm -rf $(VENV) .newsdesk .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
