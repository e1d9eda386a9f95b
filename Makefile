# The targets the README names. Everything installs into .venv through pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := .newsdesk/demo.db
DEMO_OUT := .newsdesk/briefings

.PHONY: install browser demo test lint bench bench-cluster bench-claims bench-run eval-reprints eval-clustering eval-attribution \
	eval-quantities train-attribution units background warc serve bench-web clean

$(BIN)/newsdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/newsdesk

# The main job on the bundled sample corpus: ingest, cluster, extract, reconcile and write the briefings into
# $(DEMO_OUT) (open index.html), then print the Kursk story's briefing.
demo: install
	rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_OUT)
	$(BIN)/newsdesk --db $(DEMO_DB) run examples/corpus --out $(DEMO_OUT)
	$(BIN)/newsdesk --db $(DEMO_DB) stories
	$(BIN)/newsdesk --db $(DEMO_DB) brief s_5bffde86

# The browser tests drive Debian's Chromium (Playwright never downloads a browser); installed when missing.
browser:
	@test -x /usr/bin/chromium || { \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }

test: install browser
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

# The claim stage as the product runs it: ~600-word articles in a SQLite store, one core (docs/benchmarks.md).
bench-claims: install
	$(BIN)/python benchmarks/claims.py

# The main job end to end on one core: the sample corpus, then 1,000 news articles (docs/benchmarks.md).
bench-run: install
	$(BIN)/python benchmarks/run.py

# The web app's story and stories pages with 10,000 articles in the store, 20 concurrent clients (docs/benchmarks.md).
bench-web: install
	$(BIN)/python benchmarks/web.py

# The web app over the demo store (run make demo first): http://127.0.0.1:8000/
serve: install
	$(BIN)/newsdesk --db $(DEMO_DB) serve

eval-reprints: install
	$(BIN)/newsdesk eval reprints ../shared/data/clustering/ecbplus-dev.jsonl

eval-clustering: install
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/ecbplus-dev.jsonl
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/googlenews-news.jsonl
	$(BIN)/newsdesk eval clustering ../shared/data/clustering/googlenews-news-t.jsonl

eval-attribution: install
	$(BIN)/newsdesk eval attribution ../shared/data/attribution/polnear-dev.jsonl

eval-quantities: install
	$(BIN)/newsdesk eval quantities ../shared/data/quantities/newsquant-dev.json
	for set in age currency dimension temperature; do \
		$(BIN)/newsdesk eval quantities ../shared/data/quantities/recognizers-$$set.json; done

# Retrain the shipped attribution model on PolNeAR's training months (docs/claims.md); needs the train extra.
train-attribution: install
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m newsdesk.claims.attribution_training \
		--train ../shared/data/attribution/polnear-train.jsonl --out src/newsdesk/claims/data

# Rebuild the shipped unit table (claims/data/units.json) from quantulum3's unit database.
units: install
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m newsdesk.claims.units

# Rebuild the shipped background document frequencies of the clusterer.
background: install
	$(BIN)/python benchmarks/build_background.py

# Rebuild the sample WARC from examples/warc-src/ after editing a page there.
warc: install
	$(BIN)/python examples/build_warc.py

clean:
	rm -rf $(VENV) .newsdesk .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
