# casenotes: `make run` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-faults bench bench-load eval lint format clean fuzzy-words

# The virtualenv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,browser]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assistant seed-demo --if-empty
	$(BIN)/assistant serve

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

# Fault tests alone: SIGKILL mid-burst, disk full, worker crash, edit conflicts, backup under load.
test-faults: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m fault tests/faults

bench: $(STAMP)
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.chat

# 10, 50 and 200 simulated officers against a server on a fresh database; stops by itself.
bench-load: $(STAMP)
	$(BIN)/python -m bench.load

# Behavioural suite (templates x lexicons, tests/behaviour/): pass rate per capability.
eval: $(STAMP)
	$(BIN)/python tests/behaviour/report.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy assistant nlp storage

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After editing a vocabulary: regenerate the common words fuzzy matching must leave alone.
fuzzy-words: $(STAMP)
	$(BIN)/python scripts/fuzzy_protected.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
