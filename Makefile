# Two commands do all the set-up on a fresh machine:
#   make run    build .venv, extract every document under corpus/ to out/corpus.jsonl and the store
#               out/corpus.db, score the seeds
#   make test   build .venv, lint, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench schema model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/vngov extract corpus -o out/corpus.jsonl
	$(BIN)/python benchmarks/summary.py out/corpus.jsonl
	$(BIN)/vngov extract corpus --db out/corpus.db
	$(BIN)/vngov eval corpus/seeds

lint: $(STAMP)
	$(BIN)/ruff check extractor schemas tests benchmarks
	$(BIN)/lint-imports  # the layer contracts of pyproject.toml ([tool.importlinter])

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_linear.py
	$(BIN)/python benchmarks/ablation.py
	$(BIN)/python benchmarks/bench_dask.py

# Rebuild the shipped entity model from ../shared/corpus/news_bench.jsonl (about 15 minutes on 2 cores).
model: $(STAMP)
	$(BIN)/vngov train --corpus ../shared/corpus/news_bench.jsonl --exclude corpus/train_exclude.ids

schema: $(STAMP)
	$(BIN)/python -m schemas

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
