# Set-up and everyday commands. Each target installs what it needs into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/caspian demo

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

eval: $(STAMP)
	$(BIN)/caspian eval gold ../shared/seeds/gold
	$(BIN)/caspian eval gold src/caspian/data/sample/gold

bench: $(STAMP)
	$(BIN)/caspian bench ingest --n 2000 --workers 2

clean:
	rm -rf $(VENV) caspian.db caspian.db-wal caspian.db-shm .pytest_cache .ruff_cache
