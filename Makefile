# Set-up and everyday commands. Each target installs what it needs into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint lint-imports bench eval clean

# torch first, pinned: the CPU build on this machine's disk. Left to resolve it from the `ner` extra,
# pip could take a CUDA build of several GB.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,dask,ner,natasha,fast,postgres]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/caspian demo

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n 2 --dist worksteal

# The unit tests alone: no transformer, no subprocesses (about 27 s on 2 cores).
test-fast: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist worksteal -m "not slow"

lint-imports: $(STAMP)
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

eval: $(STAMP)
	$(BIN)/caspian eval gold ../shared/seeds/gold
	$(BIN)/caspian eval gold src/caspian/data/sample/gold

bench: $(STAMP)
	$(BIN)/caspian bench ingest --n 2000 --workers 2

clean:
	rm -rf $(VENV) caspian.db caspian.db-wal caspian.db-shm .pytest_cache .ruff_cache
